/**
 * report.html of a sweep: per scenario the table of objects (mean availability with its 95 %
 * interval, quantiles, SLO met share, downtime and time to recover); per object the histogram of
 * availability over seeds and the CDF of its times to recover, every scenario overlaid; the paired
 * comparison of each variant with the first scenario; and the 10 worst seeds, each with the
 * `kubeblast run` command that replays it. Built from summary.json and the stored runs only.
 */
import type { SweepSummary } from '../batch/aggregate.js';
import type { RunFigures } from '../batch/figures.js';
import type { SweepManifest } from '../batch/results-dir.js';
import { batchPage } from './blast-page.js';
import { escapeHtml, formatDuration } from './format.js';
import { cdfSvg, histogramSvg, intervalSvg, SCENARIO_COLOURS } from './sweep-charts.js';

/** How many objects get charts (those with an SLO first, then the worst by mean availability). */
const MAX_CHARTED = 12;
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(4)} %`);
const secs = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : formatDuration(x));
const ci = (c: [number, number] | null): string => (c ? `${pct(c[0])} … ${pct(c[1])}` : '–');

function objectTable(sc: SweepSummary['scenarios'][number]): string {
  const head = ['object', 'SLO', 'mean', '95 % CI', 'p5', 'p50', 'met SLO', 'downtime mean', 'downtime p90', 'TTR p50', 'TTR p90', 'TTR max'];
  const rows = sc.objects.map((o) => {
    const a = o.availability.slo;
    const t = o.timeToRecoverS;
    const cells = [pct(a.mean), ci(a.ci95), pct(a.p5), pct(a.p50), `${(o.sloMetShare * 100).toFixed(1)} %`, secs(o.downtimeS.mean), secs(o.downtimeS.p90), secs(t.p50), secs(t.p90), secs(t.max)];
    return `<tr${o.sloMetShare < 1 && o.hasSlo ? ' class="below"' : ''}><td class="name">${escapeHtml(o.object)}</td><td>${o.hasSlo ? `≥ ${o.sloMinReady ?? o.desired}` : `all (${o.desired})`}</td>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return `<div class="scroll"><table><thead><tr>${head.map((h, i) => `<th${i === 0 ? ' class="name"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function chartedObjects(s: SweepSummary): string[] {
  const first = s.scenarios[0]?.objects ?? [];
  const ranked = [...first].sort((a, b) => Number(b.hasSlo) - Number(a.hasSlo) || (a.availability.slo.mean - b.availability.slo.mean) || a.object.localeCompare(b.object));
  return ranked.slice(0, MAX_CHARTED).map((o) => o.object);
}

function distributions(s: SweepSummary, runs: RunFigures[][]): string {
  const names = s.scenarios.map((x) => x.name);
  const legend = names.map((n, i) => `<span><svg width="12" height="12"><rect width="11" height="11" fill="${SCENARIO_COLOURS[i % SCENARIO_COLOURS.length]}"/></svg>${escapeHtml(n)}</span>`).join('');
  const blocks = chartedObjects(s).map((object) => {
    const of = (rs: RunFigures[]) => rs.flatMap((r) => r.objects.filter((o) => o.object === object));
    const hist = histogramSvg(runs.map((rs, i) => ({ name: names[i], values: of(rs).map((o) => o.availability.slo) })), `availability of ${object}`);
    const cdf = cdfSvg(runs.map((rs, i) => ({ name: names[i], values: of(rs).flatMap((o) => o.recoveriesS) })), `time to recover of ${object}`);
    return `<h3>${escapeHtml(object)}</h3><div class="tiles"><div>${hist}<p class="note">availability (SLO) per seed</p></div><div>${cdf}<p class="note">CDF of time to recover, every outage of every seed</p></div></div>`;
  });
  return `<div class="legend">${legend}</div>${blocks.join('')}`;
}

