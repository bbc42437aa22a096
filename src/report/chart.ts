/**
 * One object's chart: the step functions of `desired`, `reported`, `ready` and, for a Service,
 * `endpoints` and `serving` over [0, duration], with the fault windows shaded behind them, the
 * outages (intervals below the SLO, as summary.json counts them) marked in red. Drawn as an SVG string with d3-scale and d3-shape.
 */
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { SEC } from '../kernel/time.js';
import { DESIRED, ENDPOINTS, READY, REPORTED, SERVING, WIDTH as ROW, type ObjectSeries } from '../metrics/availability.js';
import { scanSlo, type ObjectSummary, type Outage } from '../metrics/summary.js';
import { escapeHtml, formatClock, formatDuration, formatPercent } from './format.js';
import { AXIS_HEIGHT, MARGIN_LEFT, PLOT_WIDTH, WIDTH, px, timeAxis, type TimeFrame } from './frame.js';
import { simplifySteps, stepPoints, type StepPoint } from './simplify.js';

/** SVG height of a chart. */
const HEIGHT = 128;
const TOP = 10;
const BOTTOM = HEIGHT - AXIS_HEIGHT - 2;

/** The lines of a chart, drawn in this order (the widest first, so coinciding lines stay visible). */
export const SERIES: ReadonlyArray<{ col: number; name: string; services: boolean; workloads: boolean }> = [
  { col: DESIRED, name: 'desired', services: true, workloads: true },
  { col: REPORTED, name: 'reported', services: true, workloads: true },
  { col: ENDPOINTS, name: 'endpoints', services: true, workloads: false },
  { col: READY, name: 'ready', services: true, workloads: true },
  { col: SERVING, name: 'serving', services: true, workloads: false },
];

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
}

/** Where the fault shading of a chart goes (y from, y to). */
export const CHART_PLOT = { top: TOP, bottom: BOTTOM } as const;

/** Renders the chart card of one object; `sloMinReady` and `explicitSlo` say what its objective is. */
export function renderChart(s: ObjectSeries, o: ObjectSummary, id: string, explicitSlo: boolean, ctx: ChartContext): Chart {
  const { frame, endUs } = ctx;
  const drawn = SERIES.filter((d) => (s.isService ? d.services : d.workloads));
  let maxV = 1;
  for (let r = 0; r < s.times.length; r++) for (const d of drawn) maxV = Math.max(maxV, s.values[r * ROW + d.col]);
  const y = scaleLinear().domain([0, maxV]).range([BOTTOM, TOP + 4]);
  const path = line<StepPoint>().x((p) => frame.x(p.t / SEC)).y((p) => y(p.v)).curve(curveStepAfter).digits(1);
  let simplified = false;
  const lines = drawn.map((d) => {
    const r = simplifySteps(stepPoints(s.times, s.values, ROW, d.col), endUs, PLOT_WIDTH);
    simplified ||= r.simplified;
    const pts = [...r.points, { t: endUs, v: r.points[r.points.length - 1].v }];
    return `<path class="s-${d.name}" d="${path(pts)}"><title>${d.name}</title></path>`;
  });
  const scan = scanSlo(s, endUs, o.sloMinReady);
  const marks: string[] = [];
  for (const m of outageMarks(scan.outages, frame)) {
    const w = px(Math.max(1, m.x1 - m.x0));
    // The bar above the plot stays visible however short the outage and whatever the lines do.
    const bar = px(Math.max(2, m.x1 - m.x0));
    marks.push(`<g class="outage"><rect class="outage-fill" x="${px(m.x0)}" y="${TOP}" width="${w}" height="${BOTTOM - TOP}"/><rect class="outage-bar" x="${px(m.x0)}" y="${TOP - 6}" width="${bar}" height="4"/><title>${m.text}</title></g>`);
  }
  const svg = `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(`${s.key}: replicas over time`)}">`
    + ctx.faultBands + marks.join('') + yAxis(y, maxV) + timeAxis(frame, BOTTOM, TOP) + `<g class="lines">${lines.join('')}</g></svg>`;
  return { html: `<figure class="card${badgeClass(o, explicitSlo)}" id="${id}">${caption(s, o, explicitSlo)}${svg}</figure>`, simplified };
}

/**
 * One mark per outage; outages closer than a pixel merge into one mark (a long flapping run would
 * otherwise embed thousands of marks no one can tell apart).
 */
function outageMarks(outages: readonly Outage[], frame: TimeFrame): Array<{ x0: number; x1: number; text: string }> {
  const groups: Array<{ x0: number; x1: number; list: Outage[] }> = [];
  for (const o of outages) {
    const x0 = frame.x(o.startUs / SEC);
    const x1 = frame.x(o.endUs / SEC);
    const last = groups[groups.length - 1];
    if (last && x0 - last.x1 < 1) {
      last.x1 = x1;
      last.list.push(o);
    } else groups.push({ x0, x1, list: [o] });
  }
  return groups.map(({ x0, x1, list }) => {
    const first = list[0];
    const end = list[list.length - 1];
    const downS = list.reduce((sum, o) => sum + (o.endUs - o.startUs), 0) / SEC;
    const until = end.open ? 'end of run (open)' : formatClock(end.endUs / SEC);
    const text = list.length === 1
      ? `outage ${formatClock(first.startUs / SEC)} → ${until} (${formatDuration(downS)})`
      : `${list.length} outages ${formatClock(first.startUs / SEC)} → ${until}, ${formatDuration(downS)} below the objective in all`;
    return { x0, x1, text };
  });
}

function yAxis(y: (v: number) => number, maxV: number): string {
  const ticks = maxV <= 5 ? Array.from({ length: maxV + 1 }, (_, i) => i) : scaleLinear().domain([0, maxV]).ticks(4).filter(Number.isInteger);
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

function caption(s: ObjectSeries, o: ObjectSummary, explicitSlo: boolean): string {
  const slash = s.key.indexOf('/');
  const kind = slash > 0 ? s.key.slice(0, slash) : '';
  const name = slash > 0 ? s.key.slice(slash + 1) : s.key;
  const objective = o.sloMinReady === null ? 'all desired' : `≥ ${o.sloMinReady}`;
  const st = sloState(o, explicitSlo);
  const badge = st === 'ok' ? `<span class="badge ok">${formatPercent(o.availability.slo)}</span>`
    : `<span class="badge ${st}" title="${st === 'miss' ? 'SLO missed' : 'below all desired (no SLO set)'}">${formatPercent(o.availability.slo)} · ${o.outages} outage${o.outages === 1 ? '' : 's'}</span>`;
  return `<figcaption><span class="kind">${escapeHtml(kind)}</span> <span class="name">${escapeHtml(name)}</span>`
    + `<span class="obj">${explicitSlo ? `SLO ${objective}` : `objective ${objective}`}</span>${badge}</figcaption>`;
}
