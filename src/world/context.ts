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

/** The shared context of one run's data plane. */
export interface WorldContext {
  sim: Sim;
  streams: Streams;
  scenario: Scenario;
  topology: Topology;
  events: EventLog;
  store: Store;
  network: HostLiveness;
  writePath: WritePath;
  controllerManagerLease: LeaderLease;
  schedulerLease: LeaderLease;
  metrics: AvailabilityRecorder;
}
