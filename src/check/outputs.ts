/**
 * Checks on a finished run's availability step functions (design.md §4):
 * - for a Service, `serving ≤ ready` (only truly ready pods answer), at every row. Not
 *   `serving ≤ endpoints`: kube-proxy's rules lag the API, stay as they were on nodes cut off from
 *   it, and fall back to serving-terminating endpoints (src/kubeproxy/), so serving can exceed the
 *   API's ready endpoints (kubelet-apiserver-cut: serving = desired with endpoints 0);
 * - after the last fault heals, every workload is back at its desired ready count within
 *   CONVERGE_US and stays there to the end of the run.
 *
 * CONVERGE_US, derived from the default timings (reference/kubernetes.md): a node boots in under
 * 140 s (lognormal, median 45 s, σ 0.3, but for 1e-4 of boots); the node lifecycle controller sees
 * it Ready within its grace period (≤ 50 s) and lifts its taints; a controller-manager or scheduler
 * failover takes ≤ leaseDuration + retryPeriod (17 s); a pod left unschedulable meanwhile waits up
 * to podMaxInUnschedulablePodsDuration (5 min) before it is retried; a container in crash-loop
 * back-off restarts within the 5-minute back-off cap; pulls and starts take seconds. The longest
 * chain (boot, grace, flush, start) is under 10 minutes: the bound. Jobs are not checked (their
 * pods finish), nor a workload that never once reached its desired count (it cannot fit).
 */
import { DESIRED, READY, SERVING, WIDTH } from '../metrics/availability.js';
import { isInstantaneous } from '../faults/types.js';
import type { RunResult } from '../world/result.js';

/** Time every workload has to converge after the last fault heals. */
export const CONVERGE_US = 10 * 60 * 1e6;

/** When the last fault ended (an instantaneous one at its start); null when one lasts to the end. */
export function lastHealUs(result: RunResult): number | null {
  let last = 0;
  for (const f of result.faults) {
    if (f.skipped) continue;
    if (f.endS === null && !isInstantaneous(f.kind)) return null;
    last = Math.max(last, (f.endS ?? f.startS) * 1e6);
  }
  return last;
}

/** Violations in the run's rows (see the file comment). */
export function checkOutputs(result: RunResult): string[] {
  const out: string[] = [];
  const healed = lastHealUs(result);
  const deadline = healed === null ? Infinity : healed + CONVERGE_US;
  for (const s of result.availability.all()) {
    // A workload that never reached its desired count (more than the cluster holds) cannot converge to it.
    let reached = false;
    for (let r = 0; r < s.times.length && !reached; r++) reached = s.values[r * WIDTH + READY] >= s.values[r * WIDTH + DESIRED];
    const converges = reached && !s.isService && !s.key.startsWith('job/');
    // Since when ready has been below desired (−1: it is not).
    let below = -1;
    for (let r = 0; r < s.times.length; r++) {
      const v = (c: number): number => s.values[r * WIDTH + c];
      const t = s.times[r];
      if (s.isService && v(SERVING) > v(READY)) out.push(`${s.key}: serving ${v(SERVING)} > ready ${v(READY)} at t=${t / 1e6}s`);
      if (converges && below >= 0 && t > deadline) {
        out.push(`${s.key}: below desired from t=${below / 1e6}s to t=${t / 1e6}s, past the convergence bound (last fault healed at t=${(healed ?? 0) / 1e6}s, bound ${CONVERGE_US / 1e6}s)`);
        below = -1;
        continue;
      }
      if (v(READY) < v(DESIRED)) {
        if (below < 0) below = t;
      } else below = -1;
    }
    if (converges && below >= 0 && result.durationUs > deadline) {
      out.push(`${s.key}: not converged by the end of the run (below desired since t=${below / 1e6}s; last fault healed at t=${(healed ?? 0) / 1e6}s)`);
    }
  }
  return out;
}
