/**
 * The RollingUpdate and Recreate strategies (pkg/controller/deployment/rolling.go, recreate.go),
 * written against the operations of one sync so that they read like upstream.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { DeploymentObj } from './object.js';
import { activeViews, availableSum, byCreation, maxUnavailable, newRSNewReplicas, sortViews, specSum, type RsView } from './util.js';

/** What a strategy needs from the controller during one sync of one Deployment. */
export interface SyncOps {
  readonly d: DeploymentObj;
  /** The new ReplicaSet (created, with a revision, when `create`) and the old ones. */
  replicaSets(create: boolean): { newRS: RsView | null; oldRSs: RsView[] };
  /** scaleReplicaSetAndRecordEvent: writes the new size; true when the size changes. */
  scale(v: RsView, replicas: number): boolean;
  syncRolloutStatus(all: RsView[], newRS: RsView | null): void;
  cleanup(oldRSs: RsView[]): void;
  /** Whether the last written status says the rollout is complete. */
  completeNow(): boolean;
  /** Every pod of the Deployment's ReplicaSets, terminating ones included. */
  pods(): PodObj[];
}

/** rolloutRolling. */
export function rolloutRolling(s: SyncOps): void {
  const { newRS, oldRSs } = s.replicaSets(true);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  if (newRS && reconcileNewReplicaSet(s, all, newRS)) {
    s.syncRolloutStatus(all, newRS);
    return;
  }
  if (newRS && reconcileOldReplicaSets(s, all, activeViews(oldRSs), newRS)) {
    s.syncRolloutStatus(all, newRS);
    return;
  }
  if (s.completeNow()) s.cleanup(oldRSs);
  s.syncRolloutStatus(all, newRS);
}

function reconcileNewReplicaSet(s: SyncOps, all: RsView[], newRS: RsView): boolean {
  const d = s.d;
  if (newRS.replicas === d.replicas) return false;
  if (newRS.replicas > d.replicas) return s.scale(newRS, d.replicas);
  return s.scale(newRS, newRSNewReplicas(d, all, newRS));
}

function reconcileOldReplicaSets(s: SyncOps, all: RsView[], oldRSs: RsView[], newRS: RsView): boolean {
  if (specSum(oldRSs) === 0) return false;
  const minAvailable = s.d.replicas - maxUnavailable(s.d);
  const newRSUnavailable = newRS.replicas - newRS.counts.available;
  // Scale down by at most allPods − minAvailable − newRSUnavailable: pods the new ReplicaSet has
  // not made available yet must not let old ones go (rolling.go's long comment, issue 16737).
  const maxScaledDown = specSum(all) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  if (cleaned < 0) return false;
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...oldRSs, newRS], oldRSs);
  return cleaned + scaledDown > 0;
}

/**
 * Old ReplicaSets lose their unavailable pods first (they cost no availability). −1 when a
 * ReplicaSet counts more available pods than its spec (pods it is about to delete): upstream
 * refuses that "scale down" to a larger size with an error, which ends the step.
 */
function cleanupUnhealthyReplicas(s: SyncOps, oldRSs: RsView[], maxCleanup: number): number {
  sortViews(oldRSs, byCreation);
  let total = 0;
  for (const v of oldRSs) {
    if (total >= maxCleanup) break;
    if (v.replicas === 0 || v.replicas === v.counts.available) continue;
    const down = Math.min(maxCleanup - total, v.replicas - v.counts.available);
    if (down < 0) return -1;
    s.scale(v, v.replicas - down);
    total += down;
  }
  return total;
}

function scaleDownOldReplicaSetsForRollingUpdate(s: SyncOps, all: RsView[], oldRSs: RsView[]): number {
  const minAvailable = s.d.replicas - maxUnavailable(s.d);
  const available = availableSum(all);
  if (available <= minAvailable) return 0;
  sortViews(oldRSs, byCreation);
  const target = available - minAvailable;
  let total = 0;
  for (const v of oldRSs) {
    if (total >= target) break;
    if (v.replicas === 0) continue;
    const down = Math.min(v.replicas, target - total);
    s.scale(v, v.replicas - down);
    total += down;
  }
  return total;
}

/** rolloutRecreate: old pods all gone (terminating ones included) before the new ReplicaSet scales up. */
export function rolloutRecreate(s: SyncOps): void {
  let { newRS, oldRSs } = s.replicaSets(false);
  let all = newRS ? [...oldRSs, newRS] : oldRSs;
  let scaledDown = false;
  for (const v of activeViews(oldRSs)) if (s.scale(v, 0)) scaledDown = true;
  if (scaledDown) {
    s.syncRolloutStatus(all, newRS);
    return;
  }
  if (oldPodsRunning(s, newRS)) {
    s.syncRolloutStatus(all, newRS);
    return;
  }
  if (!newRS) {
    ({ newRS, oldRSs } = s.replicaSets(true));
    all = newRS ? [...oldRSs, newRS] : oldRSs;
  }
  if (newRS && newRS.replicas !== s.d.replicas) s.scale(newRS, s.d.replicas);
  if (s.completeNow()) s.cleanup(oldRSs);
  s.syncRolloutStatus(all, newRS);
}

/** oldPodsRunning: any old pod not in a terminal phase, terminating or not (a dead node's pods block Recreate). */
function oldPodsRunning(s: SyncOps, newRS: RsView | null): boolean {
  const newKey = newRS?.rs?.key;
  for (const p of s.pods()) {
    if (p.owner?.key === newKey) continue;
    if (p.phase !== 'Succeeded' && p.phase !== 'Failed') return true;
  }
  return false;
}
