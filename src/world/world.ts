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
import { KubeProxies } from '../kubeproxy/kubeproxy.js';
import { DEFAULT_ATTACH, Volumes } from '../storage/volumes.js';
import { selectedWorkloads } from '../manifests/podlabels.js';
import type { Scenario } from '../scenario/types.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { WorldFaultActions, type ControlPlaneFaults } from './actions.js';
import { buildContext, type ControlPlaneParts } from './build-context.js';
import type { WorldContext } from './context.js';
import { PRIORITY } from './priority.js';
import type { ControlPlaneSummary, RunResult } from './result.js';
import { stripsFromEvents } from './strips.js';
import { announceStart, bootUntilConverged } from './boot.js';
import { round6 } from '../metrics/summary.js';
import { toSeconds } from '../kernel/time.js';
import type { TextSink } from '../metrics/sink.js';

/** Options of a run. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Simulate this long instead of the scenario's duration. */
  untilUs?: Time;
  /** `ideal`: no etcd, API servers always writable, leases fixed (a yardstick, and fast). */
  controlPlane?: 'real' | 'ideal';
  /**
   * `converge` (default): boot the cluster until it has converged, and make that instant the
   * run's t = 0 (boot.ts). `none`: the run starts at kernel time 0 with an empty cluster (for
   * tests of start-up itself).
   */
  boot?: 'converge' | 'none';
  /**
   * Called every `PROGRESS_EVERY` events with where the run is, for a progress display outside
   * the simulation (the CLI); it observes only, so outputs are the same with or without it.
   */
  progress?: (p: RunProgress) => void;
  /**
   * Streams the CSVs while the run goes (issue 15): `availability.csv` and `events.csv` records go
   * to these sinks (null: nowhere, for runs that need only the figures), which are closed at the
   * end, and the result keeps only what the report and the console read (`EventLog.stream`).
   * Without it, every row stays in memory (tests, library use).
   */
  outputs?: RunOutputs;
}

/** The sinks of a streamed run (see `RunOptions.outputs`). */
export interface RunOutputs {
  availabilityCsv: TextSink | null;
  eventsCsv: TextSink | null;
}

/** Events between two calls of `RunOptions.progress`: rare enough to cost nothing, ~10 calls a second at 100 k events/s. */
export const PROGRESS_EVERY = 8192;

/** Where a run is, as `RunOptions.progress` sees it. */
export interface RunProgress {
  /** `boot` until the cluster has converged (its length is not known in advance), then `run`. */
  phase: 'boot' | 'run';
  /** Simulated time: since kernel time 0 during boot, since the run's t = 0 after. */
  simUs: Time;
  /** Scenario time the run phase lasts. */
  durationUs: Time;
  /** Kernel events executed so far, boot included. */
  eventsRun: number;
}

/** Every component of one run, wired. */
export class World {
  readonly ctx: WorldContext;
  readonly controlPlane: ControlPlane | null;
  readonly kubelets: Kubelets;
  readonly kubeProxies: KubeProxies;
  readonly kcm: ControllerManager;
  readonly workloads: Workloads;
  readonly scheduler: Scheduler;
  readonly faults: FaultInjector;
  readonly seed: number;
  /** Kernel time of the run's t = 0 (set by `run`; 0 until then or with `boot: 'none'`). */
  originUs: Time = 0;
  private readonly parts: ControlPlaneParts;
  private readonly bootMode: 'converge' | 'none';
  private readonly progress: RunOptions['progress'];
  private readonly outputs: RunOutputs | null;

  constructor(
    readonly scenario: Scenario,
    opts: RunOptions = {},
  ) {
    this.seed = opts.seed ?? scenario.seed;
    this.bootMode = opts.boot ?? 'converge';
    this.progress = opts.progress;
    this.outputs = opts.outputs ?? null;
    let real: ControlPlane | null = null;
    const built = buildContext(scenario, {
      seed: this.seed,
      controlPlane: opts.controlPlane === 'ideal' ? undefined : (sim, streams, events) => {
        real = new ControlPlane({ sim, streams, events, topology: scenario.topology, latency: scenario.latency, etcd: scenario.etcd, leaderElection: scenario.leaderElection, apiserver: scenario.apiserver });
        return real;
      },
    });
    this.ctx = built.ctx;
    if (this.outputs) {
      this.ctx.events.stream(this.outputs.eventsCsv);
      this.ctx.metrics.stream(this.outputs.availabilityCsv);
    }
    this.parts = built.controlPlane;
    this.controlPlane = real;
    registerObjects(this.ctx);
    this.kubelets = new Kubelets(this.ctx);
    this.ctx.volumes = new Volumes(this.ctx, this.kubelets, scenario.storage?.attach ?? DEFAULT_ATTACH);
    this.kcm = new ControllerManager(this.ctx);
    this.kcm.add(new NodeLifecycleController(this.kcm, this.kubelets));
    this.kcm.add(new TaintEvictionController(this.kcm));
    this.workloads = createWorkloads(this.ctx, this.kcm);
    this.kubeProxies = new KubeProxies(this.ctx, this.kubelets.routes, this.workloads.endpointSlices);
    this.scheduler = new Scheduler(this.ctx, this.workloads.pdbs);
    const cpFaults: ControlPlaneFaults | null = this.controlPlane;
    this.faults = new FaultInjector(this.ctx.sim, this.ctx.streams, this.ctx.events, scenario.topology, scenario.faults, opts.untilUs ?? scenario.durationUs,
      new WorldFaultActions(this.ctx, this.kubelets, this.workloads, cpFaults));
  }

