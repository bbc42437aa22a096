/**
 * One kube-scheduler process while it holds the lease: its cache, queue and framework, rebuilt
 * from the store when it starts (informers list everything: bound pods fill the cache, pending
 * pods fill activeQ). It reacts to store changes at commit time (watch latency is negligible
 * against the binding round trip), schedules in cycles that take no simulated time, assumes the
 * chosen node at once so the next cycle sees it, and binds through the rate-limited client.
 */
import type { NodeObj, PodObj } from '../apiserver/objects.js';
import type { NodeChange, PodChange } from '../apiserver/store.js';
import type { Timer } from '../kernel/sim.js';
import type { ServiceSpec, Workload } from '../manifests/types.js';
import type { WorldContext } from '../world/context.js';
import { SchedulerCache } from './cache/cache.js';
import { PodInfo } from './cache/pod-info.js';
import { CycleState } from './framework/cycle-state.js';
import type { Handle } from './framework/handle.js';
import type { ClusterEvent } from './framework/interfaces.js';
import { Framework } from './framework/runtime.js';
import { schedulingGatesPreEnqueue } from './plugins/SchedulingGates.js';
import { defaultProfile } from './profile.js';
import type { PdbLister, Victims } from './preemption/victims.js';
import { SchedulingQueue } from './queue/scheduling-queue.js';

/** Counters of a scheduler (all processes together), for tests and benches. */
export interface SchedulerStats {
  attempts: number;
  /** Pods assumed on a node (a binding was started). */
  assumed: number;
  /** Bindings committed. */
  bound: number;
  /** Attempts that found no node. */
  unschedulable: number;
  /** Bindings that failed or were rejected. */
  bindFailures: number;
  /** Nodes the filters ran on, over all successful attempts (÷ assumed = nodes per cycle). */
  nodesFiltered: number;
}

/** What a process needs from the scheduler that owns it. */
export interface ProcessDeps {
  ctx: WorldContext;
  /** Sends a binding from this process (rate-limited; dropped if the process has ended by then). */
  bind(p: PodInfo, node: number): void;
  /** Spends a client token on a status patch (the PodScheduled condition). */
  patchStatus(): void;
  /** DELETE of a preemption victim (rate-limited; graceful), with its `Preempted` event. */
  deleteVictim(pod: PodObj, message: string): void;
  /** Patches status.nominatedNodeName (−1 clears it). */
  nominate(pod: PodObj, node: number): void;
  stats: SchedulerStats;
  /** The PDB lister, for preemption (absent in worlds without controllers). */
  pdbs?: PdbLister | null;
  timers: { cycle: Timer; backoff: Timer; leftover: Timer };
}

function terminal(pod: PodObj): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

/** The scheduler process of one leader term. */
export class SchedulerProcess {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  private readonly framework: Framework;
  private readonly state = new CycleState();
  /** Every pod the process knows, pending or in the cache. */
  readonly pods = new Map<number, PodInfo>();
  /** Message of the last FailedScheduling per pod (the PodScheduled condition is patched only when it changes). */
  private readonly lastMessage = new WeakMap<PodInfo, string>();

  constructor(private readonly deps: ProcessDeps) {
    const { ctx } = deps;
    this.cache = new SchedulerCache(ctx.store.nodes);
    const handle: Handle = {
      cache: this.cache,
      services: new Map<string, ServiceSpec>(ctx.scenario.manifests.services.map((s) => [s.key, s])),
      workloads: new Map<string, Workload>(ctx.scenario.manifests.workloads.map((w) => [w.key, w])),
      volumes: ctx.volumes ?? null,
      kubernetesMinor: ctx.scenario.kubernetesMinor,
      pdbs: deps.pdbs ?? null,
    };
    const { profile, enqueue } = defaultProfile(handle);
    this.framework = new Framework(handle, profile, ctx.scenario.scheduler.percentageOfNodesToScore, ctx.streams.keyed('scheduler/ties'));
    this.queue = new SchedulingQueue(ctx.sim, ctx.scenario.scheduler, enqueue, ctx.sim.now, () => this.armCycle(), deps.timers.backoff, deps.timers.leftover);
    for (const pod of ctx.store.pods.values()) {
      if (terminal(pod)) continue;
      if (pod.node >= 0) {
        const info = new PodInfo(pod);
        this.pods.set(pod.uid, info);
        this.cache.add(info, pod.node, false);
      } else if (pod.deletionTimestamp < 0) {
        this.addPending(pod);
      }
    }
  }

  /** Stops the process's timers (its state is simply dropped). */
  stop(): void {
    this.queue.close();
    this.deps.timers.cycle.clear();
  }

  private armCycle(): void {
    const t = this.deps.timers.cycle;
    if (!t.pending) t.set(this.deps.ctx.sim.now);
  }

  private addPending(pod: PodObj): void {
    // A pod created with spec.nodeName is assigned already: the scheduler's informer only takes
    // unassigned pods (pkg/scheduler/eventhandlers.go assignedPod). Its node does not exist, or it
    // would have been bound at creation; pod GC deletes it (pkg/controller/podgc gcOrphaned).
    if (pod.template.nodeName) return;
    // PreEnqueue: a gated pod waits outside the queue (plugins/SchedulingGates.ts).
    if (!schedulingGatesPreEnqueue(pod).ok) return;
    const info = new PodInfo(pod);
    this.pods.set(pod.uid, info);
    this.queue.add(info);
  }

