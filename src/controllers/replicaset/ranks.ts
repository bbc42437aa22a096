/**
 * Which pods a ReplicaSet deletes first when it scales down: upstream
 * `ActivePodsWithRanks.Less` (pkg/controller/controller_utils.go) with the
 * LogarithmicScaleDown feature (GA since 1.31) and `getPodsRankedByRelatedPodsOnSameNode`
 * (pkg/controller/replicaset/replica_set.go). Pure functions.
 */
import type { PodObj } from '../../apiserver/objects.js';
import { isActive } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';

/** Annotation that orders deletions (k8s.io/api/core/v1 PodDeletionCost). */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

// ref: controller_utils.go podPhaseToOrdinal — Pending < Unknown < Running (kubeblast has no Unknown phase).
const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** The pod's deletion cost: an int32 annotation, 0 when absent or invalid (GetDeletionCostFromPodAnnotations). */
export function deletionCost(p: PodObj): number {
  const raw = p.template.annotations[POD_DELETION_COST];
  if (raw === undefined || !/^-?\d+$/.test(raw.trim())) return 0;
  const v = Number(raw.trim());
  return v >= -(2 ** 31) && v < 2 ** 31 ? v : 0;
}

/** floor(log2 of the age in nanoseconds), or -1 for a non-positive age (logarithmicRankDiff). */
function logRank(t: Time, now: Time): number {
  const d = (now - t) * 1000;
  return d > 0 ? Math.floor(Math.log2(d)) : -1;
}

/**
 * A deterministic stand-in for comparing random UIDs: upstream breaks ties in the same
 * logarithmic bucket by UID to get a pseudo-random order; kubeblast's UIDs are sequential, so
 * they are mixed (a 32-bit integer hash) to keep the order pseudo-random and reproducible.
 */
function uidOrder(uid: number): number {
  let x = Math.imul(uid ^ (uid >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** afterOrZero: an unset time (-1) sorts first, then the later time. */
function afterOrZero(a: Time, b: Time): boolean {
  if (a < 0 || b < 0) return a < 0;
  return a > b;
}

/** Ordering by a timestamp with log2 buckets, ties by UID; undefined when the times are equal. */
function byTime(a: PodObj, b: PodObj, ta: Time, tb: Time, now: Time): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta < 0 || tb < 0) return afterOrZero(ta, tb);
  const diff = logRank(ta, now) - logRank(tb, now);
  if (diff === 0) return uidOrder(a.uid) < uidOrder(b.uid);
  return diff < 0;
}

/** `ActivePodsWithRanks.Less`: whether `a` should be deleted before `b`. */
export function deleteBefore(a: PodObj, rankA: number, b: PodObj, rankB: number, now: Time): boolean {
  // 1. Unassigned < assigned.
  if ((a.node < 0) !== (b.node < 0)) return a.node < 0;
  // 2. Pending < Unknown < Running.
  const pa = PHASE_ORDINAL[a.phase] ?? 0;
  const pb = PHASE_ORDINAL[b.phase] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready.
  if (a.ready !== b.ready) return !a.ready;
  // 4. Lower pod-deletion-cost first.
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. More related active pods on the same node first (doubled up < not doubled up).
  if (rankA !== rankB) return rankA > rankB;
  // 6. Ready for less time first (log buckets).
  if (a.ready && b.ready) {
    const r = byTime(a, b, a.readySince, b.readySince, now);
    if (r !== undefined) return r;
  }
  // 7. More restarts first.
  if (a.restarts !== b.restarts) return a.restarts > b.restarts;
  // 8. Newer first (log buckets).
  return byTime(a, b, a.createdAt, b.createdAt, now) ?? false;
}

/**
 * The `diff` pods to delete from `active` (getPodsToDelete): ranked by the number of active
 * `related` pods (the pods of every ReplicaSet of the same Deployment) on the pod's node.
 */
export function podsToDelete(active: readonly PodObj[], related: Iterable<PodObj>, diff: number, now: Time): PodObj[] {
  if (diff >= active.length) return [...active];
  const onNode = new Map<number, number>();
  for (const p of related) if (isActive(p)) onNode.set(p.node, (onNode.get(p.node) ?? 0) + 1);
  const ranked = active.map((pod) => ({ pod, rank: onNode.get(pod.node) ?? 0 }));
  ranked.sort((x, y) => (deleteBefore(x.pod, x.rank, y.pod, y.rank, now) ? -1 : deleteBefore(y.pod, y.rank, x.pod, x.rank, now) ? 1 : 0));
  return ranked.slice(0, diff).map((r) => r.pod);
}
