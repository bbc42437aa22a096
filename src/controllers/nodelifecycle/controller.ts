/**
 * The node lifecycle controller (kube-controller-manager `node-lifecycle-controller`) — ref:
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go; kubernetes.md §1, §2, §5.
 *
 * Upstream checks every node every 5 s (`monitorNodeHealth`). kubeblast computes the same passes
 * analytically (grid.ts): a node is looked at only in the pass where its grace period expires, the
 * pass after the controller changed its condition (when upstream's `observedReadyCondition`
 * catches up and the node enters the tainting queue), and the pass after its kubelet posted Ready
 * again. `probeTimestamp` is the controller's local clock: the first pass at or after the node's
 * last Lease renewal (or Ready post), never before the process's first pass (an empty health map
 * gives every node a fresh grace: "Missing timestamp for Node. Assuming now") nor before the last
 * exit from master disruption mode. ⚠ The controller's informers see a commit at commit time.
 */
import type { NodeObj, PodUid } from '../../apiserver/objects.js';
import type { NodeChange } from '../../apiserver/store.js';
import type { Rng } from '../../kernel/rng.js';
import type { Time } from '../../kernel/time.js';
import type { NodeLifecycleConfig } from '../../scenario/types.js';
import type { HostId } from '../../topology/types.js';
import type { WorldContext } from '../../world/context.js';
import { PRIORITY } from '../../world/priority.js';
import { REACTION_US, type Controller, type ControllerManager } from '../manager.js';
import { MonitorGrid, PassScheduler } from './grid.js';
import { hasTaint, noExecuteFor, NOT_READY_NO_EXECUTE, reconcileNoSchedule, swapTaints, UNREACHABLE_NO_EXECUTE } from './taints.js';
import { ZoneSet, type ZoneInfo } from './zoneset.js';

/** The controller's client (ClientOrDie("node-controller")): its own rate limiter. */
const NODE_CONTROLLER = 'node-controller';

/** What the controller learns of node heartbeats (the kubelets' Leases); `Kubelets` implements it. */
export interface NodeLeaseView {
  /** Time of the last renewal of `host` that committed at or before `now`. */
  lastRenewal(host: HostId, now: Time): Time;
  /** Whether `host` renews now. */
  isRenewing(host: HostId): boolean;
  /** Calls `fn(host)` when a node stops or resumes renewing. */
  onRenewalChange(fn: (host: HostId) => void): void;
}

/** Period of `doNoExecuteTaintingPass` (scheduler.NodeEvictionPeriod, rate_limited_queue.go). */
export const NODE_EVICTION_PERIOD_US: Time = 100_000;

/** The node lifecycle controller. Register it with the controller-manager (`kcm.add`). */
export class NodeLifecycleController implements Controller {
  private readonly ctx: WorldContext;
  private readonly cfg: NodeLifecycleConfig;
  private readonly zones: ZoneSet;
  private readonly passes: PassScheduler;
  private readonly rng: Rng;
  private grid: MonitorGrid | null = null;
  /** probeTimestamp floor: the process's first pass, or the last exit from master disruption mode. */
  private floorUs = 0;
  /** Last time each node's kubelet posted Ready (a status heartbeat). */
  private readonly readyPostUs: Float64Array;
  /** Ready=Unknown writes of this process not yet committed (upstream's pass waits for them). */
  private readonly writing: Uint8Array;
  /** MarkPodsNotReady to retry at the next look (upstream `nodesToRetry`). */
  private readonly retryPods: Uint8Array;
  /** Pods whose MarkPodsNotReady write this process has sent or queued and not yet seen settle. */
  private readonly marking = new Set<PodUid>();
  private readonly noSchedulePending: Uint8Array;

  constructor(
    private readonly kcm: ControllerManager,
    private readonly leases: NodeLeaseView,
  ) {
    this.ctx = kcm.ctx;
    this.cfg = this.ctx.scenario.nodeLifecycle;
    const n = this.ctx.store.nodes.length;
    this.zones = new ZoneSet(this.ctx.sim, this.ctx.store.nodes, PRIORITY.nodeLifecycle, (z) => this.taintTick(z));
    this.passes = new PassScheduler(this.ctx.sim, n, PRIORITY.nodeLifecycle, (k, hosts) => this.pass(k, hosts));
    this.rng = this.ctx.streams.stream('nodelifecycle/taint-order');
    this.readyPostUs = new Float64Array(n);
    this.writing = new Uint8Array(n);
    this.retryPods = new Uint8Array(n);
    this.noSchedulePending = new Uint8Array(n);
    leases.onRenewalChange((host) => this.renewalChanged(host));
    this.ctx.store.onNode((node, change) => this.nodeChanged(node, change));
  }

  private get acting(): boolean {
    return this.grid !== null;
  }

