/**
 * The arithmetic of a PodDisruptionBudget's status (pkg/controller/disruption/disruption.go
 * `getExpectedPodCount`, `countHealthyPods`, `buildDisruptedPodMap`, `updatePdbStatus`). Pure.
 */
import type { PodObj } from '../../apiserver/objects.js';
import { SEC, type Time } from '../../kernel/time.js';
import type { IntOrPercent, PdbSpec } from '../../manifests/types.js';
import { scaledValue } from '../deployment/util.js';

/** DeletionTimeout: an approved eviction whose pod is not being deleted after this is forgotten. */
export const PDB_DELETION_TIMEOUT_US: Time = 2 * 60 * SEC;

/**
 * getExpectedPodCount: `expectedCount` and `desiredHealthy`. An integer minAvailable needs no
 * controllers (expected = the selected pods); a percentage or maxUnavailable is taken of the sum
 * of the owning controllers' scales (`expectedScale`, which throws when a pod has no known scale).
 * Percentages are rounded up — of maxUnavailable too, so 1 of 3 leaves desiredHealthy 2 and
 * minAvailable 67 % of 3 needs all 3.
 */
export function expectedAndDesired(spec: Pick<PdbSpec, 'minAvailable' | 'maxUnavailable'>, selectedPods: number, expectedScale: () => number): { expected: number; desired: number } {
  if (spec.maxUnavailable) {
    const expected = expectedScale();
    return { expected, desired: Math.max(0, expected - scaledValue(spec.maxUnavailable, expected, true)) };
  }
  const min: IntOrPercent | undefined = spec.minAvailable;
  if (!min) return { expected: 0, desired: 0 };
  if ('int' in min) return { expected: selectedPods, desired: min.int };
  const expected = expectedScale();
  return { expected, desired: scaledValue(min, expected, true) };
}

/** updatePdbStatus: currentHealthy − desiredHealthy, never below 0, and 0 when nothing is expected. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expected: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expected <= 0 || allowed <= 0 ? 0 : allowed;
}

/**
 * buildDisruptedPodMap: approved evictions still pending (pod alive, not yet being deleted,
 * approved less than DeletionTimeout ago), and when the earliest of them expires.
 */
export function pendingDisruptions(pods: readonly PodObj[], disrupted: ReadonlyMap<string, Time>, now: Time): { pending: Map<string, Time>; recheckAt: Time } {
  const pending = new Map<string, Time>();
  let recheckAt = Number.POSITIVE_INFINITY;
  if (disrupted.size === 0) return { pending, recheckAt };
  for (const p of pods) {
    if (p.deletionTimestamp >= 0) continue;
    const at = disrupted.get(p.name);
    if (at === undefined) continue;
    const expires = at + PDB_DELETION_TIMEOUT_US;
    if (expires < now) continue;
    pending.set(p.name, at);
    recheckAt = Math.min(recheckAt, expires);
  }
  return { pending, recheckAt };
}

/** countHealthyPods: Ready, not being deleted, and not about to be (a pending approved eviction). */
export function countHealthy(pods: readonly PodObj[], pending: ReadonlyMap<string, Time>, now: Time): number {
  let n = 0;
  for (const p of pods) {
    if (p.deletionTimestamp >= 0) continue;
    const at = pending.get(p.name);
    if (at !== undefined && at + PDB_DELETION_TIMEOUT_US > now) continue;
    if (p.ready) n++;
  }
  return n;
}
