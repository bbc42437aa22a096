/**
 * One blast run: the scenario with its own faults replaced by a single fault that fails one
 * domain at t = 0 (right after the converged boot) for `forUs`, simulated `forUs + settleUs`,
 * and the run's per-object rows of blast.csv (blast-rows.ts). This is the `blast` task kind of
 * the batch pool (blast-task.ts); the CLI and the tests call it in-process too.
 */
import { InputError } from '../errors.js';
import type { ScheduledFault } from '../faults/types.js';
import { MIN, type Time } from '../kernel/time.js';
import { resolveTarget } from '../scenario/fault-targets.js';
import type { Scenario } from '../scenario/types.js';
import { runScenario } from '../world/world.js';
import { LEVEL_FAULT, type BlastDomain } from './blast-domains.js';
import { blastRows, type BlastRow } from './blast-rows.js';

/** Arguments of one blast run (plain data: it crosses the worker boundary). */
export interface BlastArgs extends BlastDomain {
  forUs: Time;
  settleUs: Time;
}

/**
 * The default settle window after the domain comes back: the scheduler's flush of unschedulable
 * pods (podMaxInUnschedulablePodsDuration, 5 min: the longest a pending pod waits for its next
 * attempt; ref: kubernetes.md §6) plus 5 min for the hosts to boot (kubelet.bootTime, median
 * 45 s), register and pull and start their pods. Inferred: covers the recovery of every bundled
 * scenario; an object still below desired at the end shows an empty time_to_recover_s.
 */
export function defaultSettleUs(s: Scenario): Time {
  return s.scheduler.podMaxInUnschedulablePodsDurationUs + 5 * MIN;
}

/** The fault that fails `d` at t = 0 for `forUs`, resolved against the scenario. */
export function blastFault(s: Scenario, d: BlastDomain, forUs: Time): ScheduledFault {
  const kind = LEVEL_FAULT[d.level];
  const source = { file: s.display, line: 0, col: 0 };
  const { target, params } = resolveTarget(kind, d.domain, {
    topology: s.topology,
    manifests: s.manifests,
    defaultNamespace: 'default',
    fail: (_path, message) => {
      throw new InputError(`blast ${d.level} ${d.domain}: ${message}`);
    },
  });
  return { kind, target, atUs: 0, forUs, everyUs: null, count: null, params, source };
}

/**
 * The scenario a blast run simulates: the same cluster, workloads, SLOs and seed; its own faults
 * (scheduled and random) replaced by the one blast fault, so that the row shows that domain's
 * failure alone; the duration is `forUs + settleUs`.
 */
export function blastScenario(s: Scenario, args: BlastArgs): Scenario {
  return { ...s, durationUs: args.forUs + args.settleUs, faults: { scheduled: [blastFault(s, args, args.forUs)], random: [] } };
}

/** Runs one domain's failure and returns its rows of blast.csv, in the run's object order. */
export function runBlastDomain(s: Scenario, args: BlastArgs): BlastRow[] {
  const scenario = blastScenario(s, args);
  // No CSV is written: the run keeps only what the rows read (as runFigures).
  const result = runScenario(scenario, { outputs: { availabilityCsv: null, eventsCsv: null } });
  return blastRows(result, args);
}
