/**
 * What every data-plane component of a run is built from. The world (`world.ts`) fills it in;
 * components take what they need and never reach into each other's internals.
 */
import type { WritePath, LeaderLease } from '../apiserver/types.js';
import type { Store } from '../apiserver/store.js';
import type { Sim } from '../kernel/sim.js';
import type { Streams } from '../kernel/rng.js';
import type { EventLog } from '../metrics/events.js';
import type { AvailabilityRecorder } from '../metrics/availability.js';
import type { Scenario } from '../scenario/types.js';
import type { Volumes } from '../storage/volumes.js';
import type { HostId, Topology } from '../topology/types.js';

/** Host liveness as the data plane sees it (implemented by the control plane's Network). */
export interface HostLiveness {
  /** Whether the host has power and runs. */
  isUp(host: HostId): boolean;
  /** Takes a host down for a cause (`crash`, `rack:eu-a/r1`, …); it is down while any cause holds. */
  hostDown(host: HostId, cause: string): void;
  /** Lifts one cause. */
  hostUp(host: HostId, cause: string): void;
  /** Calls `fn` after every change of liveness or reachability. */
  onChange(fn: () => void): void;
}

/**
 * Per-host liveness transitions, fired by the fault injector right after a host goes down (every
 * process on it dies at once) or comes back (power restored; its kubelet boots after a delay).
 */
export class HostTransitions {
  private downs: Array<(host: HostId) => void> = [];
  private ups: Array<(host: HostId) => void> = [];

  /** Calls `fn` when a host goes down. */
  onDown(fn: (host: HostId) => void): void {
    this.downs.push(fn);
  }

  /** Calls `fn` when a host comes back up. */
  onUp(fn: (host: HostId) => void): void {
    this.ups.push(fn);
  }

  /** Announces that `host` went down. */
  down(host: HostId): void {
    for (const f of this.downs) f(host);
  }

  /** Announces that `host` came back up. */
  up(host: HostId): void {
    for (const f of this.ups) f(host);
  }
}

/** The shared context of one run's data plane. */
export interface WorldContext {
  sim: Sim;
  streams: Streams;
  scenario: Scenario;
  topology: Topology;
  events: EventLog;
  store: Store;
  network: HostLiveness;
  /** Host down/up transitions (after `network` already reflects them). */
  hosts: HostTransitions;
  writePath: WritePath;
  controllerManagerLease: LeaderLease;
  schedulerLease: LeaderLease;
  metrics: AvailabilityRecorder;
  /** Persistent volumes (binding, attach-detach); set by the world once the kubelets exist. */
  volumes?: Volumes;
}
