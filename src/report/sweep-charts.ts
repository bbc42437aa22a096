/**
 * The SVG figures of the sweep report: a histogram of one object's availability per scenario, the
 * CDF of its times to recover per scenario, and the point-and-interval plot of the paired
 * differences. Plain SVG with presentation attributes (the page's CSP allows no inline style).
 */
import { bin, max, min } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { escapeHtml, formatDuration } from './format.js';

/** A colour per scenario (Okabe–Ito, readable by colour-blind readers). */
export const SCENARIO_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];
const colour = (i: number): string => SCENARIO_COLOURS[i % SCENARIO_COLOURS.length];
const W = 460;
const H = 150;
const L = 44;
const R = 12;
const T = 10;
const B = 28;
const r1 = (v: number): string => String(Math.round(v * 10) / 10);
/** Room for the row labels of the interval plot (variant − baseline · object). */
const LABEL_W = 400;

/** Decimals that tell ticks (fractions shown as percentages) apart. */
function digitsFor(ticks: number[]): number {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) * 100 : 1;
  return Math.min(8, Math.max(0, Math.ceil(-Math.log10(step))));
}

function frame(body: string, xLabels: string, title: string): string {
  return `<svg class="cost" viewBox="0 0 ${W} ${H}" width="${W}" role="img" aria-label="${escapeHtml(title)}">`
    + `<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#999"/>${body}${xLabels}</svg>`;
}

/** Histogram of availability values (one series per scenario, as outlined bars side by side). */
export function histogramSvg(series: Array<{ name: string; values: number[] }>, title: string): string {
  const all = series.flatMap((s) => s.values);
  const lo = Math.min(min(all) ?? 0, 1 - 1e-6);
  const x = scaleLinear().domain([lo, 1]).range([L, W - R]);
  const thresholds = x.ticks(20);
  const binsOf = (vs: number[]) => bin().domain([lo, 1 + 1e-12]).thresholds(thresholds)(vs);
  const bins = series.map((s) => binsOf(s.values));
  const top = max(bins.flat(), (b) => b.length) ?? 1;
  const y = scaleLinear().domain([0, top]).range([H - B, T]);
  const bars = bins.flatMap((bs, i) => bs.map((b) => {
    const x0 = x(b.x0!);
    const w = Math.max(1, (x(b.x1!) - x0) / series.length - 1);
    return b.length === 0 ? '' : `<rect x="${r1(x0 + i * w)}" y="${r1(y(b.length))}" width="${r1(w)}" height="${r1(H - B - y(b.length))}" fill="${colour(i)}" fill-opacity="0.75"><title>${escapeHtml(series[i].name)}: ${b.length} seeds in [${b.x0}, ${b.x1})</title></rect>`;
  })).join('');
  const ticks = x.ticks(5);
  const labels = ticks.map((t) => `<text class="axt" x="${r1(x(t))}" y="${H - B + 14}" text-anchor="middle">${(t * 100).toFixed(digitsFor(ticks))}%</text>`).join('')
    + `<text class="axt" x="${L - 4}" y="${T + 8}" text-anchor="end">${top}</text><text class="axt" x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`;
  return frame(bars, labels, title);
}

/** Round lengths a reader knows (seconds, label), for a log time axis: powers of ten read badly as 16m 40s, 2h 46m. */
const ROUND_LENGTHS: Array<[number, string]> = [[1, '1 s'], [10, '10 s'], [60, '1 min'], [600, '10 min'], [3600, '1 h'], [6 * 3600, '6 h'],
  [86_400, '1 d'], [7 * 86_400, '7 d'], [30 * 86_400, '30 d']];

/** Ticks (log10 seconds, label) of a log time axis over [d0, d1] (log10 seconds). */
function timeTicks([d0, d1]: number[]): Array<[number, string]> {
  const round = ROUND_LENGTHS.map(([s, text]): [number, string] => [Math.log10(s), text]).filter(([e]) => e >= d0 && e <= d1);
  if (round.length >= 2) return round;
  // A narrow axis (under a factor of 10 between two round lengths): its two ends.
  return [d0, d1].map((e): [number, string] => [e, formatDuration(10 ** e)]);
}

/** Empirical CDF of times to recover (seconds), one step line per scenario; a log time axis. */
export function cdfSvg(series: Array<{ name: string; values: number[] }>, title: string): string {
  const all = series.flatMap((s) => s.values).filter((v) => v > 0);
  if (all.length === 0) return '<p class="note">No outage recovered in any seed.</p>';
  const x = scaleLinear().domain([Math.log10(min(all)!), Math.log10(Math.max(max(all)!, min(all)! * 10))]).range([L, W - R]);
  const y = scaleLinear().domain([0, 1]).range([H - B, T]);
  const lines = series.map((s, i) => {
    const vs = s.values.filter((v) => v > 0).sort((a, b) => a - b);
    if (vs.length === 0) return '';
    let d = `M${r1(x(Math.log10(vs[0])))},${r1(y(0))}`;
    vs.forEach((v, k) => {
      d += `V${r1(y((k + 1) / vs.length))}`;
      if (k + 1 < vs.length) d += `H${r1(x(Math.log10(vs[k + 1])))}`;
    });
    return `<path d="${d}" fill="none" stroke="${colour(i)}" stroke-width="1.6"><title>${escapeHtml(s.name)}: ${vs.length} recoveries</title></path>`;
  }).join('');
  const labels = timeTicks(x.domain()).map(([e, text]) => `<text class="axt" x="${r1(x(e))}" y="${H - B + 14}" text-anchor="middle">${escapeHtml(text)}</text>`).join('')
    + `<text class="axt" x="${L - 4}" y="${T + 8}" text-anchor="end">1</text><text class="axt" x="${L - 4}" y="${H - B}" text-anchor="end">0</text>`;
  return frame(lines, labels, title);
}

/** Point and 95 % interval per row (paired differences), with the zero line. */
export function intervalSvg(rows: Array<{ label: string; mean: number; ci: [number, number] | null; colour: number }>): string {
  const h = 22 * rows.length + 34;
  const ext = rows.flatMap((r) => (r.ci ? [...r.ci, r.mean] : [r.mean]));
  const span = Math.max(1e-9, ...ext.map(Math.abs));
  const x = scaleLinear().domain([-span, span]).range([LABEL_W, LABEL_W + W - L - R]).nice();
  const marks = rows.map((r, k) => {
    const yv = 16 + 22 * k;
    const bar = r.ci ? `<line x1="${r1(x(r.ci[0]))}" x2="${r1(x(r.ci[1]))}" y1="${yv}" y2="${yv}" stroke="${colour(r.colour)}" stroke-width="2"/>` : '';
    return `<text class="lbl" x="4" y="${yv + 4}">${escapeHtml(r.label)}</text>${bar}<circle cx="${r1(x(r.mean))}" cy="${yv}" r="4" fill="${colour(r.colour)}"><title>${escapeHtml(r.label)}: ${(r.mean * 100).toFixed(4)} %</title></circle>`;
  }).join('');
  const ticks = x.ticks(5);
  const axis = ticks.map((t) => `<text class="axt" x="${r1(x(t))}" y="${h - 6}" text-anchor="middle">${(t * 100).toFixed(digitsFor(ticks))}%</text>`).join('');
  return `<svg class="cost" viewBox="0 0 ${LABEL_W + W - L} ${h}" width="${LABEL_W + W - L}" role="img" aria-label="paired differences">`
    + `<line x1="${r1(x(0))}" x2="${r1(x(0))}" y1="4" y2="${h - 20}" stroke="#999" stroke-dasharray="3 3"/>${marks}${axis}</svg>`;
}
