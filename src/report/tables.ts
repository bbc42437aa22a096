/**
 * The page's header and tables: run facts, key figures, the per-object summary table (SLO misses
 * highlighted), the control-plane figures and the fault list.
 */
import type { SummaryJson } from '../metrics/summary.js';
import { sloState } from './chart.js';
import type { FaultWindow } from './faults.js';
import { escapeHtml, formatClock, formatCount, formatDuration, formatPercent } from './format.js';

/** Rows of the faults table embedded at most; the rest are in summary.json. */
export const MAX_FAULT_ROWS = 1000;

/** The page header: scenario, seed, version, simulated duration, events, wall time, key figures. */
export function renderHeader(s: SummaryJson, eventRows: number, explicit: ReadonlySet<string>): string {
  const misses = s.objects.filter((o) => sloState(o, explicit.has(o.object)) === 'miss').length;
  const withSlo = s.objects.filter((o) => explicit.has(o.object)).length;
  const outages = s.objects.reduce((n, o) => n + o.outages, 0);
  const cp = s.controlPlane;
  const tiles: Array<[string, string, string]> = [
    ['objects', formatCount(s.objects.length), ''],
    ['SLOs missed', `${misses} of ${withSlo}`, misses > 0 ? 'bad' : 'good'],
    ['outages (all objects)', formatCount(outages), outages > 0 ? 'warn' : 'good'],
    ['faults', formatCount(s.faults.length), ''],
    ['etcd leader changes', formatCount(cp.etcd.leaderChanges), ''],
    ['etcd without quorum', formatDuration(cp.etcd.noQuorumS), cp.etcd.noQuorumS > 0 ? 'bad' : 'good'],
    ['API server unavailable', formatDuration(cp.apiserver.unavailableS), cp.apiserver.unavailableS > 0 ? 'warn' : 'good'],
  ];
  const facts: Array<[string, string]> = [
    ['seed', String(s.seed)],
    ['Kubernetes', escapeHtml(s.kubernetesVersion)],
    ['simulated', `${formatDuration(s.durationS)} (${formatCount(s.durationS)} s)`],
    ['kernel events', formatCount(s.sim.events)],
    ['recorded events', formatCount(eventRows)],
    ['wall time', `<span id="wall-time">${formatCount(s.sim.wallMs)} ms</span>`],
  ];
  return `<header><h1><span class="brand">kubeblast</span> ${escapeHtml(s.scenario)}</h1>`
    + `<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`
    + `<div class="tiles">${tiles.map(([k, v, c]) => `<div class="tile ${c}"><div class="v">${v}</div><div class="k">${k}</div></div>`).join('')}</div></header>`;
}

const dur = (x: number | null) => (x === null ? '–' : formatDuration(x));

/** The summary table's column definitions (tooltips), in the words of design.md §4. */
export const HEAD = {
  objective: 'The least number of truly ready replicas (serving endpoints for a Service) the object must keep: the scenario\'s SLO minReady, or all desired when the scenario sets none (shown dimmed).',
  lowest: 'The fewest truly ready (serving, for a Service) at any time of the run.',
  share: 'Shares of the simulated time, from a converged cluster at 0 to the end of the run.',
  slo: 'met objective (summary.json availability.slo): the share of the run with at least the objective (sloMinReady, default all desired) truly ready — serving for a Service, ready for a workload.',
  any: '≥1 ready (summary.json availability.any): the share of the run with at least one truly ready.',
  full: 'all ready (summary.json availability.full): the share of the run with all desired truly ready.',
} as const;

