/**
 * report.html of `kubeblast blast`: what was failed and for how long, the domains worst first,
 * and the heat map of every level (blast-heatmap.ts). Built from the blast's rows only.
 */
import { verdicts, worstFirst, type BlastResult } from '../batch/blast.js';
import { SEC } from '../kernel/time.js';
import { renderHeatmaps, type ReplayCommand } from './blast-heatmap.js';
import { batchPage } from './blast-page.js';
import { escapeHtml, formatDuration } from './format.js';

/** The domains table, worst first: verdict, counts, downtime and the worst object. */
export function renderVerdictTable(b: Pick<BlastResult, 'domains' | 'rows'>): string {
  const rows = worstFirst(verdicts(b)).map((v) => `<tr class="${v.passed ? 'pass' : 'fail'}"><td class="name">${escapeHtml(v.level)}</td><td class="name">${escapeHtml(v.domain)}</td>`
    + `<td>${v.passed ? 'held' : 'failed'}</td><td>${v.sloMissed}</td><td>${v.notRecovered}</td><td>${escapeHtml(formatDuration(v.sloDowntimeS))}</td><td class="name">${escapeHtml(v.worstObject ?? '-')}</td></tr>`);
  return `<div class="scroll tall"><table><thead><tr><th class="name">level</th><th class="name">domain</th><th>verdict</th><th>SLOs missed</th><th>not recovered</th><th>SLO downtime</th><th class="name">worst object</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** The whole blast page. */
export function renderBlastReport(b: BlastResult, replay: ReplayCommand): string {
  const failed = verdicts(b).filter((v) => !v.passed).length;
  const facts = [
    ['scenario', b.scenario], ['seed', String(b.seed)], ['levels', b.levels.join(', ')], ['domains', String(b.domains.length)],
    ['each failed for', formatDuration(b.forUs / SEC)], ['then watched for', formatDuration(b.settleUs / SEC)], ['domains that broke something', String(failed)],
  ].map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  const body = `<h1><span class="brand">kubeblast blast ·</span> ${escapeHtml(b.scenario)}</h1><dl class="facts">${facts}</dl>`
    + `<p class="note">Each domain was failed alone at t = 0, on the converged cluster, with the scenario's own faults removed; the run continued after the domain came back so the cluster could settle. `
    + `A domain <b>failed</b> when an object with an SLO went below it, or a workload was not back at its desired ready count before the domain returned (DaemonSets excepted: their pods cannot move). blast.csv holds every figure.</p>`
    + `<nav><a href="#domains">Domains</a><a href="#heat">Heat map</a></nav>`
    + `<section id="domains"><h2>Domains, worst first</h2>${renderVerdictTable(b)}</section>`
    + `<section id="heat"><h2>Heat map: domain × object</h2>${renderHeatmaps(b, replay)}</section>`
    + `<footer>kubeblast blast report · a self-contained page: no network access.</footer>`;
  return batchPage(`kubeblast blast — ${b.scenario}`, body);
}
