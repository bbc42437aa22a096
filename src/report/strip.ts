/**
 * One row of the control-plane strip: a band of ok / degraded / down intervals with the holder
 * (e.g. `cp-2`) in each interval's tooltip and, where it fits, written on it. A strip with more
 * intervals than pixel columns is drawn per column: the state that held longest fills the
 * column, and a worse state that occurred only briefly leaves a thin mark on top, so brief
 * leader losses neither vanish nor paint hours red.
 */
import { SEC } from '../kernel/time.js';
import type { Strip, StripInterval } from '../world/result.js';
import { escapeHtml, formatClock, formatDuration } from './format.js';
import { MARGIN_LEFT, PLOT_WIDTH, px, spanAttrs, type TimeFrame } from './frame.js';

type State = StripInterval['state'];
const STATES: readonly State[] = ['ok', 'degraded', 'down'];
const LABEL = 12;
const BAND = 10;
/** Height of a strip row (label and band). */
export const STRIP_ROW = LABEL + BAND + 4;
/** Rough width of a character of the 8-unit label font, to fit labels without measuring. */
const CHAR = 5;

/** A drawn cell: an exact interval, or a run of pixel columns. */
interface Cell {
  startUs: number;
  endUs: number;
  state: State;
  /** The holder, when the cell is one interval. */
  label: string | null;
  /** A worse state that occurred within the cell without being its longest. */
  minor: State | null;
  timeUs: Record<State, number>;
  /** Intervals that start inside the cell. */
  changes: number;
}

/** Draws one strip at `top`; says whether it had to be drawn per pixel column. */
export function renderStrip(strip: Strip, f: TimeFrame, top: number): { svg: string; simplified: boolean } {
  const simplified = strip.intervals.length > PLOT_WIDTH;
  const cells = simplified ? byColumn(strip.intervals, f) : strip.intervals.map(exact);
  const y = top + LABEL;
  // Trouble is drawn last and at least 1.5 units wide: a one-second leader loss in a day-long
  // run must still show.
  const order = [...cells.filter((c) => c.state === 'ok'), ...cells.filter((c) => c.state !== 'ok')];
  const rects = order.map((c) => {
    const x0 = f.x(c.startUs / SEC);
    const w = Math.max(c.state === 'ok' ? 0.5 : 1.5, f.x(c.endUs / SEC) - x0);
    const span = `${formatClock(c.startUs / SEC)} → ${formatClock(c.endUs / SEC)} (${formatDuration((c.endUs - c.startUs) / SEC)})`;
    const total = c.endUs - c.startUs || 1;
    const shares = STATES.filter((s) => c.timeUs[s] > 0).map((s) => `${s} ${((100 * c.timeUs[s]) / total).toFixed(1)}%`).join(', ');
    const tip = c.label !== null ? `${strip.name}: ${c.label}, ${span}` : `${strip.name}, ${span}: ${shares} (${c.changes} changes)`;
    const fits = c.label !== null && w >= c.label.length * CHAR + 6;
    const [s0, s1, min] = [c.startUs / SEC, c.endUs / SEC, c.state === 'ok' ? 0.5 : 1.5];
    // The script shows a holder's name only where it fits the zoomed interval (script.ts).
    return `<g class="iv ${c.state}"><title>${escapeHtml(tip)}</title><rect x="${px(x0)}" y="${y}" width="${px(w)}" height="${BAND}"${spanAttrs(s0, s1, min)}/>`
      + (c.minor ? `<rect class="minor ${c.minor}" x="${px(x0)}" y="${y}" width="${px(w)}" height="3"${spanAttrs(s0, s1, min)}/>` : '')
      + (c.label !== null ? `<text class="ivlabel" x="${px(x0 + 3)}" y="${y + 8}"${spanAttrs(s0, s1)}${fits ? '' : ' visibility="hidden"'}>${escapeHtml(c.label)}</text>` : '') + '</g>';
  });
  return {
    svg: `<g class="strip" data-strip="${escapeHtml(strip.name)}"><text class="rowlabel" x="${MARGIN_LEFT}" y="${top + 10}">${escapeHtml(strip.name)}</text>${rects.join('')}</g>`,
    simplified,
  };
}

function exact(iv: StripInterval): Cell {
  const timeUs = { ok: 0, degraded: 0, down: 0 };
  timeUs[iv.state] = iv.endUs - iv.startUs;
  return { startUs: iv.startUs, endUs: iv.endUs, state: iv.state, label: iv.label, minor: null, timeUs, changes: 1 };
}

/** Per pixel column: time in each state, the single interval's label if only one covers it; equal neighbours merged. */
function byColumn(intervals: readonly StripInterval[], f: TimeFrame): Cell[] {
  const colUs = (f.durationS * SEC) / PLOT_WIDTH;
  const bound = (c: number) => Math.round(c * colUs);
  const cols: Cell[] = [];
  const touches = new Array<number>(PLOT_WIDTH).fill(0);
  for (const iv of intervals) {
    const c0 = Math.min(PLOT_WIDTH - 1, Math.floor(iv.startUs / colUs));
    const c1 = Math.min(PLOT_WIDTH - 1, Math.max(c0, Math.ceil(iv.endUs / colUs) - 1));
    for (let c = c0; c <= c1; c++) {
      const cell = (cols[c] ??= { startUs: bound(c), endUs: bound(c + 1), state: iv.state, label: iv.label, minor: null, timeUs: { ok: 0, degraded: 0, down: 0 }, changes: 0 });
      // A column crossed by one interval keeps its holder; a second interval makes it mixed.
      if (++touches[c] > 1) cell.label = null;
      cell.timeUs[iv.state] += Math.max(0, Math.min(iv.endUs, cell.endUs) - Math.max(iv.startUs, cell.startUs));
      if (c === c0) cell.changes++;
    }
  }
  const out: Cell[] = [];
  for (const cell of cols) {
    if (!cell) continue;
    settle(cell);
    const last = out[out.length - 1];
    const same = last && last.endUs === cell.startUs && last.state === cell.state && last.minor === cell.minor && last.label === cell.label;
    if (!same) {
      out.push(cell);
      continue;
    }
    last.endUs = cell.endUs;
    last.changes += cell.changes;
    for (const s of STATES) last.timeUs[s] += cell.timeUs[s];
  }
  return out;
}

/** Sets a column's state (the longest held) and its minor mark (the worst state otherwise seen). */
function settle(cell: Cell): void {
  cell.state = STATES.reduce((a, b) => (cell.timeUs[b] > cell.timeUs[a] ? b : a));
  const worse = STATES.filter((s) => cell.timeUs[s] > 0 && STATES.indexOf(s) > STATES.indexOf(cell.state));
  cell.minor = worse.length > 0 ? worse[worse.length - 1] : null;
}