  /** Drains activeQ: one cycle per pod, all in this event. */
  runCycles(): void {
    for (let p = this.queue.pop(); p !== undefined; p = this.queue.pop()) this.scheduleOne(p);
  }

  private scheduleOne(p: PodInfo): void {
    const { ctx, stats } = this.deps;
    const pod = p.pod;
    // skipPodSchedule: deleted, being deleted, or already placed while it waited.
    if (!ctx.store.pods.has(pod.uid) || pod.deletionTimestamp >= 0 || pod.node >= 0 || p.node >= 0) return;
    stats.attempts++;
    const out = this.framework.schedule(this.state, p);
    if (out.ok) {
      stats.assumed++;
      stats.nodesFiltered += out.evaluated;
      this.cache.add(p, out.node, true);
      this.deps.bind(p, out.node);
      return;
    }
    stats.unschedulable++;
    if (out.nomination) this.preempt(p, out.nomination);
    this.failed(p, out.message, out.rejectors);
  }

  /**
   * prepareCandidate, then the nomination (preemption.go, schedule_one.go handleSchedulingFailure):
   * delete the victims, clear the nomination of lower-priority pods nominated to the node, and
   * nominate the node for the preemptor. The victims terminate gracefully; their removal requeues
   * the preemptor (AssignedPodDelete), which then tries its nominated node first.
   */
  private preempt(p: PodInfo, nomination: Victims): void {
    const { ctx } = this.deps;
    const nodeName = ctx.store.nodes[nomination.node].name;
    for (const v of nomination.pods) {
      this.deps.deleteVictim(v.pod, `Preempted by pod ${p.pod.namespace}/${p.pod.name} on node ${nodeName}`);
    }
    for (const other of this.pods.values()) {
      if (other !== p && other.pod.nominatedNode === nomination.node && other.priority < p.priority && other.node < 0) {
        this.deps.nominate(other.pod, -1);
        this.cache.nominate(other, -1);
      }
    }
    this.deps.nominate(p.pod, nomination.node);
    this.cache.nominate(p, nomination.node);
  }

  /** handleSchedulingFailure: the event, the PodScheduled condition, and back to the queue if still pending. */
  private failed(p: PodInfo, message: string, rejectors: number): void {
    const { ctx } = this.deps;
    ctx.events.add(ctx.sim.now, 'Warning', 'FailedScheduling', p.pod.key, message);
    if (this.lastMessage.get(p) !== message) {
      this.lastMessage.set(p, message);
      this.deps.patchStatus();
    }
    const pod = p.pod;
    if (ctx.store.pods.has(pod.uid) && pod.node < 0 && pod.deletionTimestamp < 0) this.queue.addUnschedulable(p, rejectors);
    else if (p.node < 0) this.pods.delete(pod.uid);
  }

  /** A binding of this process failed or was rejected: forget the assumed pod and retry it. */
  bindFailed(p: PodInfo, node: number, reason: string): void {
    this.deps.stats.bindFailures++;
    if (p.assumed && p.node === node) {
      this.cache.remove(p);
      this.event({ kind: 'AssignedPodDelete', pod: p, node });
    }
    this.failed(p, `running Bind plugin "DefaultBinder": ${reason}`, 0);
  }

  /** Store pod changes, at commit time. */
  onPod(pod: PodObj, change: PodChange): void {
    // Most changes are status updates of running pods: the map of known pods is read only when
    // the change can concern the scheduler.
    if (change === 'status' && !terminal(pod)) return;
    const info = this.pods.get(pod.uid);
    switch (change) {
      case 'created':
        if (!info && pod.node < 0 && pod.deletionTimestamp < 0 && !terminal(pod)) this.addPending(pod);
        return;
      case 'bound':
        this.podBound(pod, info);
        return;
      case 'status':
        if (info) this.podGone(info);
        return;
      case 'deleting':
        if (!info) return;
        if (info.node >= 0) this.cache.markTerminating(info);
        else this.podGone(info);
        return;
      case 'removed':
        if (info) this.podGone(info);
        return;
    }
  }

  private podBound(pod: PodObj, info: PodInfo | undefined): void {
    if (info && this.cache.nominated.size > 0) this.cache.nominate(info, -1);
    if (info && info.node === pod.node) {
      // Our own binding committed (FinishBinding): the assumed pod is now bound.
      info.assumed = false;
    } else {
      if (!info) {
        info = new PodInfo(pod);
        this.pods.set(pod.uid, info);
      }
      this.queue.delete(info);
      if (info.node >= 0) this.cache.remove(info);
      if (terminal(pod)) return;
      this.cache.add(info, pod.node, false);
    }
    this.event({ kind: 'AssignedPodAdd', pod: info, node: pod.node });
  }

  private podGone(info: PodInfo): void {
    if (this.cache.nominated.size > 0) this.cache.nominate(info, -1);
    this.queue.delete(info);
    this.pods.delete(info.uid);
    const node = info.node;
    if (node < 0) return;
    this.cache.remove(info);
    this.event({ kind: 'AssignedPodDelete', pod: info, node });
  }

  /** Store node changes. */
  onNode(node: NodeObj, change: NodeChange): void {
    this.cache.nodeChanged(node.host);
    this.event({ kind: 'NodeUpdate', node, change });
  }

  private event(e: ClusterEvent): void {
    this.queue.onEvent(e);
  }
}
