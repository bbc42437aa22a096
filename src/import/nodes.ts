/**
 * Nodes of a dump → the scenario's topology and control plane. Region and zone come from the
 * well-known labels (topology.kubernetes.io/region and /zone, or their deprecated
 * failure-domain.beta.kubernetes.io forms); racks from a label the user names (none: one rack per
 * zone). Each zone's nodes are grouped into pools of equal shape (allocatable cpu, memory, pods and
 * extended resources, taints, labels), kept as they are, unequal sizes included. Control-plane
 * nodes are those labelled node-role.kubernetes.io/control-plane (or /master); they become the
 * scenario's control-plane hosts in their zones, not worker nodes.
 */
import type { KubeObject } from './dump.js';

/** Options of the node import. */
export interface NodeImportOptions {
  /** Node label naming the rack; absent: one rack per zone. */
  rackLabel?: string;
  /** Control-plane host count when the dump has no control-plane node (a managed control plane). */
  controlPlaneCount: number;
}

/** What the import made of the nodes. */
export interface ImportedTopology {
  regions: Array<{ name: string; zones: Array<{ name: string; racks: number; pools: Array<{ nodes: number; node: Record<string, unknown> }> }> }>;
  controlPlane: { hosts: string[] | 'spread-zones'; count: number };
  /** Kubernetes minor version of the kubelets (the most common), or null. */
  minor: number | null;
  notes: string[];
}

const REGION = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const ZONE = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];
const CP_ROLES = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
/** Labels kubeblast sets itself or that name one machine: not part of a pool's shape. */
const DROP_LABEL = /^(kubernetes\.io\/hostname|kubernetes\.io\/arch|kubernetes\.io\/os|beta\.kubernetes\.io\/.*|topology\.kubernetes\.io\/.*|failure-domain\.beta\.kubernetes\.io\/.*|node-role\.kubernetes\.io\/.*|kubeblast\.io\/rack|topology\.[a-z.]*csi[a-z.]*\/.*)$/;
/** Taints the node lifecycle controller or kubectl manage: they describe a state, not the node. */
const STATE_TAINT = /^node\.(kubernetes\.io|cloudprovider\.kubernetes\.io)\//;

/** A DNS label from any string (lowercase, '-' for anything else), for region and zone names. */
export function dnsLabel(s: string): string {
  const out = s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return out === '' ? 'x' : out;
}

function label(o: KubeObject, keys: readonly string[]): string | undefined {
  for (const k of keys) if (o.metadata.labels?.[k]) return o.metadata.labels[k];
  return undefined;
}

/** The node's shape as the scenario writes it (`node:` of a pool). */
function shapeOf(n: KubeObject, rackLabel: string | undefined): Record<string, unknown> {
  const alloc = ((n.status?.allocatable ?? n.status?.capacity ?? {}) as Record<string, string | number>);
  const shape: Record<string, unknown> = { cpu: String(alloc.cpu ?? '1'), memory: String(alloc.memory ?? '1Gi'), pods: Number(alloc.pods ?? 110) };
  const extended: Record<string, number> = {};
  for (const [k, v] of Object.entries(alloc).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (k.includes('/') && !k.includes('kubernetes.io/') && Number(v) > 0) extended[k] = Math.floor(Number(v));
  }
  if (Object.keys(extended).length > 0) shape.resources = extended;
  // The rack label names one rack, not the pool: kubeblast sets its own rack label.
  const labels = Object.fromEntries(Object.entries(n.metadata.labels ?? {}).filter(([k]) => !DROP_LABEL.test(k) && k !== rackLabel).sort(([a], [b]) => (a < b ? -1 : 1)));
  if (Object.keys(labels).length > 0) shape.labels = labels;
  const taints = ((n.spec?.taints ?? []) as Array<{ key: string; value?: string; effect: string }>)
    .filter((t) => !STATE_TAINT.test(t.key))
    .map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  if (taints.length > 0) shape.taints = taints;
  return shape;
}

/** The nodes of the dump as regions → zones → pools, and the control plane. */
export function importNodes(all: readonly KubeObject[], opts: NodeImportOptions): ImportedTopology {
  const notes: string[] = [];
  const nodes = all.filter((o) => o.kind === 'Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const isCp = (n: KubeObject) => CP_ROLES.some((k) => n.metadata.labels?.[k] !== undefined);
  const regions = new Map<string, Map<string, { racks: Set<string>; pools: Map<string, { nodes: number; node: Record<string, unknown> }> }>>();
  const cpZones: string[] = [];
  const versions = new Map<number, number>();
  let assumedZone = 0;
  for (const n of nodes) {
    const m = /^v?1\.(\d+)/.exec(String((n.status?.nodeInfo as { kubeletVersion?: string } | undefined)?.kubeletVersion ?? ''));
    if (m) versions.set(Number(m[1]), (versions.get(Number(m[1])) ?? 0) + 1);
    const region = dnsLabel(label(n, REGION) ?? 'region');
    const zoneRaw = label(n, ZONE);
    if (zoneRaw === undefined) assumedZone++;
    const zone = dnsLabel(zoneRaw ?? `${region}-zone`);
    let zones = regions.get(region);
    if (!zones) regions.set(region, (zones = new Map()));
    let z = zones.get(zone);
    if (!z) zones.set(zone, (z = { racks: new Set(), pools: new Map() }));
    if (isCp(n)) {
      cpZones.push(zone);
      continue;
    }
    if (n.spec?.unschedulable) notes.push(`assumed: node ${n.metadata.name} is cordoned in the dump; imported schedulable`);
    z.racks.add(opts.rackLabel ? (n.metadata.labels?.[opts.rackLabel] ?? '') : '');
    const shape = shapeOf(n, opts.rackLabel);
    const key = JSON.stringify(shape);
    const pool = z.pools.get(key);
    if (pool) pool.nodes++;
    else z.pools.set(key, { nodes: 1, node: shape });
  }
  if (assumedZone > 0) notes.push(`assumed: ${assumedZone} node(s) without a zone label put in one zone per region`);
  if (!opts.rackLabel) notes.push('assumed: one rack per zone (no --rack-label given)');
  else notes.push(`assumed: nodes of a zone spread evenly over its ${opts.rackLabel} racks (rack membership of each node is not kept)`);
  const controlPlane = cpZones.length > 0
    ? { hosts: cpZones, count: cpZones.length }
    : { hosts: 'spread-zones' as const, count: opts.controlPlaneCount };
  if (cpZones.length === 0) notes.push(`assumed: no control-plane node in the dump (a managed control plane): ${opts.controlPlaneCount} hosts spread over the zones`);
  const minor = [...versions.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? null;
  return {
    regions: [...regions.entries()].map(([name, zones]) => ({
      name,
      zones: [...zones.entries()].map(([zname, z]) => ({ name: zname, racks: Math.max(1, z.racks.size), pools: [...z.pools.values()] })),
    })),
    controlPlane,
    minor,
    notes,
  };
}
