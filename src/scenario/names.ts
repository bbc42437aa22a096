/**
 * Name resolution for faults and SLOs: topology names (regions, zones, racks `ZONE/rK`, nodes,
 * `cp-N`) to hosts, and workload / Service references (`deployment/NS/NAME`, `deployment/NAME`,
 * a bare unique name, `NS/NAME`) to output keys. Failures return a message naming what exists,
 * for the caller to position.
 */
import type { ManifestSet, ServiceSpec, Workload, WorkloadKind } from '../manifests/types.js';
import { listNames } from '../topology/build.js';
import type { HostId, Topology } from '../topology/types.js';
import { didYouMean } from '../yaml/suggest.js';

/** A topology level that a name can denote. */
export type Level = 'region' | 'zone' | 'rack' | 'node' | 'control-plane';

/** Every host (worker nodes and control-plane hosts) of a region, zone or rack. */
export function domainHosts(t: Topology, level: 'region' | 'zone' | 'rack', index: number): HostId[] {
  if (level === 'rack') return [...t.racks[index].hosts];
  const zones = level === 'zone' ? [index] : t.regions[index].zones;
  return zones.flatMap((z) => [...t.zones[z].nodes, ...t.zones[z].controlPlane]);
}

/** Worker nodes of a region, zone or rack. */
export function domainNodes(t: Topology, level: 'region' | 'zone' | 'rack', index: number): HostId[] {
  return domainHosts(t, level, index).filter((h) => t.hosts[h].role === 'node');
}

/** What a name denotes in the topology, if anything. */
export function lookup(t: Topology, name: string): { level: Level; index: number } | null {
  const region = t.regionByName.get(name);
  if (region !== undefined) return { level: 'region', index: region };
  const zone = t.zoneByName.get(name);
  if (zone !== undefined) return { level: 'zone', index: zone };
  const rack = t.rackByName.get(name);
  if (rack !== undefined) return { level: 'rack', index: rack };
  const host = t.hostByName.get(name);
  if (host !== undefined) return { level: t.hosts[host].role === 'node' ? 'node' : 'control-plane', index: host };
  return null;
}

/** The hosts a name stands for (a host itself, or every host of a domain). */
export function hostsOf(t: Topology, hit: { level: Level; index: number }): HostId[] {
  return hit.level === 'node' || hit.level === 'control-plane' ? [hit.index] : domainHosts(t, hit.level, hit.index);
}

/** "What exists" for a not-found message about the given levels. */
export function existing(t: Topology, levels: readonly Level[]): string {
  const parts: string[] = [];
  if (levels.includes('region')) parts.push(`regions: ${listNames(t.regions.map((r) => r.name))}`);
  if (levels.includes('zone')) parts.push(`zones: ${listNames(t.zones.map((z) => z.name))}`);
  if (levels.includes('rack')) parts.push(`racks are ZONE/rK, e.g. ${t.racks[0]?.name ?? 'ZONE/r1'}`);
  if (levels.includes('node')) parts.push(`nodes are ZONE-rK-nM, e.g. ${t.nodes[0]?.name ?? 'ZONE-r1-n1'}`);
  if (levels.includes('control-plane')) parts.push(`control-plane hosts: ${listNames(t.controlPlane.map((h) => h.name))}`);
  return parts.join('; ');
}

/** `; did you mean "X"?` for a name not found among the topology names of `levels` (or ''). */
export function nameHint(t: Topology, name: string, levels: readonly Level[]): string {
  const names: string[] = [];
  if (levels.includes('region')) names.push(...t.regions.map((r) => r.name));
  if (levels.includes('zone')) names.push(...t.zones.map((z) => z.name));
  if (levels.includes('rack')) names.push(...t.racks.map((r) => r.name));
  if (levels.includes('node')) names.push(...t.nodes.map((n) => n.name));
  if (levels.includes('control-plane')) names.push(...t.controlPlane.map((h) => h.name));
  return didYouMean(name, names);
}

const KIND_BY_WORD: Record<string, WorkloadKind> = {
  deployment: 'Deployment', replicaset: 'ReplicaSet', replicationcontroller: 'ReplicationController', statefulset: 'StatefulSet', daemonset: 'DaemonSet', job: 'Job', pod: 'Pod',
};

/**
 * Resolves a workload reference: `kind/NS/NAME`, `kind/NAME` (namespace `defaultNamespace`), or
 * a bare `NAME` when exactly one workload of the allowed kinds has it. Returns the workload or a
 * message saying what was expected or what exists.
 */
export function resolveWorkload(ms: ManifestSet, ref: string, allowed: readonly WorkloadKind[], defaultNamespace: string): Workload | string {
  const candidates = ms.workloads.filter((w) => allowed.includes(w.kind));
  const kinds = allowed.map((k) => k.toLowerCase()).join(', ');
  const known = `workloads: ${listNames(candidates.map((w) => w.key))}`;
  const parts = ref.split('/');
  if (parts.length === 1) {
    const hits = candidates.filter((w) => w.name === ref);
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return `"${ref}" is ambiguous (${hits.map((w) => w.key).join(', ')}); write kind/NAMESPACE/NAME`;
    return `no ${kinds} named "${ref}"; ${known}${didYouMean(ref, candidates.map((w) => w.name))}`;
  }
  if (parts.length > 3 || parts.some((p) => p === '')) {
    return `expected kind/NAME or kind/NAMESPACE/NAME (kind: ${kinds}), got "${ref}"`;
  }
  const kind = KIND_BY_WORD[parts[0].toLowerCase()];
  if (!kind || !allowed.includes(kind)) {
    return `expected kind/NAME or kind/NAMESPACE/NAME with kind one of ${kinds}, got "${ref}"`;
  }
  const [namespace, name] = parts.length === 3 ? [parts[1], parts[2]] : [defaultNamespace, parts[1]];
  const hit = candidates.find((w) => w.kind === kind && w.namespace === namespace && w.name === name);
  // Suggest in the form written: kind/NS/NAME, or kind/NAME within the default namespace.
  const forms = candidates.map((w) => (parts.length === 3 ? w.key : `${w.kind.toLowerCase()}/${w.name}`));
  return hit ?? `no ${kind.toLowerCase()} "${namespace}/${name}"; ${known}${didYouMean(ref, forms)}`;
}

/** Resolves a Service reference `NAME` (namespace `defaultNamespace`) or `NS/NAME`. */
export function resolveService(ms: ManifestSet, ref: string, defaultNamespace: string): ServiceSpec | string {
  const parts = ref.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) return `expected a Service as NAME or NAMESPACE/NAME, got "${ref}"`;
  const [namespace, name] = parts.length === 2 ? [parts[0], parts[1]] : [defaultNamespace, parts[0]];
  const hit = ms.services.find((s) => s.namespace === namespace && s.name === name);
  const known = ms.services.map((s) => (parts.length === 2 ? `${s.namespace}/${s.name}` : s.name));
  return hit ?? `no Service "${namespace}/${name}"; services: ${listNames(ms.services.map((s) => `${s.namespace}/${s.name}`))}${didYouMean(ref, known)}`;
}
