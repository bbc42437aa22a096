/**
 * One run: builds every component of a scenario, wires them, runs the kernel and returns the
 * run's data model (`RunResult`). Construction order matters only for listeners that must see
 * a change before others; it is fixed here so every run takes the same path.
 */
import { ControllerManager } from '../controllers/manager.js';
import { NodeLifecycleController } from '../controllers/nodelifecycle/controller.js';
import { TaintEvictionController } from '../controllers/tainteviction.js';
import { createWorkloads, type Workloads } from '../controllers/workloads.js';
import { ControlPlane } from '../controlplane/controlplane.js';
import { FaultInjector } from '../faults/injector.js';
import type { Time } from '../kernel/time.js';
import { Kubelets } from '../kubelet/kubelets.js';
import type { Scenario } from '../scenario/types.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { WorldFaultActions, type ControlPlaneFaults } from './actions.js';
import { buildContext, type ControlPlaneParts } from './build-context.js';
import type { WorldContext } from './context.js';
import { PRIORITY } from './priority.js';
import type { ControlPlaneSummary, RunResult } from './result.js';
import { stripsFromEvents } from './strips.js';

/** Options of a run. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Simulate this long instead of the scenario's duration. */
  untilUs?: Time;
  /** `ideal`: no etcd, API servers always writable, leases fixed (a yardstick, and fast). */
  controlPlane?: 'real' | 'ideal';
}

/** Every component of one run, wired. */
export class World {
  readonly ctx: WorldContext;
  readonly controlPlane: ControlPlane | null;
  readonly kubelets: Kubelets;
  readonly kcm: ControllerManager;
  readonly workloads: Workloads;
  readonly scheduler: Scheduler;
  readonly faults: FaultInjector;
  readonly seed: number;
  private readonly parts: ControlPlaneParts;

  constructor(
    readonly scenario: Scenario,
    opts: RunOptions = {},
  ) {
    this.seed = opts.seed ?? scenario.seed;
    let real: ControlPlane | null = null;
    const built = buildContext(scenario, {
      seed: this.seed,
      controlPlane: opts.controlPlane === 'ideal' ? undefined : (sim, streams, events) => {
        real = new ControlPlane({ sim, streams, events, topology: scenario.topology, latency: scenario.latency, etcd: scenario.etcd, leaderElection: scenario.leaderElection, apiserver: scenario.apiserver });
        return real;
      },
    });
    this.ctx = built.ctx;
    this.parts = built.controlPlane;
    this.controlPlane = real;
    registerObjects(this.ctx);
    this.kubelets = new Kubelets(this.ctx);
    this.kcm = new ControllerManager(this.ctx);
    this.kcm.add(new NodeLifecycleController(this.kcm, this.kubelets));
    this.kcm.add(new TaintEvictionController(this.kcm));
    this.workloads = createWorkloads(this.ctx, this.kcm);
    this.scheduler = new Scheduler(this.ctx);
    const cpFaults: ControlPlaneFaults | null = this.controlPlane;
    this.faults = new FaultInjector(this.ctx.sim, this.ctx.streams, this.ctx.events, scenario.topology, scenario.faults, opts.untilUs ?? scenario.durationUs,
      new WorldFaultActions(this.ctx, this.kubelets, this.workloads, cpFaults));
  }

  /** Boots everything at t = 0 and runs until `untilUs`; returns the run's data model. */
  run(untilUs: Time = this.scenario.durationUs): RunResult {
    const { sim } = this.ctx;
    this.kubelets.start();
    this.parts.start();
    this.faults.start();
    // A marker at the end so the kernel's clock reaches `untilUs` even if the queue drains early.
    sim.at(untilUs, 'end of run', () => sim.stop(), PRIORITY.end);
    sim.run(untilUs);
    return this.result(untilUs);
  }

  private result(durationUs: Time): RunResult {
    const ctx = this.ctx;
    const cpSummary: ControlPlaneSummary = this.controlPlane?.summary() ?? {
      etcd: { members: 0, leaderChanges: 0, noLeaderS: 0, noQuorumS: 0, elections: [] },
      apiserver: { unavailableS: 0 },
      controllerManager: { leaderChanges: 0, noLeaderS: 0 },
      scheduler: { leaderChanges: 0, noLeaderS: 0 },
    };
    return {
      scenario: this.scenario,
      seed: this.seed,
      durationUs,
      availability: ctx.metrics,
      events: ctx.events,
      faults: this.faults.records,
      controlPlane: cpSummary,
      strips: stripsFromEvents(ctx.events, ctx.topology, durationUs),
      sloMinReady: sloThresholds(this.scenario),
      eventsRun: ctx.sim.eventsRun,
    };
  }
}

/** Runs a scenario once. */
export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunResult {
  return new World(scenario, opts).run(opts.untilUs ?? scenario.durationUs);
}

/** Declares every output object and keeps `reported` in step with the store. */
function registerObjects(ctx: WorldContext): void {
  const { metrics, store, scenario } = ctx;
  for (const w of scenario.manifests.workloads) metrics.register(w.key, false, w.kind === 'DaemonSet' ? 0 : w.replicas);
  for (const s of scenario.manifests.services) {
    metrics.register(s.key, true, 0);
    const sel = s.selector;
    const selected = sel === null ? [] : scenario.manifests.workloads.filter((w) => w.namespace === s.namespace && sel.matches(w.template.labels)).map((w) => w.key);
    metrics.linkService(s.key, selected, 0);
  }
  store.onPod((pod, change) => {
    if (change === 'removed') metrics.podGone(pod, ctx.sim.now);
    else metrics.podReported(pod, pod.ready && pod.deletionTimestamp < 0, ctx.sim.now);
  });
}

/** SLO threshold per object (the strictest when several SLOs name one object). */
function sloThresholds(s: Scenario): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const slo of s.slo) {
    for (const key of slo.objects) {
      const prev = m.get(key);
      const v = slo.minReady ?? null;
      m.set(key, prev === undefined ? v : prev === null || v === null ? null : Math.max(prev, v));
    }
  }
  return m;
}
