/**
 * Node Lease renewal, computed analytically (design.md §6: no event per renewal). The kubelet's
 * lease controller renews `kube-node-lease/<node>` every `leaseRenewIntervalUs` (0.25 × 40 s =
 * 10 s) from the moment its loop starts — ref: staging/src/k8s.io/component-helpers/apimachinery/
 * lease/controller.go (`wait.JitterUntil(c.sync, c.renewInterval, 0.04, true, …)`, first sync at
 * once) and kubernetes.md §1 "Lease renew interval". A renewal succeeds iff the host is up, the
 * kubelet runs and a `kubelet-apiserver` write could commit; so the renewals that committed are
 * the points of a grid `anchor + k × interval` that fall inside intervals where that held.
 *
 * ⚠ Simplifications: the 0.04 jitter is folded into the per-node phase of the grid (drawn once),
 * so the grid does not wander; the 5 immediate update retries and the ensure-lease back-off (200 ms
 * doubling, cap 7 s) are folded into "the next grid point after the path returns".
 * These are pure functions over a small record, so they are testable without the event loop.
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
}

/** A node that has renewed on a grid of phase `phaseUs` since before the run began. */
export function renewingSinceForever(phaseUs: Time, intervalUs: Time): RenewalState {
  return { anchorUs: phaseUs - intervalUs, sinceUs: Number.NEGATIVE_INFINITY, frozenUs: Number.NEGATIVE_INFINITY };
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
  if (!isRenewing(s)) return;
  s.frozenUs = lastRenewal(s, intervalUs, now - 1);
  s.sinceUs = Number.NaN;
}

/** Renewals succeed again from `now`; the next grid point renews (the loop kept its rhythm). */
export function resumeRenewing(s: RenewalState, now: Time): void {
  if (!isRenewing(s)) s.sinceUs = now;
}

/**
 * The kubelet process (re)starts at `now`: its lease loop syncs at once and then every interval
 * from there, so the grid is re-anchored.
 */
export function restartLoop(s: RenewalState, now: Time): void {
  s.anchorUs = now;
}
