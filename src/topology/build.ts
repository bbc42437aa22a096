/**
 * Builds the `Topology` of a scenario (design.md §3): regions → zones → racks → nodes, named
 * `ZONE/rK` and `ZONE-rK-nM`, then the control-plane hosts `cp-1 … cp-N` placed over zones or in
 * named zones and racks. Host ids: worker nodes first in region, zone, rack, node order, then
 * control-plane hosts. Every problem is an `InputError` at the scenario node that caused it.
 */
import { InputError, type SourcePos } from '../errors.js';
import type { PathSegment } from '../yaml/source.js';
import { formatPath } from '../yaml/source.js';
import {
  LABEL_HOSTNAME, LABEL_RACK, LABEL_REGION, LABEL_ZONE,
  type Capacity, type ControlPlaneHost, type NodeSpec, type Rack, type Region, type Taint, type Topology, type Zone,
} from './types.js';

/** The node shape of a zone: capacity, extra labels and taints. */
export interface NodeTemplate {
  capacity: Capacity;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** Price per hour of one node (for capacity planning). */
  costPerHour?: number;
}

/** One zone as the scenario writes it. */
export interface ZoneInput {
  name: string;
  racks: number;
  nodesPerRack: number;
  /**
   * Instead of `nodesPerRack`: the zone's node total, spread over its racks as evenly as possible
   * (the first `nodes mod racks` racks get one more), so any count per zone is expressible.
   */
  nodes?: number;
  /** Required when the zone has nodes (and no pools). */
  node?: NodeTemplate;
  /**
   * Instead of one `node` shape: node pools of unequal shapes (an imported cluster's), `nodes` of
   * each in turn; their total is spread over the racks as `nodes` is.
   */
  pools?: Array<{ nodes: number; node: NodeTemplate }>;
}

/** The `topology.regions` of a scenario. */
export interface TopologyInput {
  regions: Array<{ name: string; zones: ZoneInput[] }>;
}

/** `controlPlane.hosts` and `count`: spread over zones, or one host per named zone or rack. */
export interface ControlPlaneInput {
  hosts: 'spread-zones' | string[];
  /** Undefined: the length of an explicit list, else `defaultCount`. */
  count?: number;
  defaultCount: number;
}

/** Where a path below `spec` sits in the scenario file (undefined when unknown, e.g. in tests). */
export type Locate = (path: PathSegment[]) => SourcePos | undefined;

/** Maximum control-plane hosts: etcd advises no more than seven members (reference §4). */
export const MAX_CONTROL_PLANE = 7;

/** Labels the builder sets on every node; a user label may not replace them. */
const RESERVED_LABELS = [LABEL_REGION, LABEL_ZONE, LABEL_RACK, LABEL_HOSTNAME];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESERVED_NAME = /^(cp-\d+|etcd-leader|controller-manager-leader|scheduler-leader)$/;

/** Builds the topology; `locate` positions errors (paths are relative to `spec`). */
export function buildTopology(input: TopologyInput, cp: ControlPlaneInput, locate: Locate = () => undefined): Topology {
  const fail = (path: PathSegment[], message: string, hint?: string): never => {
    throw new InputError(`${formatPath(['spec', ...path])}: ${message}`, locate(path), hint);
  };
  const t: Topology = {
    regions: [], zones: [], racks: [], hosts: [], nodes: [], controlPlane: [],
    regionByName: new Map(), zoneByName: new Map(), rackByName: new Map(), hostByName: new Map(),
  };
  const names = new Map<string, string>();
  const claim = (name: string, what: string, path: PathSegment[]): void => {
    const prior = names.get(name);
    if (prior !== undefined) fail(path, `duplicate name "${name}": already used by ${prior}; names must be unique`);
    names.set(name, what);
  };
  input.regions.forEach((r, ri) => {
    const rPath: PathSegment[] = ['topology', 'regions', ri];
    checkName(r.name, [...rPath, 'name'], 'region', fail);
    claim(r.name, `region ${r.name}`, [...rPath, 'name']);
    const region: Region = { index: t.regions.length, name: r.name, zones: [] };
    t.regions.push(region);
    t.regionByName.set(r.name, region.index);
    r.zones.forEach((z, zi) => addZone(t, region, z, [...rPath, 'zones', zi], claim, fail));
  });
  if (t.nodes.length === 0) {
    fail(['topology'], 'the topology has no worker nodes; expected at least one zone with racks ≥ 1 and nodesPerRack ≥ 1');
  }
  placeControlPlane(t, cp, claim, fail);
  return t;
}

type Fail = (path: PathSegment[], message: string, hint?: string) => never;
type Claim = (name: string, what: string, path: PathSegment[]) => void;

function checkName(name: string, path: PathSegment[], what: string, fail: Fail): void {
  if (!DNS_LABEL.test(name) || name.length > 63) {
    fail(path, `expected a ${what} name of lowercase letters, digits and '-' (a DNS label, at most 63 characters), got "${name}"`);
  }
  if (RESERVED_NAME.test(name)) fail(path, `"${name}" is reserved for control-plane hosts and moving targets; choose another ${what} name`);
}

