/**
 * report.html: one self-contained page built from a run's data model (design.md §4) — header and
 * summary table, a chart per object under a fault and control-plane timeline that shares their
 * time axis, the fault list and a filterable events table. Inline SVG, CSS and a little script;
 * no network request of any kind (the Content Security Policy forbids every fetch, and allows only
 * the page's own style and script by hash). Every name from a manifest or scenario is escaped.
 * Deterministic: the same run gives the same bytes apart from the wall-clock figure.
 */
import { createHash } from 'node:crypto';
import { SEC } from '../kernel/time.js';
import type { ObjectSeries } from '../metrics/availability.js';
import type { ObjectSummary, SummaryJson } from '../metrics/summary.js';
import type { RunResult } from '../world/result.js';
import { CSS, JS } from './assets.js';
import { CHART_PLOT, renderChart, sloState } from './chart.js';
import { renderEvents } from './events.js';
import { faultBands, faultWindows, MAX_CHART_BANDS } from './faults.js';
import { escapeHtml, formatCount, unitName } from './format.js';
import { PLOT_WIDTH, timeFrame, WIDTH, type TimeFrame } from './frame.js';
import { renderControlPlane, renderFaultTable, renderHeader, renderSummaryTable } from './tables.js';
import { renderTimeline } from './timeline.js';

export { escapeHtml } from './format.js';

/** Objects charted at most; past it, those with the most downtime (the table lists all). */
export const MAX_CHARTS = 100;
/** Copies of the timeline, one atop each column of charts (the page has up to three). */
const COLUMNS = 3;

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
  const ctx = { frame, endUs: r.durationUs, faultBands: faultBands(faults, frame, CHART_PLOT.top, CHART_PLOT.bottom) };
  const charts = charted.map((i) => renderChart(series[i], summaries.get(series[i].key)!, `o${i}`, explicit.has(series[i].key), ctx));
  const timeline = renderTimeline(faults, r.strips, frame);
  const notes: string[] = [];
  if (charted.length < series.length) notes.push(`${formatCount(charted.length)} of ${formatCount(series.length)} objects are charted: those below their objective longest, then in table order; the summary table lists every object.`);
  const simplified = charts.filter((c) => c.simplified).length;
  if (simplified > 0) notes.push(`${formatCount(simplified)} chart${simplified === 1 ? ' has' : 's have'} more changes than the chart's ${PLOT_WIDTH} pixel columns and ${simplified === 1 ? 'is' : 'are'} drawn at that resolution (per column: the entering value, minimum, maximum and last value, so the step shape is exact at that resolution); availability.csv holds every change.`);
  if (timeline.simplified) notes.push(`Control-plane strips with more changes than pixel columns are drawn per column: the state held longest fills it, and a thin mark on top shows a worse state that occurred briefly (hover for the shares).`);
  if (faults.filter((f) => !f.instant && f.skipped === null).length > MAX_CHART_BANDS) notes.push(`With more than ${MAX_CHART_BANDS} fault windows the charts shade their union; the faults table lists each.`);

  const body = renderHeader(s, r.events.rows.length, explicit)
    + `<nav><a href="#summary">Summary</a><a href="#charts">Charts</a><a href="#faults">Faults</a><a href="#events">Events</a></nav>`
    + `<section id="summary"><h2>Summary</h2>${renderSummaryTable(s, explicit, ids)}<h2>Control plane</h2>${renderControlPlane(s)}</section>`
    + `<section id="charts"><h2>Replicas over time</h2>${legend(frame)}`
    + (notes.length > 0 ? `<p class="note">${notes.join(' ')}</p>` : '')
    + `<div class="tlrow">${timelineCopies(timeline.body, timeline.height)}</div>`
    + `<div class="charts">${charts.map((c) => c.html).join('\n')}</div></section>`
    + `<section id="faults"><h2>Faults</h2>${renderFaultTable(faults)}</section>`
    + `<section id="events"><h2>Events</h2>${renderEvents(r.events.rows)}</section>`
    + `<footer>kubeblast report · scenario ${escapeHtml(s.scenario)}, seed ${s.seed} · a self-contained page: no network access; the run's full data is in summary.json, availability.csv and events.csv.</footer>`;
  const csp = `default-src 'none'; style-src '${sha256(CSS)}'; script-src '${sha256(JS)}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kubeblast — ${escapeHtml(s.scenario)} (seed ${s.seed})</title>
<style>${CSS}</style></head>
<body><main>
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

/** The timeline, drawn once and repeated by reference atop the other columns. */
function timelineCopies(body: string, height: number): string {
  const head = `<div class="tlhead">faults and control plane</div>`;
  const first = `<div class="card tlcopy">${head}<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="fault windows and control-plane health over time"><g id="timeline">${body}</g></svg></div>`;
  const copy = `<div class="card tlcopy" aria-hidden="true">${head}<svg viewBox="0 0 ${WIDTH} ${height}"><use href="#timeline"/></svg></div>`;
  return first + copy.repeat(COLUMNS - 1);
}

function legend(frame: TimeFrame): string {
  const line = (cls: string) => `<svg width="28" height="10" viewBox="0 0 28 10"><line class="${cls}" x1="1" x2="27" y1="5" y2="5"/></svg>`;
  const box = (cls: string) => `<svg width="16" height="10" viewBox="0 0 16 10"><rect class="${cls}" x="0" y="0" width="16" height="10"/></svg>`;
  const items = [
    `${line('s-desired')}desired`,
    `${line('s-reported')}reported (API says Ready)`,
    `${line('s-ready')}ready (truly ready)`,
    `${line('s-endpoints')}endpoints`,
    `${line('s-serving')}serving (truly ready endpoints)`,
    `${box('fault')}fault window`,
    `<svg width="16" height="12" viewBox="0 0 16 12"><rect class="outage-fill" x="0" y="3" width="16" height="9"/><rect class="outage-bar" x="0" y="0" width="16" height="3"/></svg>outage (below objective)`,
  ];
  const strip = `<span class="swatch sok"></span> ok <span class="swatch sdeg"></span> degraded <span class="swatch sdown"></span> down`;
  return `<div class="legend">${items.map((i) => `<span>${i}</span>`).join('')}</div>`
    + `<div class="legend dim"><span>time axis: ${unitName(frame.unit)}</span><span>control plane: ${strip}</span>`
    + `<label><input id="only-below" type="checkbox"> only objects below their objective</label></div>`;
}
