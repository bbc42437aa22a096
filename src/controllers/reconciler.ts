/**
 * A level-triggered workqueue, as upstream controllers use: changes mark keys dirty; one pass
 * (one event) reconciles every dirty key in the order they were marked, reading the store's
 * current state. Keys marked while no controller-manager acts wait for the next leader's resync.
 */
import { PRIORITY } from '../world/priority.js';
import type { Timer } from '../kernel/sim.js';
import { REACTION_US, type Controller, type ControllerManager } from './manager.js';

/** Base of the workload controllers. */
export abstract class Reconciler<K> implements Controller {
  private dirty = new Set<K>();
  private readonly pass: Timer;

  constructor(
    protected readonly kcm: ControllerManager,
    readonly name: string,
  ) {
    this.pass = kcm.ctx.sim.timer(`${name} sync`, () => this.runPass(), PRIORITY.controller);
  }

  /** Every key the controller owns (for a full resync). */
  protected abstract allKeys(): Iterable<K>;

  /** Brings one key's actual state toward its desired state, by submitting writes. */
  protected abstract reconcile(key: K): void;

  /** Marks a key dirty; it is reconciled shortly if a controller-manager acts. */
  enqueue(key: K): void {
    this.dirty.add(key);
    if (this.kcm.isActing && !this.pass.pending) this.pass.setAfter(REACTION_US);
  }

  /** Marks a key to be reconciled after `delayUs` (requeue-after, e.g. minReadySeconds). */
  enqueueAfter(key: K, delayUs: number): void {
    const gen = this.kcm.generation;
    this.kcm.ctx.sim.after(delayUs, `${this.name} requeue`, () => {
      if (gen === this.kcm.generation) this.enqueue(key);
    }, PRIORITY.controller);
  }

  start(): void {
    for (const k of this.allKeys()) this.dirty.add(k);
    if (this.dirty.size > 0) this.pass.setAfter(REACTION_US);
  }

  stop(): void {
    this.pass.clear();
  }

  private runPass(): void {
    if (!this.kcm.isActing) return;
    const keys = this.dirty;
    this.dirty = new Set<K>();
    for (const k of keys) this.reconcile(k);
  }
}