  start(): void {
    const now = this.ctx.sim.now;
    this.grid = new MonitorGrid(now, this.cfg.monitorPeriodUs);
    this.floorUs = now;
    this.readyPostUs.fill(Number.NEGATIVE_INFINITY);
    this.writing.fill(0);
    this.retryPods.fill(0);
    this.marking.clear();
    this.noSchedulePending.fill(0);
    this.zones.reset(now, this.ctx.store.nodes.map((n) => n.ready), this.cfg, this.ctx.store.nodes.map((n) => !n.deleted));
    this.passes.reset(this.grid);
    // The first pass looks at every node; the node informer's adds reconcile NoSchedule taints.
    for (const node of this.ctx.store.nodes) {
      if (node.deleted) continue;
      this.passes.due(node.host, 0);
      this.reconcileNoScheduleSoon(node);
    }
  }

  stop(): void {
    this.grid = null;
    this.marking.clear();
    this.passes.reset(null);
    this.zones.stop();
  }

  /** One monitor pass in which something can change: look at `hosts`, then `handleDisruption`. */
  private pass(k: number, hosts: HostId[]): void {
    if (!this.grid) return;
    const nowUs = this.grid.timeOf(k);
    for (const h of hosts) this.look(h, k, nowUs);
    const mode = this.zones.handleDisruption(nowUs, this.cfg, this.ctx.events);
    if (mode === 'entered') this.enterMasterDisruption();
    else if (mode === 'exited') this.exitMasterDisruption(k, nowUs);
    for (const z of this.zones.zones) this.armTainting(z);
  }

  /** Upstream's per-node work of a pass: tryUpdateNodeHealth, processTaintBaseEviction, MarkPodsNotReady. */
  private look(h: HostId, k: number, nowUs: Time): void {
    // A deleted Node is not in the node lister: nothing monitors it until it registers again.
    if (!this.zones.isPresent(h)) return;
    const node = this.ctx.store.nodes[h];
    const observed: NodeObj['ready'] = this.writing[h] ? 'Unknown' : node.ready;
    let current = observed;
    if (observed !== 'Unknown' && nowUs > this.probeOf(h, nowUs) + this.cfg.gracePeriodUs) {
      current = 'Unknown';
      this.postUnknown(node, k);
    }
    if (current !== 'True' && (observed === 'True' || this.retryPods[h])) {
      if (observed === 'True') this.ctx.events.add(nowUs, 'Normal', 'NodeNotReady', `node/${node.name}`, `Node ${node.name} status is now: NodeNotReady`);
      this.markPodsNotReady(node, k);
    }
    this.processTaintBaseEviction(node, observed);
    this.zones.setView(h, current);
    if (current !== observed) this.passes.due(h, k + 1);
    else if (current === 'True' && !this.leases.isRenewing(h)) this.passes.due(h, this.expiryIndex(h, nowUs));
  }

  /** The pass at which the controller first saw the node's latest heartbeat (its local clock). */
  private probeOf(h: HostId, nowUs: Time): Time {
    const grid = this.grid!;
    const heartbeat = Math.max(this.leases.lastRenewal(h, nowUs), this.readyPostUs[h]);
    const seen = heartbeat === Number.NEGATIVE_INFINITY ? this.floorUs : grid.timeOf(grid.indexAtOrAfter(heartbeat));
    return Math.max(this.floorUs, seen);
  }

  /** First pass with `now > probeTimestamp + grace` for a node whose heartbeats stopped. */
  private expiryIndex(h: HostId, nowUs: Time): number {
    const grid = this.grid!;
    return Math.max(grid.indexAfter(this.probeOf(h, nowUs) + this.cfg.gracePeriodUs), grid.indexAtOrAfter(nowUs));
  }

  /**
   * Ready (and the pressure conditions) → Unknown, "Kubelet stopped posting node status.". The
   * write is an UpdateStatus with the node's resourceVersion: if the kubelet posted meanwhile it
   * conflicts and upstream re-evaluates with the fresh heartbeat; here it is skipped.
   */
  private postUnknown(node: NodeObj, k: number): void {
    const h = node.host;
    const decidedUs = this.ctx.sim.now;
    this.writing[h] = 1;
    this.kcm.write(`node ${node.name} Ready=Unknown`, () => {
      this.writing[h] = 0;
      if (node.deleted || node.readyTransition > decidedUs) return; // NotFound, or the kubelet posted meanwhile
      this.ctx.store.setNodeReady(node, 'Unknown', this.ctx.sim.now);
    }, () => {
      this.writing[h] = 0;
      if (!this.grid) return;
      this.zones.setView(h, node.ready);
      this.passes.due(h, Math.max(k + 1, this.grid.indexAtOrAfter(this.ctx.sim.now)));
    }, NODE_CONTROLLER);
  }

