/**
 * The interval marks of an object chart, each a thin bar in its own row above the plot (visible
 * however short the interval, at any zoom) and a light fill behind the lines: outages (below the
 * objective, as summary.json counts them), black holes (a Service's `endpoints` above `serving`:
 * requests sent to pods that are not truly ready, design.md §4) and a shrunken `desired` (below
 * its value at t = 0: a DaemonSet whose node died, or a scale-down), which would otherwise hide
 * a loss, since availability is measured against the current `desired`.
 */
import { SEC } from '../kernel/time.js';
import { DESIRED, ENDPOINTS, SERVING, WIDTH as ROW, type ObjectSeries } from '../metrics/availability.js';
import { escapeHtml, formatClock, formatDuration } from './format.js';
import { spanRect, type TimeFrame } from './frame.js';

/** An interval of simulated time, in microseconds. */
export interface Span {
  startUs: number;
  endUs: number;
  /** Still on when the run ended. */
  open: boolean;
}

/** Spans of the rows (over [0, endUs]) for which `test(row)` holds. */
export function spansWhere(s: ObjectSeries, endUs: number, test: (row: number) => boolean): Span[] {
  const out: Span[] = [];
  let start = -1;
  for (let i = 0; i < s.times.length; i++) {
    const t = Math.max(0, s.times[i]);
    if (t >= endUs) break;
    const on = test(i);
    if (on && start < 0) start = t;
    else if (!on && start >= 0) {
      out.push({ startUs: start, endUs: t, open: false });
      start = -1;
    }
  }
  if (start >= 0) out.push({ startUs: start, endUs, open: true });
  return out;
}

/** Black holes of a Service: `endpoints` > `serving`. */
export function blackHoles(s: ObjectSeries, endUs: number): Span[] {
  return spansWhere(s, endUs, (r) => s.values[r * ROW + ENDPOINTS] > s.values[r * ROW + SERVING]);
}

/** `desired` in force at t = 0 (the last row at or before it). */
export function startDesired(s: ObjectSeries): number {
  let r = 0;
  while (r + 1 < s.times.length && s.times[r + 1] <= 0) r++;
  return s.values[r * ROW + DESIRED];
}

/** Spans in which `desired` is below `d0`. */
export function shrunk(s: ObjectSeries, endUs: number, d0: number): Span[] {
  return spansWhere(s, endUs, (r) => s.values[r * ROW + DESIRED] < d0);
}

/** What a kind of mark is called, where its bar goes and how its tooltip reads. */
export interface MarkKind {
  cls: string;
  barY: number;
  /** The tooltip of one span. */
  one: (span: string) => string;
  /** The tooltip of `n` spans merged into one mark (less than a pixel apart). */
  many: (n: number, span: string, totalS: number) => string;
}

/**
 * One mark per span; spans closer than a pixel of the whole run merge into one mark (a long
 * flapping run would otherwise embed thousands of marks no one can tell apart).
 */
export function renderMarks(spans: readonly Span[], kind: MarkKind, f: TimeFrame, fillTop: number, fillBottom: number): string {
  const groups: Array<{ x1: number; list: Span[] }> = [];
  for (const o of spans) {
    const last = groups[groups.length - 1];
    if (last && f.x(o.startUs / SEC) - last.x1 < 1) {
      last.x1 = f.x(o.endUs / SEC);
      last.list.push(o);
    } else groups.push({ x1: f.x(o.endUs / SEC), list: [o] });
  }
  return groups.map(({ list }) => {
    const [first, end] = [list[0], list[list.length - 1]];
    const [s0, s1] = [first.startUs / SEC, end.endUs / SEC];
    const totalS = list.reduce((sum, o) => sum + (o.endUs - o.startUs), 0) / SEC;
    const until = end.open ? 'end of run (open)' : formatClock(s1);
    const text = list.length === 1 ? kind.one(`${formatClock(s0)} → ${until} (${formatDuration(totalS)})`) : kind.many(list.length, `${formatClock(s0)} → ${until}`, totalS);
    return `<g class="${kind.cls}">${spanRect(f, s0, s1, fillTop, fillBottom - fillTop, 1, `${kind.cls}-fill`)}`
      + `${spanRect(f, s0, s1, kind.barY, 3, 2, `${kind.cls}-bar`)}<title>${escapeHtml(text)}</title></g>`;
  }).join('');
}
