/**
 * kube-scheduler as a leader-elected component. Only the process on the host that holds
 * `ctx.schedulerLease` schedules; a new leader is a new process (client-go exits on lost
 * leadership), which rebuilds its cache from the store and enqueues every pending pod once its
 * informers have synced (`informerSyncUs` over the pods and nodes it lists). Bindings
 * are `client-apiserver` writes from the leader's host through the client-side rate limiter
 * (KubeSchedulerConfiguration clientConnection: `spec.scheduler.kubeAPIQPS/kubeAPIBurst`, default
 * 50/100); the API server re-checks at
 * commit that the pod still exists, is unbound and is not being deleted.
 *
 * The world builds it once, before the control plane starts:
 *   const scheduler = new Scheduler(ctx);   // listens to the lease and the store
 */
import type { PodObj } from '../apiserver/objects.js';
import { ClientRateLimiter } from '../apiserver/ratelimit.js';
import type { Timer } from '../kernel/sim.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';
import type { PodInfo } from './cache/pod-info.js';
import { SchedulerProcess, type SchedulerStats } from './process.js';
import { PREEMPTED } from './plugins/DefaultPreemption.js';
import type { PdbLister } from './preemption/victims.js';
import { deletePod } from '../apiserver/eviction.js';
import { informerSyncUs } from '../apiserver/informers.js';

/** The kube-scheduler of a run. */
export class Scheduler {
  /** Client-side throttling of the acting process's requests. */
  readonly limiter: ClientRateLimiter;
  readonly stats: SchedulerStats = { attempts: 0, assumed: 0, bound: 0, unschedulable: 0, bindFailures: 0, nodesFiltered: 0 };
  private acting: HostId = -1;
  private generation = 0;
  private proc: SchedulerProcess | null = null;
  private readonly timers: { cycle: Timer; backoff: Timer; leftover: Timer };
  /** The informer sync of a new process (WaitForCacheSync before `sched.Run`). */
  private readonly sync: Timer;

  constructor(
    private readonly ctx: WorldContext,
    /** PodDisruptionBudgets for preemption's candidate choice (the world passes the disruption controller's store). */
    private readonly pdbs: PdbLister | null = null,
  ) {
    const sim = ctx.sim;
    const { kubeAPIQPS, kubeAPIBurst } = ctx.scenario.scheduler;
    this.limiter = new ClientRateLimiter(sim, kubeAPIQPS, kubeAPIBurst, 'kube-scheduler', PRIORITY.scheduler);
    // Timers belong to the component and are reused by each process, so leader changes allocate no kernel slots.
    this.timers = {
      cycle: sim.timer('kube-scheduler scheduling cycles', () => this.proc?.runCycles(), PRIORITY.scheduler),
      backoff: sim.timer('kube-scheduler backoffQ flush', () => this.proc?.queue.flushBackoff(), PRIORITY.scheduler),
      leftover: sim.timer('kube-scheduler unschedulable flush', () => this.proc?.queue.flushLeftover(), PRIORITY.scheduler),
    };
    this.sync = sim.timer('kube-scheduler informers synced', () => this.startProcess(), PRIORITY.scheduler);
    ctx.schedulerLease.onLeaderChange((host) => this.leaderChanged(host));
    ctx.store.onPod((pod, change) => this.proc?.onPod(pod, change));
    ctx.store.onNode((node, change) => this.proc?.onNode(node, change));
    if (ctx.schedulerLease.leaderHost() >= 0) this.leaderChanged(ctx.schedulerLease.leaderHost());
  }

  /** Host of the acting scheduler process, or -1. */
  get host(): HostId {
    return this.acting;
  }

  /** The acting process (for tests and inspection), or null. */
  get process(): SchedulerProcess | null {
    return this.proc;
  }

  private leaderChanged(host: HostId): void {
    if (host === this.acting) return;
    this.proc?.stop();
    this.proc = null;
    this.sync.clear();
    this.acting = host;
    this.limiter.reset();
    if (host < 0) return;
    this.generation++;
    this.sync.setAfter(informerSyncUs(this.ctx.store.pods.size + this.ctx.store.nodes.length));
  }

