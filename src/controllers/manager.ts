/**
 * kube-controller-manager as a process: whichever control-plane host holds its Lease runs every
 * controller; the others run none. A new leader is a new process (client-go exits on lost
 * leadership), so controllers start from empty state and resync everything after their
 * informers sync.
 *
 * A new process starts its controllers once its informers have synced (`informerSyncUs` in
 * src/apiserver/informers.ts, over the pods, nodes, services and workload objects it lists).
 */
import type { HostId } from '../topology/types.js';
import type { Time } from '../kernel/time.js';
import { MS } from '../kernel/time.js';
import type { WorldContext } from '../world/context.js';
import { ClientRateLimiter } from '../apiserver/ratelimit.js';
import { PRIORITY } from '../world/priority.js';
import type { Timer } from '../kernel/sim.js';
import { informerSyncUs } from '../apiserver/informers.js';

/** Why a write the manager could not send fails. */
export const NOT_ACTING = 'controller-manager not acting';

/** A controller run by the controller-manager. */
export interface Controller {
  /** Called when a new leader process starts acting (after informer sync): rebuild state, resync all. */
  start(): void;
  /** Called when the acting process stops (lease lost, host down): drop in-memory state and timers. */
  stop(): void;
}

/** Delay between a committed change and the controller acting on it: watch propagation and workqueue, ≈1 ms (negligible against availability timescales, but keeps reactions after the commit that caused them). */
export const REACTION_US: Time = 1 * MS;

export { INFORMER_LIST_PER_OBJECT_US, INFORMER_SYNC_POLL_US, informerSyncUs } from '../apiserver/informers.js';

/** The controller-manager: tracks the acting leader and starts/stops controllers with it. */
export class ControllerManager {
  private readonly controllers: Controller[] = [];
  private acting: HostId = -1;
  /** Incremented every time a new leader process starts; lets stale callbacks detect they belong to a dead process. */
  generation = 0;
  /** Incremented every time controllers start or stop: a write's `failed` is delivered only within its epoch. */
  private epoch = 0;

  /**
   * Client-side throttling, one token bucket per controller: kube-controller-manager builds a
   * clientset per controller (`ClientBuilder.ClientOrDie("replicaset-controller")`, each with its
   * own rate limiter from --kube-api-qps/--kube-api-burst, the scenario's
   * `spec.controllerManager.kubeAPIQPS/kubeAPIBurst`, default 20/30).
   */
  private readonly limiters = new Map<string, ClientRateLimiter>();
  /** Whether the acting process's informers have synced (its controllers run). */
  private synced = false;
  private readonly sync: Timer;

  constructor(readonly ctx: WorldContext) {
    this.sync = ctx.sim.timer('kube-controller-manager informers synced', () => this.informersSynced(), PRIORITY.controller);
    ctx.controllerManagerLease.onLeaderChange((host) => this.leaderChanged(host));
  }

  /** Registers a controller (before the run starts). */
  add(c: Controller): void {
    this.controllers.push(c);
  }

  /** Host of the acting controller-manager, or -1. */
  get host(): HostId {
    return this.acting;
  }

  /** Whether a controller-manager is acting now: it leads and its informers have synced. */
  get isActing(): boolean {
    return this.acting >= 0 && this.synced;
  }

  /** Objects the informers list: pods, nodes, services and the workload objects of the manifests. */
  private listedObjects(): number {
    const { store, scenario } = this.ctx;
    return store.pods.size + store.nodes.length + store.services.length + scenario.manifests.workloads.length;
  }

  /**
   * Submits a write from the acting controller-manager (`client-apiserver` from its host), through
   * the rate limiter of the controller's client (`client`, e.g. `replicaset-controller`). Every
   * write ends in `commit` or `failed`, except that `failed` is never called once the process
   * that issued the write has stopped: its controllers were stopped and a new process rebuilt
   * their state, so a dead process's callback must not resurrect work (upstream, the process
   * exited and its callbacks died with it). A write issued while no process acts, or still
   * waiting for a token when its process stops, is never sent; the former fails with
   * `NOT_ACTING` (one event later, so the caller never re-enters itself).
   */
  write(label: string, commit: () => void, failed: ((reason: string) => void) | undefined, client: string): void {
    const epoch = this.epoch;
    const fail = failed && ((reason: string) => {
      if (epoch === this.epoch) failed(reason);
    });
    if (this.acting < 0) {
      if (fail) this.ctx.sim.after(0, `${label} failed`, () => fail(NOT_ACTING), PRIORITY.controller);
      return;
    }
    this.limiter(client).take(() => {
      // The limiters are reset when a process stops, so a queued request never outlives its process.
      if (epoch !== this.epoch) return;
      this.ctx.writePath.submit(this.acting, 'client-apiserver', label, commit, fail, client);
    });
  }

  /**
   * `write` for a controller's sync: `settled(ok, reason)` runs only while the process that issued
   * the write still acts (a new leader rebuilt the controller's state; the old callbacks died with
   * the old process upstream).
   */
  request(label: string, commit: () => void, settled: ((ok: boolean, reason: string) => void) | undefined, client: string): void {
    const gen = this.generation;
    // The process check is written out in both callbacks: a helper closure cost one more
    // function object per write (and a naming call under tsx).
    this.write(
      label,
      () => {
        commit();
        if (settled && gen === this.generation && this.isActing) settled(true, '');
      },
      (reason) => {
        if (settled && gen === this.generation && this.isActing) settled(false, reason);
      },
      client,
    );
  }

  /** The rate limiter of one controller's client (created on first use). */
  limiter(client: string): ClientRateLimiter {
    let l = this.limiters.get(client);
    if (!l) {
      const { kubeAPIQPS, kubeAPIBurst } = this.ctx.scenario.controllerManager;
      l = new ClientRateLimiter(this.ctx.sim, kubeAPIQPS, kubeAPIBurst, client, PRIORITY.controller);
      this.limiters.set(client, l);
    }
    return l;
  }

  private leaderChanged(host: HostId): void {
    if (host === this.acting) return;
    this.epoch++;
    if (this.acting >= 0 && this.synced) for (const c of this.controllers) c.stop();
    this.synced = false;
    this.sync.clear();
    this.acting = host;
    for (const l of this.limiters.values()) l.reset();
    if (host >= 0) {
      this.generation++;
      this.sync.setAfter(informerSyncUs(this.listedObjects()));
    }
  }

  private informersSynced(): void {
    this.synced = true;
    for (const c of this.controllers) c.start();
  }
}