  /**
   * MarkPodsNotReady (pkg/controller/util/node/controller_utils.go): every pod on the node whose
   * Ready condition is True gets Ready=False, whatever the zone state (issue #77864) — one
   * `UpdateStatus` per pod, each through the node-controller client's rate limiter
   * (`spec.controllerManager.kubeAPIQPS`, 20/s by default), so a zone of thousands of pods takes
   * minutes to leave the endpoints. A pod gone by commit time is NotFound (skipped, no event);
   * otherwise the `NodeNotReady` event follows the request, failed or not, as upstream records it.
   * Any failure puts the node in `nodesToRetry`: the next pass that looks at it marks again the
   * pods still Ready. A pod whose write is still queued is not written twice.
   */
  private markPodsNotReady(node: NodeObj, k: number): void {
    const h = node.host;
    this.retryPods[h] = 0;
    const store = this.ctx.store;
    const gen = this.kcm.generation;
    for (const pod of store.podsOnNode[h]) {
      // UpdatePodCondition: nothing to send for a pod whose Ready is already False.
      if (!pod.ready || this.marking.has(pod.uid)) continue;
      this.marking.add(pod.uid);
      this.kcm.write(`MarkPodsNotReady ${pod.key}`, () => {
        if (gen === this.kcm.generation) this.marking.delete(pod.uid); // a dead process's writes still commit
        if (store.pods.get(pod.uid) !== pod || pod.node !== h) return; // NotFound / no longer this node's
        const now = this.ctx.sim.now;
        store.setPodStatus(pod, { ready: false }, now);
        this.ctx.events.add(now, 'Warning', 'NodeNotReady', pod.key, 'Node is not ready');
      }, () => {
        this.marking.delete(pod.uid);
        if (!this.grid) return;
        if (store.pods.get(pod.uid) === pod) this.ctx.events.add(this.ctx.sim.now, 'Warning', 'NodeNotReady', pod.key, 'Node is not ready');
        if (this.retryPods[h]) return;
        this.retryPods[h] = 1;
        this.passes.due(h, Math.max(k + 1, this.grid.indexAtOrAfter(this.ctx.sim.now)));
      }, NODE_CONTROLLER);
    }
  }

  /** `processTaintBaseEviction` with the condition the pass observed (before its own update). */
  private processTaintBaseEviction(node: NodeObj, observed: NodeObj['ready']): void {
    const nx = noExecuteFor(observed);
    if (nx === null) {
      this.markNodeAsReachable(node);
      return;
    }
    if (hasTaint(node.taints, nx.opposite)) {
      // Already tainted with the other NoExecute taint: swap at once, no queue.
      this.writeTaints(node, `swap ${nx.taint.key}:NoExecute`, [nx.taint], [nx.opposite]);
      return;
    }
    const { tainter } = this.zones.zoneOfHost(node.host);
    if (!hasTaint(node.taints, nx.taint)) tainter.remove(node.host); // markNodeForTainting
    tainter.add(node.host);
  }