function comparisons(s: SweepSummary): string {
  if (s.comparisons.length === 0) return '<p class="note">One scenario: nothing to compare. Give several scenarios (variants) to compare them on the same seeds.</p>';
  const idx = new Map(s.scenarios.map((x, i) => [x.name, i]));
  // With SLOs, the objects that have one (the others are in summary.json), as the console does.
  const withSlo = new Set(s.scenarios.flatMap((x) => x.objects.filter((o) => o.hasSlo).map((o) => o.object)));
  const shown = withSlo.size > 0 ? s.comparisons.filter((c) => withSlo.has(c.object)) : s.comparisons;
  const hidden = s.comparisons.length - shown.length;
  const rows = shown.map((c) => ({ label: `${c.scenario} − ${c.baseline} · ${c.object}`, mean: c.availabilitySloDiff.mean, ci: c.availabilitySloDiff.ci95, colour: idx.get(c.scenario) ?? 0 }));
  const table = shown.map((c) => `<tr><td class="name">${escapeHtml(c.scenario)}</td><td class="name">${escapeHtml(c.object)}</td><td>${c.pairs}</td><td>${pct(c.availabilitySloDiff.mean)}</td><td>${ci(c.availabilitySloDiff.ci95)}</td><td>${ci(c.availabilitySloDiff.unpairedCi95)}</td></tr>`).join('');
  return `<p class="note">Paired differences of availability (SLO) against <b>${escapeHtml(s.comparisons[0].baseline)}</b>, seed by seed (the same failures wherever the domains agree), with their 95 % t interval; the unpaired (Welch) interval beside it shows what pairing saves.</p>`
    + `${intervalSvg(rows)}<div class="scroll"><table><thead><tr><th class="name">scenario</th><th class="name">object</th><th>seeds</th><th>mean difference</th><th>paired 95 % CI</th><th>unpaired 95 % CI</th></tr></thead><tbody>${table}</tbody></table></div>`
    + (hidden > 0 ? `<p class="note">${hidden} comparisons of objects without an SLO are in summary.json.</p>` : '');
}

/** The 10 (scenario, seed) pairs with the lowest availability of any object with an SLO (any object if none has one). */
function worstSeeds(m: SweepManifest, runs: RunFigures[][]): string {
  const picks = runs.flatMap((rs, i) => rs.map((r) => {
    const withSlo = r.objects.filter((o) => o.hasSlo);
    const pool = withSlo.length > 0 ? withSlo : r.objects;
    const worst = pool.reduce((a, b) => (b.availability.slo < a.availability.slo ? b : a), pool[0]);
    return { i, r, worst };
  })).filter((p) => p.worst).sort((a, b) => a.worst.availability.slo - b.worst.availability.slo || a.i - b.i || a.r.seed - b.r.seed).slice(0, 10);
  const until = m.until ? ` --until ${m.until}` : '';
  const rows = picks.map((p) => `<tr><td class="name">${escapeHtml(p.r.scenario)}</td><td>${p.r.seed}</td><td class="name">${escapeHtml(p.worst.object)}</td><td>${pct(p.worst.availability.slo)}</td><td>${p.worst.outages}</td><td>${p.r.faults}</td>`
    + `<td class="name"><code>${escapeHtml(`kubeblast run ${m.scenarios[p.i].file} --seed ${p.r.seed}${until}`)}</code></td></tr>`).join('');
  return `<div class="scroll"><table><thead><tr><th class="name">scenario</th><th>seed</th><th class="name">worst object</th><th>availability (SLO)</th><th>outages</th><th>faults</th><th class="name">replay</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The whole sweep page. */
export function renderSweepReport(m: SweepManifest, s: SweepSummary, runs: RunFigures[][]): string {
  const facts = [['scenarios', s.scenarios.map((x) => x.name).join(', ')], ['seeds', `${s.seeds.from}..${s.seeds.to} (${s.seeds.count})`],
    ['runs', String(s.scenarios.reduce((n, x) => n + x.runs, 0))], ['simulated per run', formatDuration(s.scenarios[0]?.durationS ?? 0)]]
    .map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  const tables = s.scenarios.map((sc) => `<h3>${escapeHtml(sc.name)}</h3>${objectTable(sc)}`).join('');
  const body = `<h1><span class="brand">kubeblast sweep ·</span> ${escapeHtml(s.scenarios.map((x) => x.name).join(' vs '))}</h1><dl class="facts">${facts}</dl>`
    + `<p class="note">Each seed is an independent replication; intervals are 95 % Student t intervals over seeds. runs.csv holds every figure of every seed, summary.json the aggregates.</p>`
    + `<nav><a href="#objects">Objects</a><a href="#dist">Distributions</a><a href="#compare">Comparison</a><a href="#worst">Worst seeds</a></nav>`
    + `<section id="objects"><h2>Objects</h2>${tables}</section>`
    + `<section id="dist"><h2>Distributions over seeds</h2>${distributions(s, runs)}</section>`
    + `<section id="compare"><h2>Comparison of scenarios</h2>${comparisons(s)}</section>`
    + `<section id="worst"><h2>The 10 worst seeds</h2>${worstSeeds(m, runs)}</section>`
    + '<footer>kubeblast sweep report · a self-contained page: no network access.</footer>';
  return batchPage(`kubeblast sweep — ${s.scenarios.map((x) => x.name).join(' vs ')}`, body);
}
