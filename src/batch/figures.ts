/**
 * The one run function of the product: (scenario, seed) → the run's figures. `run` (which also
 * writes the per-run files), `sweep`, `blast` and `capacity` all go through `runOnce`, so their
 * figures cannot drift apart.
 */
import { dirname } from 'node:path';
import { warningLines } from '../scenario/warnings.js';
import type { Time } from '../kernel/time.js';
import { toSeconds } from '../kernel/time.js';
import { buildSummary, round6, scanSlo, type ObjectSummary, type SummaryJson } from '../metrics/summary.js';
import type { Scenario } from '../scenario/types.js';
import type { ControlPlaneSummary, RunResult } from '../world/result.js';
import { runScenario, type RunOptions } from '../world/world.js';

/** Options of one run besides the seed. */
export interface FigureOptions {
  /** Simulate this long instead of the scenario's duration. */
  untilUs?: Time;
  /** `ideal` control plane (see `RunOptions.controlPlane`). */
  controlPlane?: RunOptions['controlPlane'];
  /** A progress display's hook (see `RunOptions.progress`); it does not change the run. */
  progress?: RunOptions['progress'];
  /** Streams the CSVs (see `RunOptions.outputs`); `runFigures` streams them nowhere, as it writes none. */
  outputs?: RunOptions['outputs'];
}

/** One object's figures: its summary.json entry plus every closed outage's time to recover, in order. */
export interface ObjectFigures extends ObjectSummary {
  recoveriesS: number[];
}

/** The figures of one (scenario, seed): summary.json without the per-run detail a sweep does not keep. */
export interface RunFigures {
  scenario: string;
  seed: number;
  durationS: number;
  objects: ObjectFigures[];
  /** The control-plane section, without the list of elections (their count is `leaderChanges`). */
  controlPlane: ControlPlaneSummary;
  /** Faults that started in the run (skipped ones excluded). */
  faults: number;
  /** Kernel events and boot time: deterministic. */
  sim: { events: number; bootS: number };
  /** Wall time of the run: the only non-deterministic field; never written into compared outputs. */
  wallMs: number;
}

/** Runs one (scenario, seed) and returns both the data model and its summary.json. */
export function runOnce(scenario: Scenario, seed: number | undefined, opts: FigureOptions = {}): { result: RunResult; summary: SummaryJson } {
  // Wall time is measured here only to report it (sim.wallMs); the run never reads it.
  const started = performance.now();
  const result = runScenario(scenario, { seed, untilUs: opts.untilUs, controlPlane: opts.controlPlane, progress: opts.progress, outputs: opts.outputs });
  return { result, summary: summaryOf(result, performance.now() - started, opts.untilUs) };
}

/** Warnings by scenario and end of run: a sweep runs one scenario many times, the checks once. */
const warningCache = new WeakMap<Scenario, Map<Time | undefined, string[]>>();

/**
 * summary.json of a finished run: its figures (`buildSummary`) and what validate would warn about
 * the scenario, kept with the figures it qualifies (docs/outputs.md). Files in the warnings are
 * relative to the scenario's folder, so that the bytes do not depend on where it was run from.
 */
export function summaryOf(result: RunResult, wallMs: number, untilUs?: Time): SummaryJson {
  const summary = buildSummary(result, wallMs);
  const scenario = result.scenario;
  let byEnd = warningCache.get(scenario);
  if (!byEnd) warningCache.set(scenario, (byEnd = new Map()));
  let lines = byEnd.get(untilUs);
  if (!lines) byEnd.set(untilUs, (lines = warningLines(scenario, untilUs, dirname(scenario.file))));
  summary.warnings = [...lines];
  return summary;
}

/** Runs one (scenario, seed) and keeps only the figures (what crosses a worker boundary). */
export function runFigures(scenario: Scenario, seed: number, opts: FigureOptions = {}): RunFigures {
  // No CSV is written: the run keeps only what the figures read (memory follows the cluster).
  const { result, summary } = runOnce(scenario, seed, { ...opts, outputs: opts.outputs ?? { availabilityCsv: null, eventsCsv: null } });
  return figuresOf(result, summary);
}

/** The figures of a run and its summary.json. */
export function figuresOf(r: RunResult, s: SummaryJson): RunFigures {
  const all = r.availability.all();
  // summary.json lists the objects in the recorder's order (buildSummary), so index i is series i.
  const objects = s.objects.map((o, i) => {
    const series = all[i]?.key === o.object ? all[i] : undefined;
    // The same outage definition as summary.json's (scanSlo), kept whole for the sweep's TTR distribution.
    const outages = series ? scanSlo(series, r.durationUs, o.sloMinReady).outages : [];
    return { ...o, recoveriesS: outages.filter((x) => !x.open).map((x) => round6(toSeconds(x.endUs - x.startUs))) };
  });
  return {
    scenario: s.scenario,
    seed: s.seed,
    durationS: s.durationS,
    objects,
    controlPlane: { ...s.controlPlane, etcd: { ...s.controlPlane.etcd, elections: [] } },
    faults: s.faults.filter((f) => f.skipped === undefined).length,
    sim: { events: s.sim.events, bootS: s.sim.bootS },
    wallMs: s.sim.wallMs,
  };
}