/** The per-object summary table; `ids` gives each object's chart anchor (or none when not charted). */
export function renderSummaryTable(s: SummaryJson, explicit: ReadonlySet<string>, ids: ReadonlyMap<string, string>): string {
  const rows = s.objects.map((o) => {
    const st = sloState(o, explicit.has(o.object));
    const id = ids.get(o.object);
    const name = id ? `<a href="#${id}">${escapeHtml(o.object)}</a>` : escapeHtml(o.object);
    const slo = explicit.has(o.object) ? (o.sloMinReady === null ? 'all desired' : `≥ ${o.sloMinReady}`) : '<span class="dim">(all desired)</span>';
    const ttr = o.timeToRecoverS;
    return `<tr class="${st}"><td class="name">${name}</td><td>${o.desired}</td><td>${slo}</td><td>${o.lowestReady}</td>`
      + `<td class="pct">${formatPercent(o.availability.slo)}</td><td class="pct">${formatPercent(o.availability.any)}</td><td class="pct">${formatPercent(o.availability.full)}</td>`
      + `<td>${o.downtimeS > 0 ? formatDuration(o.downtimeS) : '0'}</td><td>${o.outages}${o.openOutages > 0 ? ' <span class="dim">(open)</span>' : ''}</td>`
      + `<td>${dur(ttr.p50)}</td><td>${dur(ttr.p95)}</td><td>${dur(ttr.max)}</td></tr>`;
  });
  const th = (text: string, tip: string, attrs = '') => `<th${attrs} title="${escapeHtml(tip)}">${text}<sup class="tip">?</sup></th>`;
  return `<div class="scroll"><table class="summary"><thead>`
    + `<tr><th rowspan="2" class="name">object</th><th rowspan="2">desired</th>${th('objective', HEAD.objective, ' rowspan="2"')}${th('lowest ready', HEAD.lowest, ' rowspan="2"')}`
    + `${th('share of the run', HEAD.share, ' colspan="3"')}<th rowspan="2">downtime</th><th rowspan="2">outages</th><th colspan="3">time to recover</th></tr>`
    + `<tr>${th('met objective', HEAD.slo)}${th('≥1 ready', HEAD.any)}${th('all ready', HEAD.full)}<th>p50</th><th>p95</th><th>max</th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div>`
    + `<p class="note"><span class="swatch miss"></span> SLO of the scenario missed · <span class="swatch below"></span> no SLO set, below all desired at times (the objective shown as <span class="dim">(all desired)</span>). `
    + `<b>met objective</b>: share of the run with at least the objective truly ready (summary.json <code>availability.slo</code>) · <b>≥1 ready</b>: with at least one (<code>any</code>) · <b>all ready</b>: with all desired (<code>full</code>). `
    + `Measured over the whole run, from a converged cluster at 0, on <i>serving</i> for a Service and <i>ready</i> for a workload; an outage is a maximal interval below the objective.</p>`;
}

/** The control-plane figures of summary.json as a small table. */
export function renderControlPlane(s: SummaryJson): string {
  const cp = s.controlPlane;
  const rows: Array<[string, string, string, string]> = [
    ['etcd', `${cp.etcd.members} members`, `${cp.etcd.leaderChanges} leader changes, ${cp.etcd.elections.length} elections`, `no leader ${formatDuration(cp.etcd.noLeaderS)}, no quorum ${formatDuration(cp.etcd.noQuorumS)}`],
    ['API server', '', '', `unavailable ${formatDuration(cp.apiserver.unavailableS)}`],
    ['controller-manager', '', `${cp.controllerManager.leaderChanges} leader changes`, `no leader ${formatDuration(cp.controllerManager.noLeaderS)}`],
    ['scheduler', '', `${cp.scheduler.leaderChanges} leader changes`, `no leader ${formatDuration(cp.scheduler.noLeaderS)}`],
  ];
  return `<table class="cp"><tbody>${rows.map((r) => `<tr><th>${r[0]}</th>${r.slice(1).map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The faults, numbered as in the charts' tooltips. */
export function renderFaultTable(faults: readonly FaultWindow[]): string {
  if (faults.length === 0) return '<p class="note">No faults in this run.</p>';
  const shown = faults.slice(0, MAX_FAULT_ROWS);
  const rows = shown.map((f) => `<tr${f.skipped ? ' class="skipped"' : ''}><td>${f.n}</td><td>${escapeHtml(f.kind)}</td><td>${escapeHtml(f.target)}</td><td>${escapeHtml(f.origin)}</td>`
    + `<td>${formatClock(f.startS)}</td><td>${f.instant ? 'instant' : f.open ? 'end of run (still on)' : formatClock(f.endS)}</td><td>${f.instant ? '' : formatDuration(f.endS - f.startS)}</td>`
    + `<td>${f.skipped ? `skipped: ${escapeHtml(f.skipped)}` : ''}</td></tr>`);
  const more = faults.length > shown.length ? `<p class="note">The first ${formatCount(shown.length)} of ${formatCount(faults.length)} faults; all are in summary.json.</p>` : '';
  return `<div class="scroll tall"><table class="faults"><thead><tr><th>#</th><th>kind</th><th>target</th><th>origin</th><th>start</th><th>end</th><th>length</th><th></th></tr></thead>`
    + `<tbody>${rows.join('')}</tbody></table></div>${more}`;
}
