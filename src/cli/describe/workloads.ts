/** `validate` sections about the manifests: workloads, PDBs, Services, ignored objects, warnings, capacity. */
import type { IntOrPercent, Workload } from '../../manifests/types.js';
import { checkCapacity } from '../../scenario/capacity.js';
import type { Scenario } from '../../scenario/types.js';
import { percent, plural, resources, table } from './text.js';
import { formatBytes, formatCpu } from '../../units/quantity.js';
import { selectedWorkloads } from '../../manifests/podlabels.js';

function replicas(w: Workload): string {
  switch (w.kind) {
    case 'DaemonSet':
      return 'one per node';
    case 'Job':
      return `parallelism ${w.parallelism}${w.completions !== null ? `, ${w.completions} completions` : ''}`;
    default:
      return plural(w.replicas, 'replica');
  }
}

function countByKind(ws: readonly { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const w of ws) counts.set(w.kind, (counts.get(w.kind) ?? 0) + 1);
  return [...counts].map(([k, n]) => plural(n, k)).join(', ');
}

/** Every workload with its replicas and per-pod requests. */
export function describeWorkloads(s: Scenario): string[] {
  const ws = s.manifests.workloads;
  const lines = [`Workloads: ${ws.length}${ws.length ? ` (${countByKind(ws)})` : ''}`];
  lines.push(...table(ws.map((w) => [w.key, replicas(w), `${resources(w.template.requests)} per pod`])));
  return lines;
}

function intOrPercent(v: IntOrPercent): string {
  return 'int' in v ? String(v.int) : `${v.percent}%`;
}

/** PodDisruptionBudgets with their budget and the workloads they cover. */
export function describePdbs(s: Scenario): string[] {
  const pdbs = s.manifests.pdbs;
  const lines = [`PodDisruptionBudgets: ${pdbs.length || 'none'}`];
  lines.push(...table(pdbs.map((p) => {
    const budget = p.minAvailable ? `minAvailable ${intOrPercent(p.minAvailable)}` : p.maxUnavailable ? `maxUnavailable ${intOrPercent(p.maxUnavailable)}` : 'no budget';
    const covers = selectedWorkloads(p.selector, p.namespace, s.manifests.workloads).map((x) => x.workload.key);
    return [p.key, budget, `→ ${covers.join(', ') || 'no workload'}`];
  })));
  return lines;
}

/** Services and the workloads they select. */
export function describeServices(s: Scenario): string[] {
  const svcs = s.manifests.services;
  const lines = [`Services: ${svcs.length || 'none'}`];
  lines.push(...table(svcs.map((svc) => {
    const selected = svc.selector === null ? [] : selectedWorkloads(svc.selector, svc.namespace, s.manifests.workloads).map((x) => x.workload.key);
    const what = svc.selector === null ? 'no selector (endpoints managed by hand)' : selected.join(', ') || 'selects no workload';
    return [svc.key, svc.type + (svc.headless ? ' (headless)' : ''), `→ ${what}`];
  })));
  return lines;
}

/** Objects of kinds kubeblast does not simulate, by kind. */
export function describeIgnored(s: Scenario): string[] {
  const ignored = s.manifests.ignored;
  if (ignored.length === 0) return ['Ignored: none'];
  const byKind = new Map<string, string[]>();
  for (const o of ignored) {
    const names = byKind.get(o.kind) ?? [];
    if (names.length === 0) byKind.set(o.kind, names);
    names.push(o.namespace ? `${o.namespace}/${o.name}` : o.name);
  }
  const lines = [`Ignored (kinds kubeblast does not simulate): ${ignored.length}`];
  lines.push(...table([...byKind].map(([kind, names]) => [`${kind} ×${names.length}`, names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '')])));
  return lines;
}

/** Whether the workloads fit the nodes at all. */
export function describeCapacity(s: Scenario): string[] {
  const c = checkCapacity(s);
  const r = c.requested;
  const a = c.allocatable;
  const lines = [`Capacity (requests vs allocatable${c.daemonSetPods ? `; ${plural(c.daemonSetPods, 'DaemonSet pod')} counted per node` : ''}):`];
  lines.push(...table([
    ['cpu', `${formatCpu(r.cpuMilli)} of ${formatCpu(a.cpuMilli)}`, percent(r.cpuMilli, a.cpuMilli)],
    ['memory', `${formatBytes(r.memoryBytes)} of ${formatBytes(a.memoryBytes)}`, percent(r.memoryBytes, a.memoryBytes)],
    ['pods', `${r.pods} of ${a.pods}`, percent(r.pods, a.pods)],
  ]));
  for (const u of c.unplaceable) lines.push(`  ${u.workload} fits on no node: ${u.reason}`);
  if (c.withoutLargestZone) {
    const w = c.withoutLargestZone.allocatable;
    lines.push(`  without zone ${c.withoutLargestZone.zone} (the largest): cpu ${percent(r.cpuMilli, w.cpuMilli)}, memory ${percent(r.memoryBytes, w.memoryBytes)}, pods ${percent(r.pods, w.pods)} of what is left`);
  }
  const verdict = c.overcommitted.length
    ? `does NOT fit: more ${c.overcommitted.map((k) => (k === 'cpuMilli' ? 'cpu' : k === 'memoryBytes' ? 'memory' : 'pods')).join(', ')} requested than allocatable`
    : c.unplaceable.length ? `does NOT fit: ${plural(c.unplaceable.length, 'workload')} fit on no node` : 'fits: totals within allocatable and every pod fits on at least one node';
  lines.push(`  ${verdict}`);
  return lines;
}
