/**
 * The geometry every time-based SVG of the page shares (object charts and the fault and
 * control-plane timeline): the same width, margins and time scale, so that at the same rendered
 * width their time axes line up exactly.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import { timeTicks, type AxisUnit } from './format.js';

/** The SVG coordinate width of every time-based figure. */
export const WIDTH = 480;
/** Left margin: room for the y-axis labels of the charts. */
export const MARGIN_LEFT = 34;
/** Right margin: room for the last tick label. */
export const MARGIN_RIGHT = 12;
/** Width of the plotting area: also the number of pixel columns a series is simplified to. */
export const PLOT_WIDTH = WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
/** Height of the time axis under a plot (ticks and labels). */
export const AXIS_HEIGHT = 17;

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
  const { unit, ticks } = timeTicks(span, 6);
  return { durationS: span, x, unit, ticks };
}

/** Rounds a coordinate to 0.1 for compact, stable SVG text. */
export function px(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** The time axis at y = `y0` (the bottom of a plot): a base line, tick marks and labels; optional grid lines up to `gridTop`. */
export function timeAxis(f: TimeFrame, y0: number, gridTop: number | null): string {
  const parts: string[] = [];
  const right = MARGIN_LEFT + PLOT_WIDTH;
  for (const t of f.ticks) {
    const x = px(f.x(t.s));
    if (gridTop !== null) parts.push(`<line class="gridline" x1="${x}" x2="${x}" y1="${px(gridTop)}" y2="${px(y0)}"/>`);
    parts.push(`<line class="tick" x1="${x}" x2="${x}" y1="${px(y0)}" y2="${px(y0 + 3)}"/>`);
    const xv = f.x(t.s);
    const anchor = xv <= MARGIN_LEFT + 1 ? 'start' : xv >= right - 10 ? 'end' : 'middle';
    parts.push(`<text class="tl" x="${x}" y="${px(y0 + 13)}" text-anchor="${anchor}">${t.label}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN_LEFT}" x2="${right}" y1="${px(y0)}" y2="${px(y0)}"/>`);
  return `<g class="xaxis">${parts.join('')}</g>`;
}
