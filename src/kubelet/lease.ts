/**
 * Node Lease renewal, computed analytically (design.md §6: no event per renewal). The kubelet's
 * lease controller renews `kube-node-lease/<node>` every `leaseRenewIntervalUs` (0.25 × 40 s =
 * 10 s) from the moment its loop starts — ref: staging/src/k8s.io/component-helpers/apimachinery/
 * lease/controller.go (`wait.JitterUntil(c.sync, c.renewInterval, 0.04, true, …)`, first sync at
 * once) and kubernetes.md §1 "Lease renew interval". While the host is up, the kubelet runs and a
 * `kubelet-apiserver` write could commit, the renewals that commit are the points of a grid
 * `anchor + k × interval`.
 *
 * When the path goes away under a running kubelet, the renewal due next is still sent and waits:
 * it commits when the path returns if that is within the heartbeat client's timeout, else it
 * times out and controller.go's retry rule takes over (`retryRenewal`). `sync` blocks meanwhile
 * and JitterUntil is sliding (the period starts when sync returns), so after the renewal that
 * finally commits the grid is re-anchored there. Nothing of this is an event: the commit time is
 * computed when the path returns.
 *
 * ⚠ Simplifications: the 0.04 jitter is folded into the per-node phase of the grid (drawn once),
 * so the grid does not wander; request round trips are not modelled (a renewal commits at its
 * grid point, or at the instant the path returns). These are pure functions over a small record,
 * so they are testable without the event loop.
 */
import type { Time } from '../kernel/time.js';

/** Renewal bookkeeping of one node. */
export interface RenewalState {
  /** Origin of the renewal grid: the lease loop started here (renewals at anchor + k × interval). */
  anchorUs: Time;
  /** Since when renewals commit; NaN while they fail (host down, kubelet stopped, no path). */
  sinceUs: Time;
  /** The last renewal that committed before renewals stopped (−∞ if none ever did). */
  frozenUs: Time;
  /**
   * While the process runs but has no path: when the renewal that waits for the path was sent
   * (the first of its retries); NaN when none waits (renewing, or the process is down).
   */
  waitingSinceUs: Time;
  /** Renewal requests that timed out so far (counted when the path returns). */
  failedAttempts: number;
}

/** A node that has renewed on a grid of phase `phaseUs` since before the run began. */
export function renewingSinceForever(phaseUs: Time, intervalUs: Time): RenewalState {
  return {
    anchorUs: phaseUs - intervalUs, sinceUs: Number.NEGATIVE_INFINITY, frozenUs: Number.NEGATIVE_INFINITY,
    waitingSinceUs: Number.NaN, failedAttempts: 0,
  };
}

/** controller.go `maxUpdateRetries`: immediate, successive Update attempts of one sync. */
export const MAX_UPDATE_RETRIES = 5;
/** controller.go `backoffEnsureLease`: the first sleep (100 ms doubled before use) and its cap `maxBackoff`. */
const ENSURE_FIRST_SLEEP_US: Time = 200_000;
const ENSURE_MAX_SLEEP_US: Time = 7_000_000;

/**
 * When a renewal sent at `sentUs` with no path commits, the path returning at `returnUs`, and how
 * many requests timed out before — ref: staging/src/k8s.io/component-helpers/apimachinery/lease/
 * controller.go `sync`: `retryUpdateLease` sends up to 5 Updates back to back, each waiting up to
 * the client timeout; then `backoffEnsureLease` sends GETs, sleeping 200 ms, 400 ms, … (doubling,
 * capped at 7 s) after each failure, until one succeeds, and the Update follows at once. A request
 * in flight when the path returns commits then (if its timeout has not passed); a return during a
 * back-off sleep waits for the next GET. ⚠ Every failed request is assumed to wait its full
 * timeout (a partition that drops packets; an API server that answers an error at once would
 * make the attempts faster, not the commit later).
 */
