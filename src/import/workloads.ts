/**
 * The objects of a dump that a scenario's manifests keep: top-level owners only (a Deployment, not
 * its ReplicaSets and pods; a CronJob, not its Jobs), with what the API server and controllers
 * wrote stripped — `status`, `managedFields`, `resourceVersion`, `uid`, `creationTimestamp`,
 * `generation`, `ownerReferences`, kubectl's last-applied annotation, allocated cluster IPs, a
 * Job's generated selector and labels. The built-in PriorityClasses and the claims a StatefulSet
 * created from its volumeClaimTemplates are left out too (the cluster makes them again).
 */
import type { KubeObject } from './dump.js';

/** Kinds a scenario simulates or reads (design.md §3). */
const KEPT_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'ReplicationController', 'PersistentVolumeClaim',
  'LimitRange', 'Job', 'CronJob', 'PodDisruptionBudget', 'PriorityClass', 'StorageClass',
]);
const META_DROP = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink', 'ownerReferences', 'finalizers', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const ANNOTATION_DROP = /^(kubectl\.kubernetes\.io\/last-applied-configuration|deployment\.kubernetes\.io\/.*|pv\.kubernetes\.io\/.*|volume\.kubernetes\.io\/.*|volume\.beta\.kubernetes\.io\/.*|control-plane\.alpha\.kubernetes\.io\/.*|deprecated\.daemonset\.template\.generation)$/;
const JOB_GENERATED = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/** One object left out, and why. */
export interface Dropped {
  kind: string;
  name: string;
  why: string;
}

function cleanMeta(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: KubeObject['metadata'] = { ...meta };
  for (const k of META_DROP) delete out[k];
  if (out.annotations) {
    const kept = Object.fromEntries(Object.entries(out.annotations).filter(([k]) => !ANNOTATION_DROP.test(k)));
    if (Object.keys(kept).length > 0) out.annotations = kept;
    else delete out.annotations;
  }
  return out;
}

/** Removes the `creationTimestamp: null` kubectl prints in every embedded template's metadata. */
function dropNullTimestamps(v: unknown): void {
  if (Array.isArray(v)) v.forEach(dropNullTimestamps);
  else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (o.creationTimestamp === null) delete o.creationTimestamp;
    Object.values(o).forEach(dropNullTimestamps);
  }
}

/** What the API server allocated or generated in a spec, removed so that the object reads as written. */
function cleanSpec(o: KubeObject): Record<string, unknown> | undefined {
  if (!o.spec) return undefined;
  const spec: Record<string, unknown> = structuredClone(o.spec);
  if (o.kind === 'Service') {
    if (spec.clusterIP !== 'None') delete spec.clusterIP;
    delete spec.clusterIPs;
    delete spec.healthCheckNodePort;
  }
  if (o.kind === 'PersistentVolumeClaim') delete spec.volumeName;
  if (o.kind === 'Job' && !spec.manualSelector) {
    delete spec.selector;
    const tpl = spec.template as { metadata?: { labels?: Record<string, string> } } | undefined;
    for (const k of [...JOB_GENERATED, 'job-name', 'batch.kubernetes.io/job-name']) delete tpl?.metadata?.labels?.[k];
  }
  for (const claim of (spec.volumeClaimTemplates ?? []) as Array<Record<string, unknown>>) delete claim.status;
  dropNullTimestamps(spec);
  return spec;
}

/** Names of the claims StatefulSets created from their volumeClaimTemplates (`<template>-<set>-<ordinal>`), per namespace. */
function claimPattern(all: readonly KubeObject[]): (ns: string, name: string) => string | null {
  const sets = all.filter((o) => o.kind === 'StatefulSet');
  return (ns, name) => {
    for (const s of sets) {
      if ((s.metadata.namespace ?? 'default') !== ns) continue;
      for (const t of (s.spec?.volumeClaimTemplates ?? []) as Array<{ metadata?: { name?: string } }>) {
        const prefix = `${t.metadata?.name}-${s.metadata.name}-`;
        if (name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length))) return s.metadata.name;
      }
    }
    return null;
  };
}

/** The objects to write, stripped, and those left out with the reason. */
export function keepObjects(all: readonly KubeObject[]): { kept: KubeObject[]; dropped: Dropped[] } {
  const kept: KubeObject[] = [];
  const dropped: Dropped[] = [];
  const createdBySet = claimPattern(all);
  for (const o of all) {
    if (o.kind === 'Node') continue;
    const name = o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
    const owner = o.metadata.ownerReferences?.[0];
    if (!KEPT_KINDS.has(o.kind)) dropped.push({ kind: o.kind, name, why: 'not simulated' });
    else if (owner) dropped.push({ kind: o.kind, name, why: `owned by ${owner.kind} ${owner.name}` });
    else if (o.kind === 'PriorityClass' && o.metadata.name.startsWith('system-')) dropped.push({ kind: o.kind, name, why: 'built into the API server' });
    else if (o.kind === 'PersistentVolumeClaim' && createdBySet(o.metadata.namespace ?? 'default', o.metadata.name)) {
      dropped.push({ kind: o.kind, name, why: `created by StatefulSet ${createdBySet(o.metadata.namespace ?? 'default', o.metadata.name)} from its volumeClaimTemplates` });
    } else {
      const out: KubeObject = { apiVersion: o.apiVersion, kind: o.kind, metadata: cleanMeta(o.metadata) };
      for (const [k, v] of Object.entries(o)) if (!['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k)) out[k] = v;
      const spec = cleanSpec(o);
      if (spec) out.spec = spec;
      kept.push(out);
    }
  }
  return { kept, dropped };
}

/** Ready counts the dump's status shows per workload (`deployment/NS/NAME` → ready pods), for comparing a run with the cluster. */
export function dumpReadyCounts(all: readonly KubeObject[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of all) {
    if (o.metadata.ownerReferences?.length) continue;
    const st = (o.status ?? {}) as Record<string, number | undefined>;
    const ready = o.kind === 'DaemonSet' ? st.numberReady : ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'].includes(o.kind) ? st.readyReplicas : undefined;
    if (ready !== undefined) out.set(`${o.kind.toLowerCase()}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`, ready);
  }
  return out;
}
