/**
 * The scheduler's cache (pkg/scheduler/internal/cache/cache.go): every node with the resources
 * requested by the pods on it — bound, or assumed by this process while their binding is in
 * flight — plus the incremental indexes the spread and affinity plugins read. Terminating pods
 * keep their resources until they are removed; pods that finished (Succeeded/Failed) leave, as the
 * scheduler's informer filters them out. Node objects are read live from the store (the store only
 * holds committed state), so a taint or cordon is seen at once.
 */
import type { NodeObj } from '../../apiserver/objects.js';
import { LABEL_REGION, LABEL_ZONE } from '../../topology/types.js';
import { MatchIndexRegistry } from './match-index.js';
import type { PodInfo } from './pod-info.js';
import { ExistingTermIndex } from './term-index.js';
import { TopologyIndex } from './topology.js';

/**
 * The memory figures of every node, in flat arrays by node index. Byte counts do not fit V8's
 * small integers, so as object fields each would be a separately allocated number, one more
 * cache miss per node visited by the filter and score loops (hundreds per cycle).
 */
export class NodeMemory {
  readonly alloc: Float64Array;
  readonly req: Float64Array;
  readonly nonZero: Float64Array;

  constructor(nodes: number) {
    this.alloc = new Float64Array(nodes);
    this.req = new Float64Array(nodes);
    this.nonZero = new Float64Array(nodes);
  }
}

/** A node and what the cache has placed on it (framework.NodeInfo). */
export class NodeInfo {
  readonly allocCpuMilli: number;
  readonly allocPods: number;
  /** Σ requests of the pods on the node (NodeInfo.Requested). */
  reqCpuMilli = 0;
  /** Σ non-zero requests (NodeInfo.NonZeroRequested), for LeastAllocated. */
  nonZeroCpuMilli = 0;
  /** Allocatable extended resources (`nvidia.com/gpu`), from the node's capacity. */
  readonly extAlloc: Readonly<Record<string, number>>;
  /** Σ extended-resource requests of the pods on the node (NodeInfo.Requested.ScalarResources); null while none. */
  extReq: Map<string, number> | null = null;
  /** Pods on the node, in the order they arrived. */
  readonly pods = new Set<PodInfo>();
  /** Number of pods on the node (pods.size, kept as a field for the filter loop). */
  podCount = 0;
  /**
   * What the node object carries, as of its last change (the cache hears every change at commit
   * time): cordoned, a NoSchedule or NoExecute taint, a PreferNoSchedule taint. Kept here so that
   * the filter loop, which visits hundreds of nodes per cycle, reads one object per node.
   */
  unschedulable = false;
  hardTainted = false;
  preferTainted = false;
  /** Moves each time a pod is placed on or removed from the node: the resource scores remembered for it (runtime.ts) hold while it stays. */
  version = 0;
  /** The Node object was deleted: it has left the snapshot (it keeps its index, to keep host ids). */
  deleted = false;

  constructor(
    readonly index: number,
    readonly node: NodeObj,
    private readonly memory: NodeMemory,
  ) {
    this.allocCpuMilli = node.spec.capacity.cpuMilli;
    memory.alloc[index] = node.spec.capacity.memoryBytes;
    this.allocPods = node.spec.capacity.pods;
    this.extAlloc = node.spec.capacity.extended ?? {};
    this.refreshNode();
  }

  /** Allocatable memory. */
  get allocMemoryBytes(): number {
    return this.memory.alloc[this.index];
  }

  /** Σ memory requests of the pods on the node. */
  get reqMemoryBytes(): number {
    return this.memory.req[this.index];
  }

  set reqMemoryBytes(v: number) {
    this.memory.req[this.index] = v;
  }

  /** Σ non-zero memory requests. */
  get nonZeroMemoryBytes(): number {
    return this.memory.nonZero[this.index];
  }

  set nonZeroMemoryBytes(v: number) {
    this.memory.nonZero[this.index] = v;
  }