export function retryRenewal(sentUs: Time, returnUs: Time, timeoutUs: Time): { commitUs: Time; failed: number } {
  if (returnUs <= sentUs) return { commitUs: sentUs, failed: 0 };
  const updatesEndUs = sentUs + MAX_UPDATE_RETRIES * timeoutUs;
  if (returnUs <= updatesEndUs) return { commitUs: returnUs, failed: Math.ceil((returnUs - sentUs) / timeoutUs) - 1 };
  let t = updatesEndUs; // the first GET of backoffEnsureLease
  let failed = MAX_UPDATE_RETRIES;
  let sleep = ENSURE_FIRST_SLEEP_US;
  for (;;) {
    if (sleep === ENSURE_MAX_SLEEP_US) {
      // Constant cycles from here: skip the whole ones before the return.
      const cycle = timeoutUs + sleep;
      const skip = Math.max(0, Math.floor((returnUs - t) / cycle) - 1);
      t += skip * cycle;
      failed += skip;
    }
    if (returnUs <= t + timeoutUs) return { commitUs: Math.max(returnUs, t), failed };
    failed++;
    t += timeoutUs + sleep;
    if (returnUs <= t) return { commitUs: t, failed };
    sleep = Math.min(2 * sleep, ENSURE_MAX_SLEEP_US);
  }
}

/** The last grid point at or before `t`. */
export function gridAtOrBefore(anchorUs: Time, intervalUs: Time, t: Time): Time {
  return anchorUs + Math.floor((t - anchorUs) / intervalUs) * intervalUs;
}

/** The first grid point at or after `t`. */
export function gridAtOrAfter(anchorUs: Time, intervalUs: Time, t: Time): Time {
  return anchorUs + Math.ceil((t - anchorUs) / intervalUs) * intervalUs;
}

/** Whether renewals currently succeed. */
export function isRenewing(s: RenewalState): boolean {
  return !Number.isNaN(s.sinceUs);
}

/** Time of the last renewal that committed at or before `now`. */
export function lastRenewal(s: RenewalState, intervalUs: Time, now: Time): Time {
  if (!isRenewing(s)) return s.frozenUs;
  const g = gridAtOrBefore(s.anchorUs, intervalUs, now);
  return g >= s.sinceUs ? g : s.frozenUs;
}

/**
 * Renewals stop at `now`. A renewal due at this very instant does not happen: whatever stopped
 * them (a fault, a partition) is ordered before the renewal at equal times.
 */
export function stopRenewing(s: RenewalState, intervalUs: Time, now: Time): void {
  s.waitingSinceUs = Number.NaN;
  if (!isRenewing(s)) return;
  s.frozenUs = lastRenewal(s, intervalUs, now - 1);
  s.sinceUs = Number.NaN;
}

/**
 * The path went away at `now` under a running process: renewals stop, and the one due next (at
 * the first grid point at or after `now`) will wait for the path.
 */
export function losePath(s: RenewalState, intervalUs: Time, now: Time): void {
  if (!isRenewing(s)) return;
  stopRenewing(s, intervalUs, now);
  s.waitingSinceUs = gridAtOrAfter(s.anchorUs, intervalUs, now);
}

/**
 * Renewals can commit again from `now`. If a renewal was waiting (sent before `now`), it or one of
 * its retries commits (`retryRenewal`) and the grid restarts there; otherwise nothing was due
 * meanwhile and the next point of the same grid renews.
 */
export function resumeRenewing(s: RenewalState, now: Time, timeoutUs: Time): void {
  if (isRenewing(s)) return;
  const sentUs = s.waitingSinceUs;
  s.waitingSinceUs = Number.NaN;
  if (Number.isNaN(sentUs) || sentUs > now) {
    s.sinceUs = now;
    return;
  }
  const { commitUs, failed } = retryRenewal(sentUs, now, timeoutUs);
  s.anchorUs = commitUs;
  s.sinceUs = commitUs;
  s.failedAttempts += failed;
}

/**
 * The kubelet process (re)starts at `now`: its lease loop syncs at once (that renewal waits if
 * there is no path) and then every interval from there, so the grid is re-anchored.
 */
export function restartLoop(s: RenewalState, now: Time): void {
  s.anchorUs = now;
  s.waitingSinceUs = now;
}
