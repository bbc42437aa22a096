/**
 * The pod DELETE rule and the Eviction API (POST pods/NAME/eviction), as the API server runs
 * them at commit: pkg/registry/core/pod/strategy.go `CheckGracefulDelete` and
 * pkg/registry/core/pod/storage/eviction.go (`Create`, `canIgnorePDB`, `checkAndDecrement`).
 * The PDB check, the decrement of disruptionsAllowed and the pod's deletion happen in one commit
 * (upstream: a PDB status update, then the delete, the second retried on conflict).
 */
import type { PodObj } from './objects.js';
import type { Store } from './store.js';
import type { Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import type { PdbObj, PdbStore } from '../controllers/disruption/object.js';

/** Outcome of an eviction request, with the HTTP status the API server answers. */
export interface EvictionResult {
  /** 200 evicted; 404 no such pod; 429 budget exhausted; 403 forbidden; 500 several PDBs; 503 the write could not commit. */
  code: 200 | 403 | 404 | 429 | 500 | 503;
  message: string;
}

/** Message of the 429 (eviction.go). */
export const PDB_VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";
/** Upper bound of status.disruptedPods before evictions are refused (eviction.go MaxDisruptedPodSize). */
export const MAX_DISRUPTED_POD_SIZE = 2000;

/**
 * DELETE of a pod, at commit: graceful (deletionTimestamp set; the kubelet confirms) for a bound,
 * non-terminal pod; immediate removal when the pod was never scheduled or has already finished
 * (CheckGracefulDelete sets the grace period to 0 for both). A pod already terminating is left as is.
 */
export function deletePod(store: Store, pod: PodObj, now: Time, reason: string): void {
  if (!store.pods.has(pod.uid) || pod.deletionTimestamp >= 0) return;
  store.markDeleting(pod, now, reason);
  if (pod.node < 0 || pod.phase === 'Succeeded' || pod.phase === 'Failed') store.removePod(pod);
}

/** canIgnorePDB: terminal, Pending or already terminating pods are deleted without a budget check. */
function canIgnorePdb(pod: PodObj): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed' || pod.phase === 'Pending' || pod.deletionTimestamp >= 0;
}

/** The Eviction API of the API server. */
export class EvictionApi {
  constructor(
    private readonly ctx: WorldContext,
    private readonly pdbs: PdbStore,
  ) {}

  /**
   * Submits an eviction from a client host over `client-apiserver`; `done` gets the answer at
   * commit, or a 503 when the write cannot commit (no API server or etcd quorum).
   */
  evict(from: HostId, pod: PodObj, done: (r: EvictionResult) => void): void {
    this.ctx.writePath.submit(from, 'client-apiserver', `evict ${pod.key}`, () => done(this.admit(pod, this.ctx.sim.now)), (reason) => done({ code: 503, message: reason }));
  }

  /** The eviction subresource's decision for a pod now, applied to the store (runs inside a commit). */
  admit(pod: PodObj, now: Time): EvictionResult {
    const store = this.ctx.store;
    if (!store.pods.has(pod.uid)) return { code: 404, message: `pods "${pod.name}" not found` };
    if (canIgnorePdb(pod)) return this.delete(pod, now);
    const pdbs = this.pdbs.forPod(pod);
    if (pdbs.length > 1) return { code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
    if (pdbs.length === 0) return this.delete(pod, now);
    const pdb = pdbs[0];
    if (!pod.ready) {
      // An unready pod does not count as healthy: evicting it costs no budget when the policy
      // says AlwaysAllow, or (IfHealthyBudget) when the budget is currently met.
      if (pdb.spec.unhealthyPodEvictionPolicy === 'AlwaysAllow') return this.delete(pod, now);
      if (pdb.status.currentHealthy >= pdb.status.desiredHealthy && pdb.status.desiredHealthy > 0) return this.delete(pod, now);
    }
    const refused = this.checkAndDecrement(pdb, pod, now);
    return refused ?? this.delete(pod, now);
  }

  /** checkAndDecrement: refuses (429/403) or takes one disruption from the budget. */
  private checkAndDecrement(pdb: PdbObj, pod: PodObj, now: Time): EvictionResult | undefined {
    const s = pdb.status;
    if (s.observedGeneration < pdb.generation) return { code: 429, message: PDB_VIOLATION };
    if (s.disruptionsAllowed < 0) return { code: 403, message: `poddisruptionbudgets.policy "${pdb.name}" is forbidden: pdb disruptions allowed is negative` };
    if (s.disruptedPods.size > MAX_DISRUPTED_POD_SIZE) {
      return { code: 403, message: `poddisruptionbudgets.policy "${pdb.name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller` };
    }
    if (s.disruptionsAllowed === 0) return { code: 429, message: PDB_VIOLATION };
    const disrupted = new Map(s.disruptedPods);
    disrupted.set(pod.name, now);
    this.pdbs.setStatus(pdb, { ...s, disruptionsAllowed: s.disruptionsAllowed - 1, disruptedPods: disrupted });
    return undefined;
  }

  private delete(pod: PodObj, now: Time): EvictionResult {
    deletePod(this.ctx.store, pod, now, 'Evicted');
    return { code: 200, message: 'Success' };
  }
}