  /** Adds (sign 1) or removes (−1) a pod's extended-resource requests. */
  addExtended(extended: readonly (readonly [string, number])[], sign: 1 | -1): void {
    if (extended.length === 0) return;
    const req = (this.extReq ??= new Map());
    for (const [name, n] of extended) req.set(name, (req.get(name) ?? 0) + sign * n);
  }

  /** Re-reads the node object's taints. */
  refreshNode(): void {
    this.unschedulable = this.node.unschedulable;
    this.hardTainted = this.node.taints.some((t) => t.effect !== 'PreferNoSchedule');
    this.preferTainted = this.node.taints.some((t) => t.effect === 'PreferNoSchedule');
    this.deleted = this.node.deleted === true;
  }
}

/**
 * The nodes in upstream's snapshot order (internal/cache/node_tree.go list()): one node of each
 * zone in turn, zones in the order their first node appears, so that a search that stops early
 * still sees every zone.
 */
export function zoneRoundRobin(nodes: readonly NodeObj[]): Int32Array {
  const zones = new Map<string, number[]>();
  for (let i = 0; i < nodes.length; i++) {
    const l = nodes[i].labels;
    const key = `${l[LABEL_REGION] ?? ''}:\u0000:${l[LABEL_ZONE] ?? ''}`;
    const list = zones.get(key);
    if (list) list.push(i);
    else zones.set(key, [i]);
  }
  const out = new Int32Array(nodes.length);
  const lists = [...zones.values()];
  let k = 0;
  for (let round = 0; k < nodes.length; round++) {
    for (const list of lists) if (round < list.length) out[k++] = list[round];
  }
  return out;
}

/** What the nodes as a whole carry, so plugins can skip work that cannot change a result. */
export interface NodeSummary {
  /** Cordoned nodes. */
  unschedulable: number;
  /** Nodes with a NoSchedule or NoExecute taint. */
  hardTainted: number;
  /** Nodes with a PreferNoSchedule taint. */
  preferTainted: number;
}

/** The cache of one scheduler process. */
export class SchedulerCache {
  readonly nodes: NodeInfo[];
  /** Node indexes in snapshot order. */
  readonly order: Int32Array;
  /** Each node's position in `order`. */
  readonly position: Int32Array;
  /** Node index by name. */
  readonly byName = new Map<string, number>();
  readonly topology: TopologyIndex;
  readonly indexes: MatchIndexRegistry;
  readonly terms: ExistingTermIndex;
  /** Pods in the cache (bound or assumed), by uid, in arrival order. */
  readonly pods = new Map<number, PodInfo>();
  /** Pods in the cache per priority value (to know quickly whether anything could be preempted). */
  private readonly priorities = new Map<number, number>();
  /** Counts over all nodes, kept current by `nodeChanged`. */
  private readonly summary: NodeSummary = { unschedulable: 0, hardTainted: 0, preferTainted: 0 };
  /** Cached pods per `k=v` label pair, so a new index only looks at the pods its hint allows. */
  private readonly byLabel = new Map<string, Set<PodInfo>>();

  constructor(nodes: readonly NodeObj[]) {
    const memory = new NodeMemory(nodes.length);
    this.nodes = nodes.map((n, i) => new NodeInfo(i, n, memory));
    this.order = zoneRoundRobin(nodes);
    this.position = new Int32Array(nodes.length);
    this.order.forEach((node, at) => (this.position[node] = at));
    nodes.forEach((n, i) => this.byName.set(n.name, i));
    this.topology = new TopologyIndex(nodes);
    this.indexes = new MatchIndexRegistry(nodes.length, (hint, fn) => {
      const pods = hint === null ? this.pods.values() : this.byLabel.get(hint)?.values();
      if (pods) for (const p of pods) fn(p);
    });
    this.terms = new ExistingTermIndex(this.topology);
    for (const n of this.nodes) this.count(n, 1);
  }

  /**
   * Pods nominated to each node by a preemption and not yet bound (the queue's nominator,
   * AddNominatedPod): their room is held for them when other pods of no higher priority are filtered.
   */
  readonly nominated = new Map<number, Set<PodInfo>>();