function addZone(t: Topology, region: Region, z: ZoneInput, path: PathSegment[], claim: Claim, fail: Fail): void {
  checkName(z.name, [...path, 'name'], 'zone', fail);
  claim(z.name, `zone ${z.name}`, [...path, 'name']);
  const zone: Zone = { index: t.zones.length, name: z.name, region: region.index, racks: [], nodes: [], controlPlane: [] };
  t.zones.push(zone);
  t.zoneByName.set(z.name, zone.index);
  region.zones.push(zone.index);
  if (z.nodes !== undefined && z.nodesPerRack > 0) fail(path, 'expected nodesPerRack or nodes, not both');
  if (z.nodes !== undefined && z.nodes > 0 && z.racks === 0) fail([...path, 'nodes'], `expected racks ≥ 1 to hold ${z.nodes} nodes`);
  if (z.pools) z = { ...z, nodes: z.pools.reduce((n, p) => n + p.nodes, 0), node: z.pools.find((p) => p.nodes > 0)?.node };
  const poolOf = poolLookup(z);
  const rackSize = (k: number): number => (z.nodes === undefined ? z.nodesPerRack : Math.floor(z.nodes / z.racks) + (k <= z.nodes % z.racks ? 1 : 0));
  const hasNodes = z.racks > 0 && (z.nodes ?? z.nodesPerRack) > 0;
  if (hasNodes && !z.node) fail(path, 'expected "node" (cpu, memory, pods) for a zone with nodes');
  for (const key of Object.keys(z.node?.labels ?? {})) {
    if (RESERVED_LABELS.includes(key)) fail([...path, 'node', 'labels', key], `label ${key} is set by kubeblast from the topology; remove it`);
  }
  for (let k = 1; k <= z.racks; k++) {
    const rackName = `${z.name}/r${k}`;
    claim(rackName, `rack ${rackName}`, [...path, 'name']);
    const rack: Rack = { index: t.racks.length, name: rackName, zone: zone.index, hosts: [] };
    t.racks.push(rack);
    t.rackByName.set(rackName, rack.index);
    zone.racks.push(rack.index);
    for (let m = 1; m <= rackSize(k); m++) {
      const name = `${z.name}-r${k}-n${m}`;
      if (name.length > 63) fail([...path, 'name'], `node name "${name}" is longer than 63 characters; shorten the zone name`);
      claim(name, `node ${name}`, [...path, 'name']);
      const shape = poolOf(zone.nodes.length);
      const node: NodeSpec = {
        id: t.hosts.length, name, role: 'node', region: region.index, zone: zone.index, rack: rack.index,
        capacity: { ...shape.capacity },
        labels: nodeLabels(t, region, zone, rack, name, shape.labels),
        taints: (shape.taints ?? []).map((x) => ({ ...x })),
      };
      if (shape.costPerHour !== undefined) node.costPerHour = shape.costPerHour;
      t.hosts.push(node);
      t.nodes.push(node);
      t.hostByName.set(name, node.id);
      rack.hosts.push(node.id);
      zone.nodes.push(node.id);
    }
  }
}

/** The shape of the zone's k-th node (0-based): its pool's, or the zone's one `node`. */
function poolLookup(z: ZoneInput): (k: number) => NodeTemplate {
  if (!z.pools) return () => z.node!;
  const ends: number[] = [];
  let total = 0;
  for (const p of z.pools) ends.push((total += p.nodes));
  return (k) => z.pools![ends.findIndex((end) => k < end)].node;
}

function nodeLabels(t: Topology, region: Region, zone: Zone, rack: Rack, name: string, user?: Record<string, string>): Record<string, string> {
  return {
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/os': 'linux',
    ...user,
    [LABEL_REGION]: region.name,
    [LABEL_ZONE]: zone.name,
    // A label value may not contain '/', so the rack label is `ZONE-rK`, the rack name with '-'.
    [LABEL_RACK]: rack.name.replace('/', '-'),
    [LABEL_HOSTNAME]: name,
  };
}

function placeControlPlane(t: Topology, cp: ControlPlaneInput, claim: Claim, fail: Fail): void {
  const explicit = cp.hosts !== 'spread-zones' ? cp.hosts : null;
  const count = cp.count ?? explicit?.length ?? cp.defaultCount;
  const countPath: PathSegment[] = cp.count !== undefined ? ['controlPlane', 'count'] : ['controlPlane', 'hosts'];
  if (count < 1 || count > MAX_CONTROL_PLANE) fail(countPath, `expected 1 to ${MAX_CONTROL_PLANE} control-plane hosts, got ${count}`);
  if (explicit && explicit.length !== count) {
    fail(['controlPlane', 'hosts'], `lists ${explicit.length} placements but count is ${count}; expected one zone or rack per host`);
  }
  for (let i = 0; i < count; i++) {
    let zoneIndex: number;
    let rackIndex = -1;
    if (explicit) {
      const where = explicit[i];
      const rack = t.rackByName.get(where);
      const zone = t.zoneByName.get(where);
      if (rack !== undefined) {
        rackIndex = rack;
        zoneIndex = t.racks[rack].zone;
      } else if (zone !== undefined) {
        zoneIndex = zone;
      } else {
        return fail(['controlPlane', 'hosts', i], `no zone or rack named "${where}"; zones: ${listNames(t.zones.map((z) => z.name))}`,
          'racks are written ZONE/rK, e.g. ' + (t.racks[0]?.name ?? 'zone-a/r1'));
      }
    } else {
      zoneIndex = i % t.zones.length;
    }
    const name = `cp-${i + 1}`;
    claim(name, `control-plane host ${name}`, ['controlPlane']);
    const zone = t.zones[zoneIndex];
    const host: ControlPlaneHost = { id: t.hosts.length, name, role: 'control-plane', region: zone.region, zone: zoneIndex, rack: rackIndex, ordinal: i + 1 };
    t.hosts.push(host);
    t.controlPlane.push(host);
    t.hostByName.set(name, host.id);
    zone.controlPlane.push(host.id);
    if (rackIndex >= 0) t.racks[rackIndex].hosts.push(host.id);
  }
}

/** Lists names for a message, shortening long lists: `a, b, c … (12 in all)`. */
export function listNames(names: readonly string[], max = 8): string {
  if (names.length === 0) return '(none)';
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} … (${names.length} in all)`;
}