  /** The new process's informers synced: it builds its cache from the store and starts scheduling. */
  private startProcess(): void {
    const gen = this.generation;
    this.proc = new SchedulerProcess({
      ctx: this.ctx,
      bind: (p, node) => this.bind(gen, p, node),
      patchStatus: () => this.limiter.take(() => {}),
      deleteVictim: (pod, message) => this.deleteVictim(gen, pod, message),
      nominate: (pod, node) => this.nominate(gen, pod, node),
      pdbs: this.pdbs,
      stats: this.stats,
      timers: this.timers,
    });
  }

  /** The process of generation `gen`, if it is still the acting one. */
  private current(gen: number): SchedulerProcess | null {
    return gen === this.generation && this.acting >= 0 ? this.proc : null;
  }

  /** DefaultBinder: POST pods/binding, rate-limited, from the acting host. */
  private bind(gen: number, p: PodInfo, node: number): void {
    this.limiter.take(() => {
      if (this.current(gen) === null) return; // the process died before its turn: the request is never sent
      const pod = p.pod;
      this.ctx.writePath.submit(
        this.acting,
        'client-apiserver',
        `bind ${pod.key}`,
        () => this.commitBind(gen, p, node),
        (reason) => this.current(gen)?.bindFailed(p, node, reason),
        'bind', // requesterOf(label), named here so that no label is parsed per binding
      );
    });
  }

  /** DELETE of a preemption victim from the acting host; at commit, graceful deletion (reason Preempted) and the event. */
  private deleteVictim(gen: number, pod: PodObj, message: string): void {
    this.limiter.take(() => {
      if (this.current(gen) === null) return;
      this.ctx.writePath.submit(this.acting, 'client-apiserver', `delete ${pod.key}`, () => {
        if (!this.ctx.store.pods.has(pod.uid) || pod.deletionTimestamp >= 0) return;
        deletePod(this.ctx.store, pod, this.ctx.sim.now, PREEMPTED);
        this.ctx.events.add(this.ctx.sim.now, 'Normal', 'Preempted', pod.key, message);
      }, () => {}, 'scheduler delete');
    });
  }

  /** PATCH of status.nominatedNodeName from the acting host (−1 clears it). */
  private nominate(gen: number, pod: PodObj, node: number): void {
    this.limiter.take(() => {
      if (this.current(gen) === null) return;
      this.ctx.writePath.submit(this.acting, 'client-apiserver', `nominate ${pod.key}`, () => {
        if (this.ctx.store.pods.has(pod.uid) && pod.node < 0) pod.nominatedNode = node;
      }, () => {}, 'scheduler status');
    });
  }

  /** The API server's side of a binding, at commit time. */
  private commitBind(gen: number, p: PodInfo, node: number): void {
    const store = this.ctx.store;
    const pod = p.pod;
    const refused = bindingRefusal(store.pods.has(pod.uid), pod, pod.node >= 0 ? store.nodes[pod.node].name : '');
    if (refused !== null) {
      this.current(gen)?.bindFailed(p, node, refused);
      return;
    }
    store.bindPod(pod, node);
    if (this.current(gen) === null) return;
    this.stats.bound++;
    this.ctx.events.add(this.ctx.sim.now, 'Normal', 'Scheduled', pod.key, `Successfully assigned ${pod.namespace}/${pod.name} to ${store.nodes[node].name}`);
  }
}

/** Why the API server refuses a binding (pod gone, already bound, being deleted), or null. */
function bindingRefusal(exists: boolean, pod: PodObj, assignedNode: string): string | null {
  if (!exists) return `pods "${pod.name}" not found`;
  if (pod.node >= 0) return `Operation cannot be fulfilled on pods/binding "${pod.name}": pod ${pod.name} is already assigned to node "${assignedNode}"`;
  if (pod.deletionTimestamp >= 0) return `pod ${pod.name} is being deleted, cannot be assigned to a host`;
  return null;
}
