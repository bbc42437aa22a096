/**
 * report.html of `kubeblast capacity`: the answer and its price, every probe of the search, the
 * proof (the heat maps of the answer's blast, which passes, and of the count below, which fails)
 * and, with `--seeds`, availability against cost (capacity-chart.ts).
 */
import type { BlastLevel } from '../batch/blast-domains.js';
import type { CapacityResult, ProbeDetail } from '../batch/capacity.js';
import type { CostPoint } from '../batch/capacity-sweep.js';
import { probeFileName } from '../batch/capacity-probe.js';
import { renderHeatmaps } from './blast-heatmap.js';
import { renderVerdictTable } from './blast.js';
import { batchPage } from './blast-page.js';
import { renderCostChart, renderNinesTable } from './capacity-chart.js';
import { escapeHtml } from './format.js';

function money(x: number | null): string {
  return x === null ? '-' : x.toFixed(2);
}

function probesTable(r: CapacityResult): string {
  const rows = [...r.probes].sort((a, b) => a.count - b.count).map((p) => `<tr class="${p.passed ? 'pass' : 'fail'}"><td>${p.count}</td><td>${p.nodes}</td><td>${p.passed ? 'passes' : 'fails'}</td>`
    + `<td class="name">${escapeHtml(p.worstDomain ?? (p.blast ? '-' : 'no nodes'))}</td><td class="name">${escapeHtml(p.worstObject ?? '-')}</td><td>${money(p.costPerMonth)}</td></tr>`);
  return `<div class="scroll"><table><thead><tr><th>per ${escapeHtml(r.per)}</th><th>nodes</th><th>blast</th><th class="name">worst domain</th><th class="name">worst object</th><th>cost / month</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function proof(title: string, p: ProbeDetail | null, per: string, forText: string): string {
  if (!p) return '';
  if (!p.blast) return `<h3>${escapeHtml(title)}: ${p.count} per ${escapeHtml(per)}</h3><p class="note">No worker nodes at all: fails without a run.</p>`;
  const replay = (level: BlastLevel) => `kubeblast blast ${probeFileName(p.count)} --levels ${level} --for ${forText} (from this report's directory)`;
  return `<h3>${escapeHtml(title)}: ${p.count} per ${escapeHtml(per)}, ${p.nodes} nodes</h3>${renderVerdictTable(p.blast)}${renderHeatmaps(p.blast, replay)}`;
}

/** The whole capacity page. */
export function renderCapacityReport(scenario: string, r: CapacityResult, forText: string, curve: CostPoint[] | null): string {
  const answer = r.answer === null ? `none up to ${r.max}` : `${r.answer} per ${r.per}`;
  const facts = [
    ['scenario', scenario], ['survive any one', r.level], ['answer', answer], ['nodes', r.passing ? String(r.passing.nodes) : '-'],
    ['cost / month', money(r.passing?.costPerMonth ?? null)], ['probes', String(r.probes.length)], ['each domain failed for', forText],
  ].map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  const body = `<h1><span class="brand">kubeblast capacity ·</span> ${escapeHtml(scenario)}</h1><dl class="facts">${facts}</dl>`
    + `<p class="note">A count passes when, with each ${escapeHtml(r.level)} failed alone, every object with an SLO meets it throughout and every workload is back at its desired ready count before the domain returns. `
    + `Every zone that has nodes gets the count (per zone: spread over its racks; per rack: in each rack); node shapes, racks, control plane and workloads stay as written. Galloping from --min, then a binary search; the answer passes and the count below it fails.</p>`
    + `<nav><a href="#probes">Probes</a><a href="#proof">Proof</a>${curve ? '<a href="#cost">Cost of nines</a>' : ''}</nav>`
    + `<section id="probes"><h2>Probes</h2>${probesTable(r)}</section>`
    + (curve ? `<section id="cost"><h2>Availability against cost</h2><p class="note">The scenario's random failures, over ${curve[0]?.seeds ?? 0} seeds per count: mean SLO availability per object and its 95 % interval.</p>${renderCostChart(curve)}${renderNinesTable(curve)}</section>` : '')
    + `<section id="proof"><h2>Proof</h2>${proof('Answer (passes)', r.passing, r.per, forText)}${proof(r.answer === null ? 'Largest count tried (fails)' : 'One less (fails)', r.failing, r.per, forText)}</section>`
    + `<footer>kubeblast capacity report · a self-contained page: no network access.</footer>`;
  return batchPage(`kubeblast capacity — ${scenario}`, body);
}
