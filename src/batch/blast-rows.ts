/**
 * The rows of blast.csv for one run (design.md §4 "Batch outputs"), read from the run's step
 * functions (never live state). Per object, over [0, forUs + settleUs]:
 * - `desired`: its desired count at t = 0 (the converged cluster);
 * - `min_ready`: the lowest truly ready count (serving endpoints for a Service, as the SLO counts);
 * - `downtime_s`: time below its SLO (`minReady`, or all desired without one — summary.json's rule);
 * - `time_to_recover_s`: from the failure (t = 0) until the object was back at its desired count
 *   for good; 0 if it never dropped, null if it was still below at the end of the settle window;
 * - `slo_met`: no time below its SLO; null for an object the scenario gives no SLO;
 * - `recovered`: back at its desired count in the instant before the domain came back (the
 *   displaced pods found room elsewhere; design.md §4); null for a DaemonSet, whose pods cannot
 *   move: each is bound to its node by a `metadata.name` node affinity (kubernetes/kubernetes
 *   pkg/controller/daemon/util/daemonset_util.go ReplaceDaemonSetPodNodeNameNodeAffinity).
 * The time-to-recover definition (back at desired for good, rather than the length of an outage
 * below the SLO as in summary.json) is kubeblast's own (inferred: what a blast asks is how long
 * until the domain's loss was fully repaired; downtime_s already gives the time below the SLO).
 */
import { toSeconds, type Time } from '../kernel/time.js';
import { DESIRED, READY, SERVING, WIDTH, type ObjectSeries } from '../metrics/availability.js';
import { round6, scanSlo } from '../metrics/summary.js';
import type { RunResult } from '../world/result.js';
import type { BlastDomain } from './blast-domains.js';
import { controlPlaneRows } from './blast-controlplane.js';

/** One row of blast.csv. */
export interface BlastRow extends BlastDomain {
  object: string;
  desired: number;
  /** The SLO's threshold (null: all desired); not a CSV column, kept for the report. */
  sloMinReady: number | null;
  minReady: number;
  downtimeS: number;
  timeToRecoverS: number | null;
  sloMet: boolean | null;
  recovered: boolean | null;
}

/** The rows of one blast run whose fault lasted `forUs`: its objects, then its control-plane roles (blast-controlplane.ts). */
export function blastRows(r: RunResult, d: BlastDomain & { forUs: Time }): BlastRow[] {
  return [...objectRows(r, d), ...controlPlaneRows(r, d)];
}

function objectRows(r: RunResult, d: BlastDomain & { forUs: Time }): BlastRow[] {
  return r.availability.all().map((s) => {
    const hasSlo = r.sloMinReady.has(s.key);
    const minReady = r.sloMinReady.get(s.key) ?? null;
    const outages = scanSlo(s, r.durationUs, minReady).outages;
    const downtimeUs = outages.reduce((sum, o) => sum + (o.endUs - o.startUs), 0);
    const ttr = fullRecoveryUs(s, r.durationUs);
    return {
      level: d.level,
      domain: d.domain,
      object: s.key,
      desired: s.values[DESIRED],
      sloMinReady: minReady,
      minReady: minMetric(s, r.durationUs),
      downtimeS: round6(toSeconds(downtimeUs)),
      timeToRecoverS: ttr === null ? null : round6(toSeconds(ttr)),
      sloMet: hasSlo ? downtimeUs === 0 : null,
      recovered: s.key.startsWith('daemonset/') ? null : fullAt(s, d.forUs),
    };
  });
}

/** The column the SLO counts: serving for a Service, ready for a workload. */
function metricColumn(s: ObjectSeries): number {
  return s.isService ? SERVING : READY;
}

function minMetric(s: ObjectSeries, endUs: Time): number {
  const col = metricColumn(s);
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.times.length && s.times[i] < endUs; i++) min = Math.min(min, s.values[i * WIDTH + col]);
  return Number.isFinite(min) ? min : 0;
}

/** Whether row `i` has the object at its desired count. */
function isFull(s: ObjectSeries, i: number): boolean {
  return s.values[i * WIDTH + metricColumn(s)] >= s.values[i * WIDTH + DESIRED];
}

/** Whether the object was at its desired count in the instant before `t` (the row in force just before it). */
function fullAt(s: ObjectSeries, t: Time): boolean {
  let i = 0;
  while (i + 1 < s.times.length && s.times[i + 1] < t) i++;
  return isFull(s, i);
}

/** Start of the last stretch at the desired count that lasts to the end; null if not at desired at the end. */
function fullRecoveryUs(s: ObjectSeries, endUs: Time): Time | null {
  let last = 0;
  while (last + 1 < s.times.length && s.times[last + 1] < endUs) last++;
  if (!isFull(s, last)) return null;
  let i = last;
  while (i > 0 && isFull(s, i - 1)) i--;
  return s.times[i];
}
