/**
 * One object's chart: the step functions of `desired`, `reported`, `ready` and, for a Service,
 * `endpoints` and `serving` over [0, duration], with the fault windows shaded behind them and the
 * interval marks of marks.ts (outages, black holes, a shrunken `desired`) above. Equal values
 * would hide each other, so each series is drawn a few units above or below its value (OFFSET;
 * the legend says so). Drawn as an SVG string with d3-scale and d3-shape, in whole-run
 * coordinates; the page's script redraws the lines from their `data-t`/`data-y` corners when
 * zooming (script.ts).
 */
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { SEC } from '../kernel/time.js';
import { DESIRED, ENDPOINTS, READY, REPORTED, SERVING, WIDTH as ROW, type ObjectSeries } from '../metrics/availability.js';
import { scanSlo, type ObjectSummary } from '../metrics/summary.js';
import { escapeHtml, formatPercent } from './format.js';
import { AXIS_HEIGHT, CLIP_ID, MARGIN_LEFT, PLOT_WIDTH, WIDTH, px, sec, timeAxis, type TimeFrame } from './frame.js';
import { blackHoles, renderMarks, shrunk, startDesired, type MarkKind } from './marks.js';
import { simplifySteps, stepPoints, type StepPoint } from './simplify.js';

/** SVG height of a chart. */
const HEIGHT = 104;
/** Top of the plot; the three mark rows sit above it. */
const TOP = 15;
const BOTTOM = HEIGHT - AXIS_HEIGHT - 2;
/** Room kept inside the plot for the offsets, so that 0 and the maximum stay inside. */
const PAD = 7;

/** The lines of a chart, drawn in this order, each `dy` units off its value (up is negative). */
export const SERIES: ReadonlyArray<{ col: number; name: string; services: boolean; workloads: boolean; dy: number }> = [
  { col: DESIRED, name: 'desired', services: true, workloads: true, dy: -5 },
  { col: REPORTED, name: 'reported', services: true, workloads: true, dy: -2.5 },
  { col: READY, name: 'ready', services: true, workloads: true, dy: 0 },
  { col: ENDPOINTS, name: 'endpoints', services: true, workloads: false, dy: 2.5 },
  { col: SERVING, name: 'serving', services: true, workloads: false, dy: 5 },
];

const OUTAGE: MarkKind = {
  cls: 'outage', barY: 2,
  one: (span) => `outage ${span}: below the objective`,
  many: (n, span, s) => `${n} outages ${span}, ${formatSeconds(s)} below the objective in all`,
};
const HOLE: MarkKind = {
  cls: 'hole', barY: 6,
  one: (span) => `black hole ${span}: endpoints above serving — requests sent to pods that are not ready`,
  many: (n, span, s) => `${n} black holes ${span}, ${formatSeconds(s)} with endpoints above serving in all`,
};
const shrinkKind = (d0: number): MarkKind => ({
  cls: 'shrink', barY: 10,
  one: (span) => `desired below its start value ${d0} ${span}: its pods' nodes are gone (DaemonSet) or it was scaled down`,
  many: (n, span, s) => `desired below its start value ${d0} ${n} times ${span}, ${formatSeconds(s)} in all`,
});
const formatSeconds = (s: number) => `${Math.round(s * 10) / 10} s`;

/** What the page needs to know about one chart. */
export interface Chart {
  html: string;
  /** Some series had more changes than the chart has pixel columns and were simplified. */
  simplified: boolean;
}

/** Everything shared by the charts of one run. */
export interface ChartContext {
  frame: TimeFrame;
  endUs: number;
  /** The fault shading, the same for every chart (see faults.ts). */
  faultBands: string;
  /** The page opens on the objects below their objective: the others' cards start hidden. */
  onlyBelow: boolean;
}

/** Where the fault shading of a chart goes (y from, y to). */
export const CHART_PLOT = { top: TOP, bottom: BOTTOM } as const;

