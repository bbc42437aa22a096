/**
 * What `validate` (and `run`, into summary.json's `warnings`) warns about a loaded scenario, on
 * top of the loader's own remarks: things that load fine but make the run say less than the user
 * thinks (issue 9).
 *
 * - an etcd majority in one zone or rack: losing that domain loses quorum (Raft needs ⌊n/2⌋+1
 *   members; etcd-io/raft `quorum.MajorityConfig.VoteResult`);
 * - a PodDisruptionBudget, Service or SLO that selects no workload;
 * - a pod that fits no node (src/scenario/capacity.ts: resources, nodeSelector / required
 *   affinity, taints);
 * - a fault the end of the run drops or cuts (`--until` or `duration`);
 * - a manifest kind that is not simulated but is a likely typo of one that is, or a simulated kind
 *   under another apiVersion.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { SourcePos } from '../errors.js';
import type { Scenario } from './types.js';
import type { Time } from '../kernel/time.js';
import { closestName } from '../yaml/suggest.js';
import { checkCapacity } from './capacity.js';
import { faultEndWarnings } from './warnings-faults.js';
import { selectedWorkloads } from '../manifests/podlabels.js';

/** One warning: a sentence, and where in the input it comes from when that is one place. */
export interface ScenarioWarning {
  message: string;
  source?: SourcePos;
}

/** The kinds kubeblast simulates (design.md §3), for "did you mean" on ignored kinds. */
export const SIMULATED_KINDS = [
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'ReplicationController', 'PersistentVolumeClaim',
  'LimitRange', 'Job', 'CronJob', 'PodDisruptionBudget', 'PriorityClass', 'StorageClass',
] as const;

/**
 * Every warning about `s` (the loader's and the manifests' remarks, then `scenarioWarnings`) as one
 * sentence each, prefixed with `file:line:col` where it has a position. With `relativeTo`, an
 * absolute file is written relative to that directory (with `/`): summary.json holds them so, and
 * must not depend on where the scenario was run from (design.md §5).
 */
export function warningLines(s: Scenario, untilUs?: Time, relativeTo?: string): string[] {
  const file = (f: string) => (relativeTo !== undefined && isAbsolute(f) ? relative(relativeTo, f).split(sep).join('/') : f);
  const all = [...s.warnings, ...s.manifests.warnings, ...scenarioWarnings(s, untilUs)];
  return all.map((w) => (w.source ? `${file(w.source.file)}:${w.source.line}:${w.source.col}: ${w.message}` : w.message));
}

/** Every warning about `s`, for a run that ends at `untilUs` (default: the scenario's duration). */
export function scenarioWarnings(s: Scenario, untilUs?: Time): ScenarioWarning[] {
  return [
    ...quorumWarnings(s),
    ...selectsNothing(s),
    ...checkCapacity(s).unplaceable.map((u) => ({
      message: `${u.workload}: its pod fits no node (${u.reason}); it stays Pending and the boot ends incomplete`,
      source: s.manifests.workloads.find((w) => w.key === u.workload)?.source,
    })),
    ...faultEndWarnings(s, untilUs),
    ...kindWarnings(s),
  ];
}

/** An etcd majority in one zone or one rack. */
function quorumWarnings(s: Scenario): ScenarioWarning[] {
  const t = s.topology;
  const members = t.controlPlane.length;
  const quorum = Math.floor(members / 2) + 1;
  if (members < 2) return [];
  const out: ScenarioWarning[] = [];
  const count = (key: (h: (typeof t.controlPlane)[number]) => number, names: (i: number) => string, level: string) => {
    const by = new Map<number, string[]>();
    for (const h of t.controlPlane) {
      const k = key(h);
      if (k < 0) continue;
      by.set(k, [...(by.get(k) ?? []), h.name]);
    }
    for (const [k, hosts] of by) {
      if (hosts.length < quorum) continue;
      out.push({ message: `etcd: ${hosts.length} of ${members} members (${hosts.join(', ')}) are in ${level} ${names(k)}; losing it loses quorum (${quorum} needed) and every API write` });
    }
  };
  count((h) => h.zone, (i) => t.zones[i].name, 'zone');
  count((h) => h.rack, (i) => t.racks[i].name, 'rack');
  return out;
}

/** PDBs, Services and SLOs whose selector matches no workload. */
function selectsNothing(s: Scenario): ScenarioWarning[] {
  const ws = s.manifests.workloads;
  const out: ScenarioWarning[] = [];
  for (const p of s.manifests.pdbs) {
    if (selectedWorkloads(p.selector, p.namespace, ws).length === 0) {
      out.push({ message: `${p.key}: selects no workload's pods; it protects nothing from drains`, source: p.source });
    }
  }
  const empty = new Set<string>();
  for (const svc of s.manifests.services) {
    // Pods carry controller-added labels too (statefulset.kubernetes.io/pod-name, pod-template-hash …).
    if (svc.selector === null || selectedWorkloads(svc.selector, svc.namespace, ws).length > 0) continue;
    empty.add(svc.key);
    out.push({ message: `${svc.key}: selects no workload's pods; it never has endpoints`, source: svc.source });
  }
  s.slo.forEach((slo, i) => {
    for (const o of slo.objects.filter((k) => empty.has(k))) {
      out.push({ message: `slo[${i}]: ${o} selects no workload's pods, so the SLO measures nothing (0 desired)`, source: slo.source });
    }
  });
  return out;
}

/** Ignored objects whose kind looks like a simulated one. */
function kindWarnings(s: Scenario): ScenarioWarning[] {
  return s.manifests.ignored.flatMap((o) => {
    const name = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if ((SIMULATED_KINDS as readonly string[]).includes(o.kind)) {
      return [{ message: `${name}: apiVersion ${o.apiVersion} of ${o.kind} is not one kubeblast reads, so it is ignored`, source: o.source }];
    }
    const hit = closestName(o.kind, SIMULATED_KINDS);
    return hit ? [{ message: `${name}: kind "${o.kind}" is not simulated, so it is ignored; did you mean "${hit}"?`, source: o.source }] : [];
  });
}
