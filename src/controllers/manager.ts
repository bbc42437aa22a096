/**
 * kube-controller-manager as a process: whichever control-plane host holds its Lease runs every
 * controller; the others run none. A new leader is a new process (client-go exits on lost
 * leadership), so controllers start from empty state and resync everything after their
 * informers sync.
 */
import type { HostId } from '../topology/types.js';
import type { Time } from '../kernel/time.js';
import { MS } from '../kernel/time.js';
import type { WorldContext } from '../world/context.js';

/** A controller run by the controller-manager. */
export interface Controller {
  /** Called when a new leader process starts acting (after informer sync): rebuild state, resync all. */
  start(): void;
  /** Called when the acting process stops (lease lost, host down): drop in-memory state and timers. */
  stop(): void;
}

/** Delay between a committed change and the controller acting on it: watch propagation and workqueue, ≈1 ms (negligible against availability timescales, but keeps reactions after the commit that caused them). */
export const REACTION_US: Time = 1 * MS;

/** The controller-manager: tracks the acting leader and starts/stops controllers with it. */
export class ControllerManager {
  private readonly controllers: Controller[] = [];
  private acting: HostId = -1;
  /** Incremented every time a new leader process starts; lets stale callbacks detect they belong to a dead process. */
  generation = 0;

  constructor(readonly ctx: WorldContext) {
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

  /** Whether a controller-manager is acting now. */
  get isActing(): boolean {
    return this.acting >= 0;
  }

  /** Submits a write from the acting controller-manager (`client-apiserver` from its host); dropped if none acts. */
  write(label: string, commit: () => void, failed?: (reason: string) => void): void {
    if (this.acting < 0) return;
    this.ctx.writePath.submit(this.acting, 'client-apiserver', label, commit, failed);
  }

  private leaderChanged(host: HostId): void {
    if (host === this.acting) return;
    if (this.acting >= 0) for (const c of this.controllers) c.stop();
    this.acting = host;
    if (host >= 0) {
      this.generation++;
      for (const c of this.controllers) c.start();
    }
  }
}
