/** The terminal summary of a finished run: per-object availability, control plane, faults. */
import type { SummaryJson } from '../../metrics/summary.js';
import { table } from './text.js';
import { isInstantaneous, type FaultKind } from '../../faults/types.js';

function pct(x: number): string {
  return x >= 1 ? '100%' : `${(100 * x).toFixed(3)}%`;
}

function secs(x: number | null): string {
  if (x === null) return '-';
  return x < 10 ? `${x.toFixed(2)}s` : x < 600 ? `${x.toFixed(1)}s` : x < 2 * 86400 ? `${(x / 60).toFixed(1)}m` : `${(x / 86400).toFixed(1)}d`;
}

/** Lines of the summary table printed by `kubeblast run`. */
export function describeRun(s: SummaryJson): string[] {
  const lines: string[] = [];
  const rate = s.sim.wallMs > 0 ? Math.round((s.sim.events / s.sim.wallMs) * 1000) : 0;
  lines.push(`${s.scenario}  seed ${s.seed}  Kubernetes ${s.kubernetesVersion}  ${secs(s.durationS)} simulated in ${(s.sim.wallMs / 1000).toFixed(2)}s (${s.sim.events} events, ${rate} events/s)`);
  lines.push(`boot: ${secs(s.sim.bootS)} from an empty cluster to t = 0, where faults and measurements start (RunStarted or BootIncomplete in events.csv)`);
  lines.push('');
  const rows = [['object', 'desired', 'SLO', 'slo', 'any', 'full', 'downtime', 'outages', 'TTR p50', 'TTR max']];
  for (const o of s.objects) {
    rows.push([
      o.object, String(o.desired), !o.hasSlo ? '-' : o.sloMinReady === null ? 'all' : `≥${o.sloMinReady}`,
      pct(o.availability.slo), pct(o.availability.any), pct(o.availability.full),
      secs(o.downtimeS), String(o.outages) + (o.openOutages ? ' (open)' : ''), secs(o.timeToRecoverS.p50), secs(o.timeToRecoverS.max),
    ]);
  }
  lines.push(...table(rows, 0));
  const cp = s.controlPlane;
  lines.push('');
  lines.push(`etcd: ${cp.etcd.members} members, ${cp.etcd.leaderChanges} leader changes, no leader ${secs(cp.etcd.noLeaderS)}, no quorum ${secs(cp.etcd.noQuorumS)}; API server unavailable ${secs(cp.apiserver.unavailableS)}`);
  lines.push(`controller-manager: ${cp.controllerManager.leaderChanges} leader changes, no leader ${secs(cp.controllerManager.noLeaderS)}; scheduler: ${cp.scheduler.leaderChanges} leader changes, no leader ${secs(cp.scheduler.noLeaderS)}`);
  if (s.faults.length > 0) {
    const shown = s.faults.slice(0, 8).map((f) => `${f.kind} ${f.target} ${secs(f.startS)}${f.endS !== null ? `→${secs(f.endS)}` : isInstantaneous(f.kind as FaultKind) ? '' : '→end'}${f.skipped ? ' (skipped)' : ''}`);
    lines.push(`faults (${s.faults.length}): ${shown.join('; ')}${s.faults.length > 8 ? '; …' : ''}`);
  }
  return lines;
}