/** Renders the chart card of one object; `explicitSlo` says whether the scenario set its SLO. */
export function renderChart(s: ObjectSeries, o: ObjectSummary, id: string, explicitSlo: boolean, ctx: ChartContext): Chart {
  const { frame, endUs } = ctx;
  const drawn = SERIES.filter((d) => (s.isService ? d.services : d.workloads));
  let maxV = 1;
  for (let r = 0; r < s.times.length; r++) for (const d of drawn) maxV = Math.max(maxV, s.values[r * ROW + d.col]);
  const y = scaleLinear().domain([0, maxV]).range([BOTTOM - PAD, TOP + PAD]);
  let simplified = false;
  const lines = drawn.map((d) => {
    const path = line<StepPoint>().x((p) => frame.x(p.t / SEC)).y((p) => y(p.v) + d.dy).curve(curveStepAfter).digits(1);
    const r = simplifySteps(stepPoints(s.times, s.values, ROW, d.col), endUs, PLOT_WIDTH);
    simplified ||= r.simplified;
    const pts = [...r.points, { t: endUs, v: r.points[r.points.length - 1].v }];
    // The corners in seconds and plot units, from which the script redraws the line for a zoomed
    // domain in double precision (a transform of `d`, rounded to 0.1 unit of the whole run, would
    // misplace a step by up to half an hour in a year).
    const corners = ` data-t="${r.points.map((p) => sec(p.t / SEC)).join(' ')}" data-y="${r.points.map((p) => px(y(p.v) + d.dy)).join(' ')}"`;
    return `<path class="s-${d.name}" d="${path(pts)}"${corners}><title>${d.name}</title></path>`;
  });
  const d0 = startDesired(s);
  const shrinks = s.key.startsWith('job/') ? [] : shrunk(s, endUs, d0);
  const marks = renderMarks(scanSlo(s, endUs, o.sloMinReady).outages, OUTAGE, frame, TOP, BOTTOM)
    + (s.isService ? renderMarks(blackHoles(s, endUs), HOLE, frame, TOP, BOTTOM) : '')
    + renderMarks(shrinks, shrinkKind(d0), frame, TOP, BOTTOM);
  // The start value of a shrunken `desired`, as a reference the ready line can be read against.
  const start = shrinks.length > 0 ? `<line class="s-start" x1="${MARGIN_LEFT}" x2="${MARGIN_LEFT + PLOT_WIDTH}" y1="${px(y(d0))}" y2="${px(y(d0))}"><title>desired at the start: ${d0}</title></line>` : '';
  const svg = `<svg class="chart zoomable" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(`${s.key}: replicas over time`)}">`
    + yAxis(y, maxV) + timeAxis(frame, BOTTOM, TOP)
    + `<g clip-path="url(#${CLIP_ID})">${ctx.faultBands}${marks}<g class="lines">${start}${lines.join('')}</g></g></svg>`;
  const html = `<figure class="card row${badgeClass(o, explicitSlo)}" id="${id}"${hiddenAttr(o, explicitSlo, ctx)}>${caption(s, o, explicitSlo, d0, shrinks.length > 0)}${svg}</figure>`;
  return { html, simplified };
}

/** Cards of objects at their objective start hidden when the page opens on the others (html.ts). */
function hiddenAttr(o: ObjectSummary, explicitSlo: boolean, ctx: ChartContext): string {
  return ctx.onlyBelow && sloState(o, explicitSlo) === 'ok' ? ' hidden' : '';
}

function yAxis(y: (v: number) => number, maxV: number): string {
  const ticks = maxV <= 4 ? Array.from({ length: maxV + 1 }, (_, i) => i) : scaleLinear().domain([0, maxV]).ticks(3).filter(Number.isInteger);
  return `<g class="yaxis">${ticks.map((v) => `<line class="gridline" x1="${MARGIN_LEFT}" x2="${MARGIN_LEFT + PLOT_WIDTH}" y1="${px(y(v))}" y2="${px(y(v))}"/><text class="tl" x="${MARGIN_LEFT - 4}" y="${px(y(v) + 3)}" text-anchor="end">${v}</text>`).join('')}</g>`;
}

/** `miss` (an SLO of the scenario missed), `below` (no SLO, not all desired all the time), or nothing. */
export function sloState(o: ObjectSummary, explicitSlo: boolean): 'miss' | 'below' | 'ok' {
  if (o.availability.slo >= 1) return 'ok';
  return explicitSlo ? 'miss' : 'below';
}

function badgeClass(o: ObjectSummary, explicitSlo: boolean): string {
  const st = sloState(o, explicitSlo);
  return st === 'ok' ? '' : ` ${st}`;
}

function caption(s: ObjectSeries, o: ObjectSummary, explicitSlo: boolean, d0: number, shrank: boolean): string {
  const slash = s.key.indexOf('/');
  const kind = slash > 0 ? s.key.slice(0, slash) : '';
  const name = slash > 0 ? s.key.slice(slash + 1) : s.key;
  const objective = o.sloMinReady === null ? 'all desired' : `≥ ${o.sloMinReady} ready`;
  const st = sloState(o, explicitSlo);
  const badge = st === 'ok' ? `<span class="badge ok" title="time at the objective">${formatPercent(o.availability.slo)}</span>`
    : `<span class="badge ${st}" title="${st === 'miss' ? 'SLO missed' : 'below all desired (no SLO set)'}: time at the objective, outages">${formatPercent(o.availability.slo)} · ${o.outages} outage${o.outages === 1 ? '' : 's'}</span>`;
  const shrink = shrank ? `<span class="shrank" title="desired fell below its value at the start; availability counts against the current desired, so the bar marked 'desired below start' shows the loss">desired ${d0} at start, then less</span>` : '';
  return `<figcaption><span class="kind">${escapeHtml(kind)}</span><span class="name">${escapeHtml(name)}</span>`
    + `<span class="obj">${explicitSlo ? `SLO ${objective}` : `objective ${objective}`}</span>${badge}${shrink}</figcaption>`;
}