  /** Records (node ≥ 0) or clears (−1) a pod's nomination. */
  nominate(p: PodInfo, node: number): void {
    for (const [n, set] of this.nominated) {
      if (!set.delete(p) || set.size > 0) continue;
      this.nominated.delete(n);
    }
    if (node < 0) return;
    let set = this.nominated.get(node);
    if (!set) this.nominated.set(node, (set = new Set()));
    set.add(p);
  }

  /** Adds a pod on `node`: assumed by this process (`assumed`) or seen bound. */
  add(p: PodInfo, node: number, assumed: boolean): void {
    if (p.node >= 0) throw new Error(`${p.pod.key} is already in the scheduler cache on ${this.nodes[p.node].node.name}`);
    p.node = node;
    p.assumed = assumed;
    p.live = p.pod.deletionTimestamp < 0;
    const n = this.nodes[node];
    n.version++;
    n.reqCpuMilli += p.tpl.cpuMilli;
    n.reqMemoryBytes += p.tpl.memoryBytes;
    n.nonZeroCpuMilli += p.tpl.nonZeroCpuMilli;
    n.nonZeroMemoryBytes += p.tpl.nonZeroMemoryBytes;
    n.addExtended(p.tpl.extended, 1);
    n.pods.add(p);
    n.podCount++;
    this.pods.set(p.uid, p);
    for (const pair of p.labelPairs) {
      const set = this.byLabel.get(pair);
      if (set) set.add(p);
      else this.byLabel.set(pair, new Set([p]));
    }
    this.priorities.set(p.priority, (this.priorities.get(p.priority) ?? 0) + 1);
    this.indexes.podAdded(p);
    this.terms.podAdded(p);
  }

  /** Removes a pod (deleted, finished, or an assumed pod whose binding failed: ForgetPod). */
  remove(p: PodInfo): void {
    if (p.node < 0) return;
    const n = this.nodes[p.node];
    n.version++;
    n.reqCpuMilli -= p.tpl.cpuMilli;
    n.reqMemoryBytes -= p.tpl.memoryBytes;
    n.nonZeroCpuMilli -= p.tpl.nonZeroCpuMilli;
    n.nonZeroMemoryBytes -= p.tpl.nonZeroMemoryBytes;
    n.addExtended(p.tpl.extended, -1);
    n.pods.delete(p);
    n.podCount--;
    this.pods.delete(p.uid);
    for (const pair of p.labelPairs) this.byLabel.get(pair)?.delete(p);
    const c = (this.priorities.get(p.priority) ?? 1) - 1;
    if (c === 0) this.priorities.delete(p.priority);
    else this.priorities.set(p.priority, c);
    this.indexes.podRemoved(p);
    this.terms.podRemoved(p);
    p.node = -1;
    p.assumed = false;
    p.live = false;
  }

  /** A cached pod got a deletionTimestamp: it still holds resources but no longer counts for spreading. */
  markTerminating(p: PodInfo): void {
    if (p.node < 0 || !p.live) return;
    this.indexes.podTerminating(p);
    p.live = false;
  }

  /** A node object changed (taints, cordon, condition): its flags and the summary follow. */
  nodeChanged(host: number): void {
    const n = this.nodes[host];
    this.count(n, -1);
    n.refreshNode();
    this.count(n, 1);
  }

  /** Counts over all nodes of what the filters and scores look at. */
  nodeSummary(): Readonly<NodeSummary> {
    return this.summary;
  }

  /** Adds (`sign` 1) or takes away (−1) a node's share of the summary. */
  private count(n: NodeInfo, sign: number): void {
    const s = this.summary;
    if (n.unschedulable) s.unschedulable += sign;
    if (n.hardTainted) s.hardTainted += sign;
    if (n.preferTainted) s.preferTainted += sign;
  }

  /** Whether any cached pod has a priority below `priority` (anything DefaultPreemption could evict). */
  hasPriorityBelow(priority: number): boolean {
    for (const prio of this.priorities.keys()) if (prio < priority) return true;
    return false;
  }
}
