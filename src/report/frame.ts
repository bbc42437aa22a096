/**
 * The geometry every time-based SVG of the page shares (object charts, the fault and
 * control-plane timeline, the zoom overview): the same width, margins and time scale, so that at
 * the same rendered width their time axes line up exactly. The page's script zooms all of them
 * together (script.ts): it moves what carries `data-s0`/`data-s1` (seconds) and redraws the
 * lines from their corners, so everything time-based is drawn here in whole-run coordinates.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { timeTicks, type AxisUnit } from './format.js';

/** The SVG coordinate width of every time-based figure. */
export const WIDTH = 1000;
/** Left margin: room for the y-axis labels of the charts. */
export const MARGIN_LEFT = 34;
/** Right margin: room for the last tick label. */
export const MARGIN_RIGHT = 14;
/** Width of the plotting area: also the number of pixel columns a series is simplified to. */
export const PLOT_WIDTH = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/** Height of the time axis under a plot (ticks and labels). */
export const AXIS_HEIGHT = 17;
/** Intervals of a time axis at most (labels like `112d 03:10` need about 60 units). */
export const MAX_TICKS = 10;
/** The id of the clip path (defined once in the page) that keeps zoomed drawing inside the plot. */
export const CLIP_ID = 'kb-clip';

/** The time scale of a run: seconds in [0, durationS] → x in the plotting area. */
export interface TimeFrame {
  durationS: number;
  x: ScaleLinear<number, number>;
  unit: AxisUnit;
  ticks: Array<{ s: number; label: string }>;
}

/** Builds the time frame of a run that lasted `durationS` seconds. */
export function timeFrame(durationS: number): TimeFrame {
  const span = durationS > 0 ? durationS : 1;
  const x = scaleLinear().domain([0, span]).range([MARGIN_LEFT, MARGIN_LEFT + PLOT_WIDTH]);
  const { unit, ticks } = timeTicks(0, span, MAX_TICKS);
  return { durationS: span, x, unit, ticks };
}

/** Rounds a coordinate to 0.1 for compact, stable SVG text. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Rounds seconds to the microsecond for `data-s0`/`data-s1` (the simulation's resolution). */
export function sec(s: number): string {
  return String(Math.round(s * 1e6) / 1e6);
}

/**
 * The attributes by which the script re-places a time-based element when zooming: its start and
 * end in seconds and the least width it keeps (so a one-second event stays visible in a year).
 */
export function spanAttrs(s0: number, s1: number, minWidth = 0): string {
  return ` data-s0="${sec(s0)}" data-s1="${sec(s1)}"${minWidth > 0 ? ` data-min="${minWidth}"` : ''}`;
}

/** A rect over [s0, s1] in the frame, at least `minWidth` wide, that the script re-places when zooming. */
export function spanRect(f: TimeFrame, s0: number, s1: number, y: number, h: number, minWidth: number, cls: string): string {
  const x0 = f.x(s0);
  return `<rect class="${cls}" x="${px(x0)}" y="${px(y)}" width="${px(Math.max(minWidth, f.x(s1) - x0))}" height="${px(h)}"${spanAttrs(s0, s1, minWidth)}/>`;
}

/**
 * The time axis at y = `y0` (the bottom of a plot): a base line, and ticks with labels (optional
 * grid lines up to `gridTop`) in a `g.ticks` that the script redraws for the zoomed domain.
 */
export function timeAxis(f: TimeFrame, y0: number, gridTop: number | null): string {
  return `<g class="xaxis" data-y0="${px(y0)}"${gridTop === null ? '' : ` data-grid="${px(gridTop)}"`}><g class="ticks">${ticks(f, y0, gridTop)}</g>`
    + `<line class="axis" x1="${MARGIN_LEFT}" x2="${MARGIN_LEFT + PLOT_WIDTH}" y1="${px(y0)}" y2="${px(y0)}"/></g>`;
}

function ticks(f: TimeFrame, y0: number, gridTop: number | null): string {
  const parts: string[] = [];
  const right = MARGIN_LEFT + PLOT_WIDTH;
  for (const t of f.ticks) {
    const xv = f.x(t.s);
    const x = px(xv);
    if (gridTop !== null) parts.push(`<line class="gridline" x1="${x}" x2="${x}" y1="${px(gridTop)}" y2="${px(y0)}"/>`);
    parts.push(`<line class="tick" x1="${x}" x2="${x}" y1="${px(y0)}" y2="${px(y0 + 3)}"/>`);
    const anchor = xv <= MARGIN_LEFT + 1 ? 'start' : xv >= right - 10 ? 'end' : 'middle';
    parts.push(`<text class="tl" x="${x}" y="${px(y0 + 13)}" text-anchor="${anchor}">${t.label}</text>`);
  }
  return parts.join('');
}