  /**
   * Boots the cluster (see `RunOptions.boot`), then runs `untilUs` of scenario time from the
   * run's t = 0; returns the run's data model, with every time relative to that origin.
   */
  run(untilUs: Time = this.scenario.durationUs): RunResult {
    const { sim } = this.ctx;
    let phase: RunProgress['phase'] = this.bootMode === 'converge' ? 'boot' : 'run';
    const progress = this.progress;
    if (progress) {
      sim.onProgress(PROGRESS_EVERY, () => progress({ phase, simUs: sim.now - this.originUs, durationUs: untilUs, eventsRun: sim.eventsRun }));
    }
    this.kubelets.start();
    this.kubeProxies.start();
    this.parts.start();
    if (this.bootMode === 'converge') {
      const boot = bootUntilConverged(this.ctx);
      this.originUs = boot.originUs;
      announceStart(this.ctx, boot);
      this.ctx.metrics.markOrigin(this.originUs);
    } else this.ctx.metrics.markOrigin(0, false);
    // From here on both logs record times relative to the origin (the boot's are rebased in place).
    this.ctx.events.markOrigin(this.originUs);
    phase = 'run';
    this.workloads.controllers.cronJob.startAt(this.originUs);
    const atOrigin = this.controlPlane?.summary() ?? null;
    this.faults.start(this.originUs);
    const endUs = this.originUs + untilUs;
    // A marker at the end so the kernel's clock reaches the end even if the queue drains early.
    sim.at(endUs, 'end of run', () => sim.stop(), PRIORITY.end);
    sim.run(endUs);
    sim.onProgress(1, null);
    this.ctx.events.finish();
    this.ctx.metrics.finish();
    return this.result(untilUs, atOrigin);
  }

  private result(durationUs: Time, atOrigin: ControlPlaneSummary | null): RunResult {
    const ctx = this.ctx;
    // The logs are already relative to the origin (see `run`): no copy.
    const events = ctx.events;
    const atEnd = this.controlPlane?.summary() ?? null;
    return {
      scenario: this.scenario,
      seed: this.seed,
      durationUs,
      bootUs: this.originUs,
      availability: ctx.metrics,
      events,
      faults: this.faults.records,
      controlPlane: atEnd && atOrigin ? controlPlaneBetween(atOrigin, atEnd, toSeconds(this.originUs)) : EMPTY_CONTROL_PLANE,
      strips: stripsFromEvents(events, ctx.topology, durationUs),
      sloMinReady: sloThresholds(this.scenario),
      eventsRun: ctx.sim.eventsRun,
    };
  }
}

const EMPTY_CONTROL_PLANE: ControlPlaneSummary = {
  etcd: { members: 0, leaderChanges: 0, noLeaderS: 0, noQuorumS: 0, elections: [] },
  apiserver: { unavailableS: 0 },
  controllerManager: { leaderChanges: 0, noLeaderS: 0 },
  scheduler: { leaderChanges: 0, noLeaderS: 0 },
};

/** The control-plane figures of [origin, end]: cumulative figures at the end minus those at the origin. */
function controlPlaneBetween(a: ControlPlaneSummary, b: ControlPlaneSummary, originS: number): ControlPlaneSummary {
  const d = (x: number, y: number) => round6(y - x);
  return {
    etcd: {
      members: b.etcd.members,
      leaderChanges: b.etcd.leaderChanges - a.etcd.leaderChanges,
      noLeaderS: d(a.etcd.noLeaderS, b.etcd.noLeaderS),
      noQuorumS: d(a.etcd.noQuorumS, b.etcd.noQuorumS),
      elections: b.etcd.elections.slice(a.etcd.elections.length).map((e) => ({ ...e, startS: round6(e.startS - originS), endS: round6(e.endS - originS) })),
    },
    apiserver: { unavailableS: d(a.apiserver.unavailableS, b.apiserver.unavailableS) },
    controllerManager: { leaderChanges: b.controllerManager.leaderChanges - a.controllerManager.leaderChanges, noLeaderS: d(a.controllerManager.noLeaderS, b.controllerManager.noLeaderS) },
    scheduler: { leaderChanges: b.scheduler.leaderChanges - a.scheduler.leaderChanges, noLeaderS: d(a.scheduler.noLeaderS, b.scheduler.noLeaderS) },
  };
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
    // What the selector matches among the labels the pods really carry (controller-added ones included).
    const selected = s.selector === null ? [] : selectedWorkloads(s.selector, s.namespace, scenario.manifests.workloads);
    metrics.linkService(s.key, selected.map((x) => x.workload.key), 0, new Map(selected.map((x) => [x.workload.key, x.share])));
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
