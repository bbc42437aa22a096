/** The terminal summary of a sweep: per scenario and object the SLO availability with its interval, then the comparisons. */
import { formatDuration } from '../report/format.js';
import type { SweepSummary } from './aggregate.js';

const pct = (x: number | null | undefined, digits = 4): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`);
const ci = (c: [number, number] | null): string => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : '(n < 2)');

function table(rows: string[][]): string[] {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  ')}`.trimEnd());
}

/**
 * Lines describing a sweep's summary.json. When some objects have an SLO only those are listed
 * (the rest are in summary.json and report.html), so that a large application stays readable.
 */
export function describeSweep(s: SweepSummary): string[] {
  const lines = [`seeds ${s.seeds.from}..${s.seeds.to} (${s.seeds.count}), t-intervals over seeds`];
  const withSlo = new Set(s.scenarios.flatMap((sc) => sc.objects.filter((o) => o.hasSlo).map((o) => o.object)));
  const shown = (object: string) => withSlo.size === 0 || withSlo.has(object);
  for (const sc of s.scenarios) {
    lines.push('', `scenario ${sc.name}: ${sc.runs} runs of ${(sc.durationS / 86400).toFixed(1)} d`);
    const rows = [['object', 'availability (SLO) mean', '95 % CI', 'p5', 'met SLO', 'downtime mean', 'max']];
    const hidden = sc.objects.filter((o) => !shown(o.object)).length;
    for (const o of sc.objects.filter((x) => shown(x.object))) {
      const a = o.availability.slo;
      rows.push([o.object, pct(a.mean), ci(a.ci95), pct(a.p5), `${(o.sloMetShare * 100).toFixed(1)} %`, formatDuration(o.downtimeS.mean ?? 0), formatDuration(o.downtimeS.max ?? 0)]);
    }
    lines.push(...table(rows));
    if (hidden > 0) lines.push(`  (${hidden} objects without an SLO: see summary.json and report.html)`);
    const cp = sc.controlPlane;
    lines.push(`  control plane: etcd leader changes ${cp.etcd.leaderChanges.mean.toFixed(2)}, no quorum ${cp.etcd.noQuorumS.mean.toFixed(1)} s, API unavailable ${cp.apiserver.unavailableS.mean.toFixed(1)} s (means per run)`);
  }
  if (s.comparisons.length > 0) {
    lines.push('', `paired differences of availability (SLO) against ${s.comparisons[0].baseline}, same seeds:`);
    const rows = [['scenario / object', 'mean', 'paired 95 % CI', 'unpaired 95 % CI']];
    for (const c of s.comparisons.filter((x) => shown(x.object))) {
      const d = c.availabilitySloDiff;
      rows.push([`${c.scenario} ${c.object}`, pct(d.mean), ci(d.ci95), ci(d.unpairedCi95)]);
    }
    lines.push(...table(rows));
  }
  return lines;
}
