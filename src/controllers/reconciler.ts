/**
 * A level-triggered workqueue, as upstream controllers use: changes mark keys dirty; one pass
 * (one event) reconciles every dirty key in the order they were marked, reading the store's
 * current state. Keys marked while no controller-manager acts wait for the next leader's resync.
 *
 * The base also holds what every workload controller keeps per key and loses with its process
 * (pkg/controller/controller_utils.go): the expectations of writes in flight, requeue-after
 * wake-ups, and the two ways writes are issued against them (one write, or creates in
 * slow-start batches).
 */
import { PRIORITY } from '../world/priority.js';
import type { Timer } from '../kernel/sim.js';
import { REACTION_US, type Controller, type ControllerManager } from './manager.js';
import { Expectations, Wakeups } from './replicaset/expectations.js';
import { slowStartBatch } from './replicaset/podcontrol.js';

/** Base of the workload controllers. */
export abstract class Reconciler<K extends string> implements Controller {
  /**
   * The dirty keys in the order they were marked: the first, then the others (a Set made only
   * when a second key is marked: most passes have one key, and a Set per pass was the largest
   * allocation of the controllers).
   */
  private first: K | null = null;
  private rest: Set<K> | null = null;
  private readonly pass: Timer;
  /** Writes issued per key and not yet landed: a key with any outstanding is not synced (`SatisfiedExpectations`). */
  protected readonly inflight = new Expectations((key) => this.enqueue(key as K));
  /** Requeue-after per key (minReadySeconds, deadlines, back-off): one event per transition. */
  protected readonly wakeups: Wakeups;

  constructor(
    protected readonly kcm: ControllerManager,
    readonly name: string,
  ) {
    this.pass = kcm.ctx.sim.timer(`${name} sync`, () => this.runPass(), PRIORITY.controller);
    this.wakeups = new Wakeups(() => kcm.ctx.sim.now, (key, delay) => this.enqueueAfter(key as K, delay));
  }

  /** Every key the controller owns (for a full resync). */
  protected abstract allKeys(): Iterable<K>;

  /** Brings one key's actual state toward its desired state, by submitting writes. */
  protected abstract reconcile(key: K): void;

  /** Marks a key dirty; it is reconciled shortly if a controller-manager acts. */
  enqueue(key: K): void {
    this.mark(key);
    if (this.kcm.isActing && !this.pass.pending) this.pass.setAfter(REACTION_US);
  }

  /** Marks a key to be reconciled after `delayUs` (requeue-after, e.g. minReadySeconds). */
  enqueueAfter(key: K, delayUs: number): void {
    const gen = this.kcm.generation;
    this.kcm.ctx.sim.after(delayUs, `${this.name} requeue`, () => {
      if (gen === this.kcm.generation) this.enqueue(key);
    }, PRIORITY.controller);
  }

  /** A new process acts: nothing in flight or pending is its own; resync every key. */
  start(): void {
    this.inflight.clear();
    this.wakeups.clear();
    for (const k of this.allKeys()) this.mark(k);
    if (this.first !== null) this.pass.setAfter(REACTION_US);
  }

  /** The process stopped: its expectations and wake-ups die with it. */
  stop(): void {
    this.inflight.clear();
    this.wakeups.clear();
    this.pass.clear();
  }

  /** One write for `key` (a status update, a ReplicaSet change), counted in flight until it lands or fails. */
  protected submitFor(key: K, label: string, commit: () => void, client: string): void {
    this.inflight.expect(key, 1);
    this.kcm.request(label, commit, () => this.inflight.observe(key), client);
  }

  /**
   * `n` creates for `key` in slow-start batches (controller_utils.go `slowStartBatch`), each in
   * flight until it settles; `create(i, done)` issues the i-th. Creates skipped after a failed
   * batch will never land, so they are observed at once (`manageReplicas`); `skipped(from)` gets
   * the index of the first one skipped.
   */
  protected createInBatches(key: K, n: number, create: (i: number, done: (ok: boolean) => void) => void, skipped?: (from: number) => void): void {
    this.inflight.expect(key, n);
    let next = 0;
    slowStartBatch(
      n,
      (settled) => create(next++, (ok) => {
        this.inflight.observe(key);
        settled(ok);
      }),
      (_ok, left) => {
        if (left <= 0) return;
        skipped?.(n - left);
        this.inflight.observe(key, left);
      },
    );
  }

  private mark(key: K): void {
    if (this.first === null) this.first = key;
    else if (key !== this.first) (this.rest ??= new Set()).add(key);
  }

  private runPass(): void {
    if (!this.kcm.isActing) return;
    // Keys marked during the pass are the next pass's.
    const first = this.first;
    const rest = this.rest;
    this.first = null;
    this.rest = null;
    if (first !== null) this.reconcile(first);
    if (rest !== null) for (const k of rest) this.reconcile(k);
  }
}
