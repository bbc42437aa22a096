/**
 * Fault windows for the page: each FaultRecord as an interval on the run's time axis (open-ended
 * ones run to the end, instantaneous ones — rollout, scale — are instants, skipped ones did
 * nothing), and the shaded bands the object charts draw behind their lines.
 */
import type { FaultRecord } from '../faults/injector.js';
import { isInstantaneous } from '../faults/types.js';
import { escapeHtml, formatClock, formatDuration } from './format.js';
import { px, spanAttrs, type TimeFrame } from './frame.js';

/** One fault as the page draws it. */
export interface FaultWindow {
  /** 1-based number, as in the faults table. */
  n: number;
  kind: string;
  target: string;
  startS: number;
  endS: number;
  /** Still in force when the run ended. */
  open: boolean;
  instant: boolean;
  skipped: string | null;
  origin: string;
}

/** The run's faults in record order, clipped to [0, durationS]. */
export function faultWindows(records: readonly FaultRecord[], durationS: number): FaultWindow[] {
  return records.map((f, i) => {
    const instant = isInstantaneous(f.kind);
    const endS = instant ? f.startS : Math.min(f.endS ?? durationS, durationS);
    return { n: i + 1, kind: f.kind, target: f.target, startS: f.startS, endS, open: !instant && f.endS === null, instant, skipped: f.skipped ?? null, origin: f.origin };
  });
}

/** The plain-text description of a fault (for tooltips; escape before use). */
export function faultText(f: FaultWindow): string {
  const when = f.instant ? `at ${formatClock(f.startS)}` : `${formatClock(f.startS)} → ${f.open ? 'end of run' : formatClock(f.endS)} (${formatDuration(f.endS - f.startS)})`;
  return `fault #${f.n}: ${f.kind} ${f.target}, ${when}${f.skipped ? ` — skipped: ${f.skipped}` : ''}`;
}

/** Above this many windows the charts shade their union instead of one band per fault. */
export const MAX_CHART_BANDS = 40;

/**
 * The fault shading of one object chart between y = top and y = bottom: one band per fault (with
 * its description as a tooltip) and a line per instantaneous fault; past `MAX_CHART_BANDS`
 * windows, their union at pixel resolution. Skipped faults draw nothing.
 */
export function faultBands(faults: readonly FaultWindow[], f: TimeFrame, top: number, bottom: number): string {
  const live = faults.filter((w) => w.skipped === null);
  const windows = live.filter((w) => !w.instant);
  const h = px(bottom - top);
  const parts: string[] = [];
  if (windows.length <= MAX_CHART_BANDS) {
    for (const w of windows) {
      const x0 = f.x(w.startS);
      const wd = Math.max(1, f.x(w.endS) - x0);
      parts.push(`<rect class="fault" x="${px(x0)}" y="${px(top)}" width="${px(wd)}" height="${h}"${spanAttrs(w.startS, w.endS, 1)}><title>${escapeHtml(faultText(w))}</title></rect>`);
    }
  } else {
    for (const [x0, x1, n] of union(windows.map((w) => [f.x(w.startS), f.x(w.endS)]))) {
      parts.push(`<rect class="fault merged" x="${px(x0)}" y="${px(top)}" width="${px(Math.max(1, x1 - x0))}" height="${h}"${spanAttrs(f.x.invert(x0), f.x.invert(x1), 1)}><title>${n} fault windows</title></rect>`);
    }
  }
  for (const w of live.filter((x) => x.instant).slice(0, MAX_CHART_BANDS)) {
    const x = px(f.x(w.startS));
    parts.push(`<line class="fault-instant" x1="${x}" x2="${x}" y1="${px(top)}" y2="${px(bottom)}"${spanAttrs(w.startS, w.startS)}><title>${escapeHtml(faultText(w))}</title></line>`);
  }
  return parts.join('');
}

/** Union of [x0, x1] intervals touching within half a pixel (so at most one per pixel), each with how many it merged. */
function union(spans: Array<[number, number]>): Array<[number, number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 0.5) {
      last[1] = Math.max(last[1], b);
      last[2]++;
    } else out.push([a, b, 1]);
  }
  return out;
}
