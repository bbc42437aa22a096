/**
 * ReplicaSet API objects: standalone ones from the manifests, and the ones a Deployment creates
 * per pod template (`<deployment>-<pod-template-hash>`). Mutated only inside commits.
 */
import { isActive, type PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate, Selector } from '../../manifests/types.js';
import { ObjectStore } from './objectstore.js';

/** The deployment.kubernetes.io annotations a Deployment keeps on its ReplicaSets. */
export interface RsAnnotations {
  /** deployment.kubernetes.io/revision. */
  revision: number;
  /** deployment.kubernetes.io/desired-replicas: the Deployment's replicas when last scaled (−1: unset). */
  desiredReplicas: number;
  /** deployment.kubernetes.io/max-replicas: replicas + maxSurge when last scaled (−1: unset). */
  maxReplicas: number;
}

/** A ReplicaSet. */
export interface ReplicaSetObj {
  /** Creation order, for sorting by creation timestamp with a stable tie-break. */
  uid: number;
  namespace: string;
  name: string;
  /** `replicaset/NS/NAME`. */
  key: string;
  replicas: number;
  selector: Selector;
  template: PodTemplate;
  minReadySeconds: number;
  /** pod-template-hash (revision of its pods). */
  hash: string;
  /** Key of the owning Deployment, or null for a standalone ReplicaSet. */
  deployment: string | null;
  /** The output object its pods count toward. */
  workloadKey: string;
  createdAt: Time;
  annotations: RsAnnotations;
}

/** What changed. */
export type RsChange = 'created' | 'updated' | 'deleted';

/** Pod counts of a ReplicaSet as its status would report them (active pods only). */
export interface RsCounts {
  replicas: number;
  ready: number;
  available: number;
  /** Earliest time a ready-but-not-yet-available pod becomes available, or Infinity. */
  nextAvailableAt: Time;
}

/**
 * podutil.IsPodAvailable: Ready, and Ready for more than minReadySeconds (strictly: the
 * condition's lastTransitionTime + minReadySeconds is before now).
 */
export function isAvailable(p: PodObj, minReadySeconds: number, now: Time): boolean {
  if (!p.ready) return false;
  return minReadySeconds === 0 || (p.readySince >= 0 && p.readySince + minReadySeconds * 1_000_000 < now);
}

/** The counts of the active pods among `pods` (calculateStatus). */
export function countPods(pods: Iterable<PodObj>, minReadySeconds: number, now: Time): RsCounts {
  const c: RsCounts = { replicas: 0, ready: 0, available: 0, nextAvailableAt: Number.POSITIVE_INFINITY };
  for (const p of pods) {
    if (!isActive(p)) continue;
    c.replicas++;
    if (!p.ready) continue;
    c.ready++;
    if (isAvailable(p, minReadySeconds, now)) c.available++;
    else c.nextAvailableAt = Math.min(c.nextAvailableAt, p.readySince + minReadySeconds * 1_000_000 + 1);
  }
  return c;
}

const NONE: ReadonlySet<ReplicaSetObj> = new Set();

/** Committed ReplicaSets, with an index by owning Deployment. */
export class ReplicaSetStore extends ObjectStore<ReplicaSetObj, RsChange> {
  private nextUid = 1;
  private readonly byDeployment = new Map<string, Set<ReplicaSetObj>>();

  /** Creates a ReplicaSet (commit of a POST, or an initial object). */
  create(fields: Omit<ReplicaSetObj, 'uid' | 'key'>): ReplicaSetObj {
    const rs: ReplicaSetObj = { ...fields, uid: this.nextUid++, key: `replicaset/${fields.namespace}/${fields.name}` };
    if (rs.deployment) {
      let set = this.byDeployment.get(rs.deployment);
      if (!set) this.byDeployment.set(rs.deployment, (set = new Set()));
      set.add(rs);
    }
    this.add(rs, 'created');
    return rs;
  }

  /** Deletes a ReplicaSet (commit of a DELETE). */
  delete(rs: ReplicaSetObj): void {
    if (rs.deployment) this.byDeployment.get(rs.deployment)?.delete(rs);
    this.remove(rs, 'deleted');
  }

  /** The ReplicaSets a Deployment owns, in creation order. */
  ofDeployment(key: string): ReplicaSetObj[] {
    return [...this.ownedBy(key)];
  }

  /** As `ofDeployment`, without a copy: the live set, for a caller that only reads it before any commit. */
  ownedBy(key: string): ReadonlySet<ReplicaSetObj> {
    return this.byDeployment.get(key) ?? NONE;
  }
}
