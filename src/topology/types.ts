/**
 * The physical layout of a simulated cluster: regions → zones → racks → hosts. Hosts are worker
 * nodes and control-plane hosts; every host has a stable integer id used as an array index
 * everywhere in the simulation (worker nodes first, ids 0..nodes-1, then control-plane hosts).
 * Names follow design.md §3: racks `ZONE/rK`, nodes `ZONE-rK-nM`, control-plane hosts `cp-N`.
 */

/** Integer id of a host; worker node ids equal their index in `Topology.nodes`. */
export type HostId = number;

/** Standard node labels (design.md §1). */
export const LABEL_REGION = 'topology.kubernetes.io/region';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
export const LABEL_RACK = 'kubeblast.io/rack';
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/** A region: a set of zones. */
export interface Region {
  index: number;
  name: string;
  zones: number[];
}

/** An availability zone: a set of racks (and control-plane hosts placed in it). */
export interface Zone {
  index: number;
  name: string;
  region: number;
  racks: number[];
  /** Worker node host ids in this zone, in rack then node order. */
  nodes: HostId[];
  /** Control-plane host ids in this zone. */
  controlPlane: HostId[];
}

/** A rack (`ZONE/rK`): hosts that share power and a top-of-rack switch. */
export interface Rack {
  index: number;
  name: string;
  zone: number;
  /** Every host in the rack: worker nodes, and control-plane hosts placed in it explicitly. */
  hosts: HostId[];
}

/** A node's allocatable resources. */
export interface Capacity {
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
  /** Extended resources the node advertises (`nvidia.com/gpu: 8`), whole units; absent when none. */
  extended?: Record<string, number>;
}

/** A taint on a node (core/v1 Taint). */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Any machine: a worker node or a control-plane host. */
export interface Host {
  id: HostId;
  name: string;
  role: 'node' | 'control-plane';
  region: number;
  zone: number;
  /** Rack index, or -1 for a control-plane host placed in a zone without a rack (its own). */
  rack: number;
}

/** A worker node: a host with capacity and the labels and taints it registers with. */
export interface NodeSpec extends Host {
  role: 'node';
  capacity: Capacity;
  labels: Record<string, string>;
  taints: Taint[];
  /** Price per hour of this node (`node.costPerHour`), when the scenario gives one. */
  costPerHour?: number;
}

/** A control-plane host: runs one etcd member, one API server, one kube-controller-manager and one kube-scheduler replica. */
export interface ControlPlaneHost extends Host {
  role: 'control-plane';
  /** 1-based ordinal: `cp-1` … `cp-N`. */
  ordinal: number;
}

/** The whole layout, with lookups by name. */
export interface Topology {
  regions: Region[];
  zones: Zone[];
  racks: Rack[];
  /** Every host by id: `nodes` first, then `controlPlane`. */
  hosts: Host[];
  nodes: NodeSpec[];
  controlPlane: ControlPlaneHost[];
  /** Lookups by name (region, zone, rack `ZONE/rK`, node, `cp-N`). */
  regionByName: Map<string, number>;
  zoneByName: Map<string, number>;
  rackByName: Map<string, number>;
  hostByName: Map<string, HostId>;
}

/** How far apart two hosts are, which picks their latency class. */
export type Distance = 'host' | 'rack' | 'zone' | 'crossZone' | 'crossRegion';

/** The distance class between two hosts. */
export function distance(t: Topology, a: HostId, b: HostId): Distance {
  if (a === b) return 'host';
  const ha = t.hosts[a];
  const hb = t.hosts[b];
  if (ha.region !== hb.region) return 'crossRegion';
  if (ha.zone !== hb.zone) return 'crossZone';
  if (ha.rack >= 0 && ha.rack === hb.rack) return 'rack';
  return 'zone';
}