  /** `markNodeAsReachable`: removes both NoExecute taints and drops the node from its zone's queue. */
  private markNodeAsReachable(node: NodeObj): void {
    if (hasTaint(node.taints, UNREACHABLE_NO_EXECUTE) || hasTaint(node.taints, NOT_READY_NO_EXECUTE)) {
      this.writeTaints(node, 'remove NoExecute', [], [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
    }
    this.zones.zoneOfHost(node.host).tainter.remove(node.host);
  }

  /** "Entering master disruption mode": every node's not-ready/unreachable taints go (limiters already at 0). */
  private enterMasterDisruption(): void {
    for (const node of this.ctx.store.nodes) if (!node.deleted) this.markNodeAsReachable(node);
  }

  /**
   * "Exiting master disruption mode": every node's probeTimestamp := now. Nodes still not Ready are
   * (re)queued as the passes in between would have done; limiters were restored per zone state.
   */
  private exitMasterDisruption(k: number, nowUs: Time): void {
    this.floorUs = nowUs;
    for (const node of this.ctx.store.nodes) {
      if (node.deleted) continue;
      const h = node.host;
      const view = this.zones.viewOf(h);
      if (view !== 'True') this.processTaintBaseEviction(node, this.writing[h] ? 'Unknown' : node.ready);
      else if (!this.leases.isRenewing(h)) this.passes.due(h, Math.max(k + 1, this.expiryIndex(h, nowUs)));
    }
  }

  /** Arms a zone's next `doNoExecuteTaintingPass` attempt on the 100 ms grid, when a node waits and a token will come. */
  private armTainting(z: ZoneInfo): void {
    if (!this.grid || z.tainter.waiting.length === 0) {
      z.timer.clear();
      return;
    }
    const now = this.ctx.sim.now;
    const tokenUs = z.tainter.nextTokenAt(now);
    if (tokenUs === Number.POSITIVE_INFINITY) {
      z.timer.clear();
      return;
    }
    const start = this.grid.startUs;
    z.timer.set(start + Math.ceil((Math.max(tokenUs, now) - start) / NODE_EVICTION_PERIOD_US) * NODE_EVICTION_PERIOD_US);
  }

  /** `doNoExecuteTaintingPass` for one zone: taint the next node if a token is free. */
  private taintTick(z: ZoneInfo): void {
    if (!this.grid) return;
    for (;;) {
      const h = z.tainter.take(this.ctx.sim.now, this.rng);
      if (h === undefined) break;
      const node = this.ctx.store.nodes[h];
      if (node.deleted) continue; // "Node no longer present in nodeLister"
      const nx = noExecuteFor(this.writing[h] ? 'Unknown' : node.ready);
      if (nx === null) continue; // Ready again: nothing to taint (the token is spent, as upstream)
      this.writeTaints(node, `taint ${nx.taint.key}:NoExecute`, [nx.taint], [nx.opposite], () => {
        z.tainter.retry(h);
        this.armTainting(z);
      });
    }
    this.armTainting(z);
  }

  private writeTaints(node: NodeObj, what: string, add: NodeObj['taints'], remove: NodeObj['taints'], failed?: () => void): void {
    this.kcm.write(`node ${node.name} ${what}`, () => {
      if (node.deleted) return; // NotFound
      const taints = swapTaints(node.taints, add, remove);
      if (taints) this.ctx.store.setNodeTaints(node, taints);
    }, failed, NODE_CONTROLLER);
  }

  private renewalChanged(h: HostId): void {
    if (!this.grid || this.leases.isRenewing(h) || this.zones.viewOf(h) !== 'True') return;
    this.passes.due(h, this.expiryIndex(h, this.ctx.sim.now));
  }

  private nodeChanged(node: NodeObj, change: NodeChange): void {
    if (!this.grid) return;
    const h = node.host;
    const now = this.ctx.sim.now;
    if (change === 'deleted') {
      this.zones.leave(h);
      return;
    }
    if (change === 'registered') {
      // A new Node object (the kubelet registered again): monitored from the next pass, with the
      // condition it was created with; its taints and condition events follow.
      this.zones.join(h, node.ready);
      this.readyPostUs[h] = now;
      this.passes.due(h, this.grid.indexAtOrAfter(now + REACTION_US));
      return;
    }
    if (change === 'condition' || change === 'unschedulable') this.reconcileNoScheduleSoon(node);
    if (change === 'condition' && node.ready === 'True' && this.zones.viewOf(h) !== 'True') {
      // The kubelet posted Ready: a heartbeat, and the next pass removes the NoExecute taints.
      this.readyPostUs[h] = now;
      this.passes.due(h, this.grid.indexAtOrAfter(now + REACTION_US));
    } else if (change === 'taints' && this.noExecuteDisagrees(node)) {
      // Someone else changed the NoExecute taints this controller manages: every pass would
      // re-assert them (remove them from a Ready node, re-queue a not-Ready one); the next one does.
      this.passes.due(h, this.grid.indexAtOrAfter(now + REACTION_US));
    }
  }

  /** Whether the node's not-ready/unreachable NoExecute taints differ from what its condition calls for. */
  private noExecuteDisagrees(node: NodeObj): boolean {
    const h = node.host;
    if (this.writing[h]) return false;
    const nx = noExecuteFor(this.zones.viewOf(h));
    if (nx === null) return hasTaint(node.taints, UNREACHABLE_NO_EXECUTE) || hasTaint(node.taints, NOT_READY_NO_EXECUTE);
    // A node in its zone's queue (waiting, or tainted by a write still in flight) is taken care of.
    return !hasTaint(node.taints, nx.taint) && !this.zones.zoneOfHost(h).tainter.members.has(h);
  }

  /** `doNoScheduleTaintingPass` on a node update: NoSchedule taints follow the condition at once. */
  private reconcileNoScheduleSoon(node: NodeObj): void {
    const h = node.host;
    if (this.noSchedulePending[h] || reconcileNoSchedule(node) === null) return;
    this.noSchedulePending[h] = 1;
    this.ctx.sim.after(REACTION_US, 'node lifecycle NoSchedule taints', () => {
      this.noSchedulePending[h] = 0;
      if (!this.grid || node.deleted || reconcileNoSchedule(node) === null) return;
      this.kcm.write(`node ${node.name} NoSchedule taints`, () => {
        if (node.deleted) return; // NotFound
        const taints = reconcileNoSchedule(node);
        if (taints) this.ctx.store.setNodeTaints(node, taints);
      }, undefined, NODE_CONTROLLER);
    }, PRIORITY.nodeLifecycle);
  }
}
