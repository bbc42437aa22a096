/**
 * Builds the shared context of one run from a loaded scenario. The control plane is pluggable:
 * the real one (etcd, API servers, leases) or the ideal one of `ideal.ts`.
 */
import { Store } from '../apiserver/store.js';
import type { LeaderLease, WritePath } from '../apiserver/types.js';
import { Sim } from '../kernel/sim.js';
import { Streams } from '../kernel/rng.js';
import { AvailabilityRecorder } from '../metrics/availability.js';
import { EventLog } from '../metrics/events.js';
import type { Scenario } from '../scenario/types.js';
import { HostTransitions, type HostLiveness, type WorldContext } from './context.js';
import { IdealNetwork, IdealWritePath, StaticLease } from './ideal.js';

/** The control-plane parts the data plane needs, plus how to start them. */
export interface ControlPlaneParts {
  network: HostLiveness;
  writePath: WritePath;
  controllerManagerLease: LeaderLease;
  schedulerLease: LeaderLease;
  /** Boots the control plane at t = 0. */
  start(): void;
}

/** An ideal control plane for a scenario: leases on cp-1 (or node 0 when there is no control-plane host). */
export function idealControlPlane(sim: Sim, scenario: Scenario): ControlPlaneParts {
  const t = scenario.topology;
  const network = new IdealNetwork(t.hosts.length);
  const home = t.controlPlane.length > 0 ? t.controlPlane[0].id : 0;
  const kcm = new StaticLease('lease/kube-system/kube-controller-manager', home);
  const sched = new StaticLease('lease/kube-system/kube-scheduler', home);
  return {
    network,
    writePath: new IdealWritePath(sim, network, home),
    controllerManagerLease: kcm,
    schedulerLease: sched,
    start() {
      kcm.start();
      sched.start();
    },
  };
}

/** Builds a context; `seed` overrides the scenario's. */
export function buildContext(
  scenario: Scenario,
  opts: { seed?: number; controlPlane?: (sim: Sim, streams: Streams, events: EventLog) => ControlPlaneParts } = {},
): { ctx: WorldContext; controlPlane: ControlPlaneParts } {
  const sim = new Sim();
  const streams = new Streams(opts.seed ?? scenario.seed);
  const events = new EventLog();
  const cp = opts.controlPlane ? opts.controlPlane(sim, streams, events) : idealControlPlane(sim, scenario);
  const ctx: WorldContext = {
    sim,
    streams,
    scenario,
    topology: scenario.topology,
    events,
    store: new Store(scenario.topology.nodes, scenario.manifests.services),
    network: cp.network,
    hosts: new HostTransitions(),
    writePath: cp.writePath,
    controllerManagerLease: cp.controllerManagerLease,
    schedulerLease: cp.schedulerLease,
    metrics: new AvailabilityRecorder(),
  };
  return { ctx, controlPlane: cp };
}
