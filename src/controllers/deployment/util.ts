/**
 * The arithmetic of pkg/controller/deployment/util/deployment_util.go, as pure functions over a
 * sync's snapshot of ReplicaSets (`RsView`): fenceposts, new-ReplicaSet scale-up, proportional
 * scaling, sort orders.
 */
import type { IntOrPercent } from '../../manifests/types.js';
import type { ReplicaSetObj, RsAnnotations, RsCounts } from '../replicaset/object.js';
import type { DeploymentObj } from './object.js';

/** A ReplicaSet as one Deployment sync sees and changes it. */
export interface RsView {
  /** The committed object, or null for the one this sync creates. */
  rs: ReplicaSetObj | null;
  name: string;
  /** Creation order (the new one sorts last). */
  order: number;
  replicas: number;
  /** Shared with the ReplicaSet until the sync changes them: replaced, never mutated. */
  annotations: Readonly<RsAnnotations>;
  /**
   * Pod counts as the ReplicaSet's status reports them. ⚠ Computed from the pod cache at the
   * sync rather than read from a status the ReplicaSet controller last wrote (no status lag).
   */
  counts: RsCounts;
}

/** intstr.GetScaledValueFromIntOrPercent: an int as is; a percentage of `total`, rounded up or down. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if ('int' in v) return v.int;
  const x = (v.percent * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable rounded down; both 0 → maxUnavailable 1. */
export function resolveFenceposts(maxSurge: IntOrPercent, maxUnavailable: IntOrPercent, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** MaxUnavailable of a Deployment (0 for Recreate or 0 replicas; at most replicas). */
export function maxUnavailable(d: DeploymentObj): number {
  if (d.strategy !== 'RollingUpdate' || d.replicas === 0) return 0;
  return Math.min(resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).unavailable, d.replicas);
}

/** MaxSurge of a Deployment (0 for Recreate). */
export function maxSurge(d: DeploymentObj): number {
  if (d.strategy !== 'RollingUpdate') return 0;
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
}

/** Σ spec replicas (GetReplicaCountForReplicaSets). */
export function specSum(views: readonly RsView[]): number {
  let n = 0;
  for (const v of views) n += v.replicas;
  return n;
}

/** Σ available (GetAvailableReplicaCountForReplicaSets). */
export function availableSum(views: readonly RsView[]): number {
  let n = 0;
  for (const v of views) n += v.counts.available;
  return n;
}

/** Σ actual (active) pods (GetActualReplicaCountForReplicaSets). */
export function actualSum(views: readonly RsView[]): number {
  let n = 0;
  for (const v of views) n += v.counts.replicas;
  return n;
}

/** NewRSNewReplicas: what the new ReplicaSet may be scaled to now. */
export function newRSNewReplicas(d: DeploymentObj, all: readonly RsView[], newRS: RsView): number {
  if (d.strategy === 'Recreate') return d.replicas;
  const maxTotal = d.replicas + scaledValue(d.maxSurge, d.replicas, true);
  const current = specSum(all);
  if (current >= maxTotal) return newRS.replicas;
  const up = Math.min(maxTotal - current, d.replicas - newRS.replicas);
  return newRS.replicas + up;
}

/** FilterActiveReplicaSets: those with spec replicas > 0. */
export function activeViews(views: readonly RsView[]): RsView[] {
  const out: RsView[] = [];
  for (const v of views) if (v.replicas > 0) out.push(v);
  return out;
}

/**
 * Sorts views in place, stably, as `Array.prototype.sort` would with `cmp`. A Deployment has a
 * handful of ReplicaSets and is synced at every change of its pods; `sort` allocated a work copy
 * per call, an insertion sort of so few allocates nothing.
 */
export function sortViews(views: RsView[], cmp: (a: RsView, b: RsView) => number): RsView[] {
  for (let i = 1; i < views.length; i++) {
    const v = views[i];
    let j = i - 1;
    for (; j >= 0 && cmp(views[j], v) > 0; j--) views[j + 1] = views[j];
    views[j + 1] = v;
  }
  return views;
}

/** ReplicaSetsByCreationTimestamp (ties by name). */
export function byCreation(a: RsView, b: RsView): number {
  return a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** ReplicaSetsBySizeOlder: larger first, then older. */
export function bySizeOlder(a: RsView, b: RsView): number {
  return b.replicas - a.replicas || byCreation(a, b);
}

/** ReplicaSetsBySizeNewer: larger first, then newer. */
export function bySizeNewer(a: RsView, b: RsView): number {
  return b.replicas - a.replicas || byCreation(b, a);
}

/** ReplicaSetsByRevision: lower revision first. */
export function byRevision(a: RsView, b: RsView): number {
  return a.annotations.revision - b.annotations.revision || byCreation(a, b);
}

/** Go's math.Round (half away from zero), as integer.RoundToInt32 uses it. */
function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** getReplicaSetFraction: this ReplicaSet's share of a proportional scale. */
function replicaSetFraction(v: RsView, d: DeploymentObj): number {
  if (d.replicas === 0) return -v.replicas;
  const deploymentMax = d.replicas + maxSurge(d);
  let before = v.annotations.maxReplicas;
  if (before <= 0) {
    before = d.status.replicas;
    if (before === 0) return 0;
  }
  return roundHalfAway((v.replicas * deploymentMax) / before) - v.replicas;
}

/** GetProportion: replicas to add to (or remove from) one ReplicaSet in a proportional scale. */
export function proportion(v: RsView, d: DeploymentObj, toAdd: number, added: number): number {
  if (v.replicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(v, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}
