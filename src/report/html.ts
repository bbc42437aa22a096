/**
 * report.html: one self-contained page built from a run's data model (design.md §4) — header and
 * summary table, a chart per object (a row each, those below their objective shown first) under
 * one fault and control-plane timeline that shares their time axis and their zoom, the fault
 * list and a filterable events table. Inline SVG, CSS and a little script;
 * no network request of any kind (the Content Security Policy forbids every fetch, and allows only
 * the page's own style and script by hash). Every name from a manifest or scenario is escaped.
 * Deterministic: the same run gives the same bytes apart from the wall-clock figure.
 */
import { createHash } from 'node:crypto';
import { SEC } from '../kernel/time.js';
import type { ObjectSeries } from '../metrics/availability.js';
import type { ObjectSummary, SummaryJson } from '../metrics/summary.js';
import type { RunResult } from '../world/result.js';
import { COLOURS, CSS } from './assets.js';
import { CHART_PLOT, renderChart, sloState } from './chart.js';
import { renderEvents } from './events.js';
import { faultBands, faultWindows, MAX_CHART_BANDS } from './faults.js';
import { escapeHtml, formatCount } from './format.js';
import { CLIP_ID, MARGIN_LEFT, PLOT_WIDTH, sec, timeFrame, WIDTH } from './frame.js';
import { JS } from './script.js';
import { renderControlPlane, renderFaultTable, renderHeader, renderSummaryTable } from './tables.js';
import { renderOverview, renderTimeline } from './timeline.js';

export { escapeHtml } from './format.js';

/** Objects charted at most; past it, those with the most downtime (the table lists all). */
export const MAX_CHARTS = 100;

