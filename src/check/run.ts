/**
 * One run with every checker attached (`kubeblast run --check`, the swarm): the same run and
 * summary as `runOnce` (src/batch/figures.ts), plus the invariant violations.
 */
import { summaryOf } from '../batch/figures.js';
import type { SummaryJson } from '../metrics/summary.js';
import type { Scenario } from '../scenario/types.js';
import type { RunResult } from '../world/result.js';
import { World, type RunOptions } from '../world/world.js';
import { attachChecks } from './index.js';

/** A checked run: its result, summary.json and the violations found. */
export interface CheckedRun {
  result: RunResult;
  summary: SummaryJson;
  violations: string[];
}

/** Runs `scenario` with the checkers of src/check watching from outside. */
export function runChecked(
  scenario: Scenario,
  seed: number | undefined,
  opts: { untilUs?: number; progress?: RunOptions['progress']; wallClock?: () => number; outputs?: RunOptions['outputs'] } = {},
): CheckedRun {
  // Wall time only for summary.json's sim.wallMs; the CLI passes its clock (simulation code reads none).
  const clock = opts.wallClock ?? (() => 0);
  const started = clock();
  const world = new World(scenario, { seed, untilUs: opts.untilUs, progress: opts.progress, outputs: opts.outputs });
  const checks = attachChecks(world);
  const result = world.run(opts.untilUs ?? scenario.durationUs);
  const violations = checks.finish(result);
  return { result, summary: summaryOf(result, clock() - started, opts.untilUs), violations };
}