/** Renders the report page. */
export function renderReport(r: RunResult, s: SummaryJson): string {
  const durationS = r.durationUs / SEC;
  const frame = timeFrame(durationS);
  const faults = faultWindows(r.faults, durationS);
  const explicit = new Set(r.sloMinReady.keys());
  const series = r.availability.all();
  const summaries = new Map(s.objects.map((o) => [o.object, o]));
  const charted = chooseCharted(series, summaries, explicit);
  const ids = new Map(charted.map((i) => [series[i].key, `o${i}`]));
  const below = charted.filter((i) => sloState(summaries.get(series[i].key)!, explicit.has(series[i].key)) !== 'ok').length;
  // The page opens on the objects below their objective, when there are any.
  const onlyBelow = below > 0;
  const ctx = { frame, endUs: r.durationUs, faultBands: faultBands(faults, frame, CHART_PLOT.top, CHART_PLOT.bottom), onlyBelow };
  const charts = charted.map((i) => renderChart(series[i], summaries.get(series[i].key)!, `o${i}`, explicit.has(series[i].key), ctx));
  const timeline = renderTimeline(faults, r.strips, frame);
  const notes: string[] = [];
  if (charted.length < series.length) notes.push(`${formatCount(charted.length)} of ${formatCount(series.length)} objects are charted: those below their objective longest, then in table order; the summary table lists every object.`);
  const simplified = charts.filter((c) => c.simplified).length;
  if (simplified > 0) notes.push(`${formatCount(simplified)} chart${simplified === 1 ? ' has' : 's have'} more changes than the chart's ${PLOT_WIDTH} pixel columns and ${simplified === 1 ? 'is' : 'are'} drawn at that resolution (per column: the entering value, minimum, maximum and last value, so the step shape is exact at that resolution); availability.csv holds every change.`);
  if (timeline.simplified) notes.push(`Control-plane strips with more changes than pixel columns are drawn per column: the state held longest fills it, and a thin mark on top shows a worse state that occurred briefly (hover for the shares).`);
  if (faults.filter((f) => !f.instant && f.skipped === null).length > MAX_CHART_BANDS) notes.push(`With more than ${MAX_CHART_BANDS} fault windows the charts shade their union; the faults table lists each.`);

  const body = renderHeader(s, r.events.count, explicit)
    + `<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#faults">Faults</a><a href="#events">Events</a></nav>`
    + `<section id="summary"><h2>Summary</h2>${renderSummaryTable(s, explicit, ids)}<h2>Control plane</h2>${renderControlPlane(s)}</section>`
    + `<section id="charts"><h2>Replicas over time</h2>${legend(charted.length, below)}`
    + (notes.length > 0 ? `<p class="note">${notes.join(' ')}</p>` : '')
    + `<div class="tlrow"><div class="card row tlcard"><div class="tlhead">faults and control plane<br><span class="dim">the time range shown by every chart</span></div>`
    + `<div>${renderOverview(faults, frame)}<svg id="timeline-svg" class="zoomable" viewBox="0 0 ${WIDTH} ${timeline.height}" role="img" aria-label="fault windows and control-plane health over time"><g id="timeline">${timeline.body}</g></svg></div></div></div>`
    + `<div class="charts">${charts.map((c) => c.html).join('\n')}</div></section>`
    + `<section id="faults"><h2>Faults</h2>${renderFaultTable(faults)}</section>`
    + `<section id="events"><h2>Events</h2>${renderEvents(r.events.rows, r.events.count)}</section>`
    + `<footer>kubeblast report · scenario ${escapeHtml(s.scenario)}, seed ${s.seed} · a self-contained page: no network access; the run's full data is in summary.json, availability.csv and events.csv.</footer>`;
  const csp = `default-src 'none'; style-src '${sha256(CSS)}'; script-src '${sha256(JS)}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubeblast — ${escapeHtml(s.scenario)} (seed ${s.seed})</title>
<style>${CSS}</style></head>
<body><main id="kb" data-duration="${sec(frame.durationS)}">
<svg class="defs" aria-hidden="true"><clipPath id="${CLIP_ID}"><rect x="${MARGIN_LEFT}" y="-1000" width="${PLOT_WIDTH}" height="100000"/></clipPath></svg>
${body}
</main><script>${JS}</script></body></html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** Indexes of the series to chart, in table order: all of them, or the `MAX_CHARTS` most below their objective. */
function chooseCharted(series: readonly ObjectSeries[], summaries: ReadonlyMap<string, ObjectSummary>, explicit: ReadonlySet<string>): number[] {
  const all = series.map((_, i) => i).filter((i) => summaries.has(series[i].key));
  if (all.length <= MAX_CHARTS) return all;
  const rank = (i: number) => {
    const o = summaries.get(series[i].key)!;
    return [sloState(o, explicit.has(o.object)) === 'miss' ? 0 : 1, -o.downtimeS, i];
  };
  const cmp = (a: number, b: number) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  return [...all].sort(cmp).slice(0, MAX_CHARTS).sort((a, b) => a - b);
}

/** The legend: a toggle per series, the marks, the strip's colours and the "only below" filter. */
function legend(charted: number, below: number): string {
  const line = (cls: string) => `<svg width="28" height="10" viewBox="0 0 28 10"><line class="${cls}" x1="1" x2="27" y1="5" y2="5"/></svg>`;
  const bar = (cls: string) => `<svg width="16" height="10" viewBox="0 0 16 10"><rect class="${cls}" x="0" y="0" width="16" height="10"/></svg>`;
  const series: Array<[keyof typeof COLOURS, string]> = [
    ['desired', 'desired'], ['reported', 'reported (API says Ready)'], ['ready', 'ready (truly ready)'],
    ['endpoints', 'endpoints'], ['serving', 'serving (truly ready endpoints)'],
  ];
  const toggles = series.map(([name, text]) => `<label><input class="series-toggle" type="checkbox" value="${name}" checked>${line(`s-${name}`)}${text}</label>`);
  const marks = [
    `${bar('fault')}fault window`, `${bar('outage-bar')}outage (below objective)`,
    `${bar('hole-bar')}black hole (endpoints above serving)`, `${bar('shrink-bar')}desired below its start value`,
  ];
  const strip = `<span class="swatch sok"></span> ok <span class="swatch sdeg"></span> degraded <span class="swatch sdown"></span> down`;
  const filter = below > 0
    ? `<label><input id="only-below" type="checkbox" checked> only the ${formatCount(below)} of ${formatCount(charted)} objects below their objective</label>`
    : `<label><input id="only-below" type="checkbox"> only objects below their objective (none: every object met it)</label>`;
  return `<div class="legend">${toggles.map((t) => `<span>${t}</span>`).join('')}</div>`
    + `<div class="legend dim">${marks.map((m) => `<span>${m}</span>`).join('')}<span>control plane: ${strip}</span></div>`
    + `<div class="legend">${filter}<span class="dim">lines are drawn a few pixels apart (desired highest, serving lowest) so that equal counts stay visible; hover a line or mark for its name</span></div>`;
}
