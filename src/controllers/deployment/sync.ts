/**
 * One sync of one Deployment (pkg/controller/deployment/sync.go): the snapshot of its
 * ReplicaSets, `getNewReplicaSet`, `scaleReplicaSet`, proportional `scale`, `cleanupDeployment`
 * and the status write. Every change is a write through `DeploymentWrites`; the snapshot is
 * updated as upstream uses the objects its API calls return, so later steps of the same sync see
 * earlier ones.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate } from '../../manifests/types.js';
import type { ReplicaSetObj } from '../replicaset/object.js';
import { templateHash } from '../replicaset/names.js';
import type { DeploymentObj, DeploymentStatus } from './object.js';
import { calculateStatus, condition, deploymentComplete, REASON, rolloutStatus, sameStatus, stuckRequeueUs } from './progress.js';
import type { SyncOps } from './rolling.js';
import { activeViews, byCreation, bySizeNewer, bySizeOlder, byRevision, maxSurge, newRSNewReplicas, proportion, sortViews, specSum, type RsView } from './util.js';

/** The writes a sync issues (implemented by the controller: tracked, rate limited, committed later), and the one pod-cache read it needs. */
export interface DeploymentWrites {
  /** Every pod of the Deployment's ReplicaSets, terminating ones included (a read of the pod cache). */
  podsOf(d: DeploymentObj): PodObj[];
  createReplicaSet(d: DeploymentObj, v: RsView, template: PodTemplate, hash: string): void;
  updateReplicaSet(d: DeploymentObj, v: RsView, scaledFrom: number | null): void;
  deleteReplicaSet(d: DeploymentObj, rs: ReplicaSetObj): void;
  writeStatus(d: DeploymentObj, status: DeploymentStatus): void;
  requeueAfter(d: DeploymentObj, delayUs: number): void;
}

/** A sync in progress. */
export class DeploymentSync implements SyncOps {
  /** The status as this sync sees it (a condition set earlier in the sync included). */
  private cur: DeploymentStatus;
  private created: RsView | null = null;

  constructor(
    readonly d: DeploymentObj,
    private readonly views: RsView[],
    private readonly writes: DeploymentWrites,
    private readonly now: Time,
  ) {
    this.cur = d.status;
  }

  pods(): PodObj[] {
    return this.writes.podsOf(this.d);
  }

  completeNow(): boolean {
    return deploymentComplete(this.d, this.d.status);
  }

  /** getAllReplicaSetsAndSyncRevision. */
  replicaSets(create: boolean): { newRS: RsView | null; oldRSs: RsView[] } {
    const hash = templateHash(this.d.template);
    // The sync's own list, sorted in place: nothing reads its order but this (already in creation
    // order when it comes from the index, so the sort moves nothing).
    const sorted = sortViews(this.views, byCreation);
    let newRS = this.created;
    if (newRS === null) for (const v of sorted) if (v.rs !== null && v.rs.hash === hash) { newRS = v; break; }
    const oldRSs: RsView[] = [];
    let maxRevision = 0;
    for (const v of sorted) {
      if (v === newRS) continue;
      oldRSs.push(v);
      maxRevision = Math.max(maxRevision, v.annotations.revision);
    }
    const newRevision = maxRevision + 1;
    if (newRS) {
      if (newRS.annotations.revision < newRevision) {
        newRS.annotations = { ...newRS.annotations, revision: newRevision };
        this.writes.updateReplicaSet(this.d, newRS, null);
      }
      if (!this.cur.progressing) this.setCondition(condition('True', REASON.foundNewRS, `Found new replica set "${newRS.name}"`, this.now));
      return { newRS, oldRSs };
    }
    if (!create) return { newRS: null, oldRSs };
    newRS = {
      rs: null,
      name: `${this.d.name}-${hash}`,
      order: Number.MAX_SAFE_INTEGER,
      replicas: 0,
      annotations: { revision: newRevision, desiredReplicas: this.d.replicas, maxReplicas: this.d.replicas + maxSurge(this.d) },
      counts: { replicas: 0, ready: 0, available: 0, nextAvailableAt: Number.POSITIVE_INFINITY },
    };
    newRS.replicas = newRSNewReplicas(this.d, [...oldRSs, newRS], newRS);
    this.writes.createReplicaSet(this.d, newRS, this.d.template, hash);
    this.created = newRS;
    this.views.push(newRS);
    this.setCondition(condition('True', REASON.newRSCreated, `Created new replica set "${newRS.name}"`, this.now));
    return { newRS, oldRSs };
  }

  /** scaleReplicaSetAndRecordEvent. */
  scale(v: RsView, replicas: number): boolean {
    if (v.replicas === replicas) return false;
    return this.scaleTo(v, replicas);
  }

  /** scaleReplicaSet: size and the desired/max-replicas annotations, when either changes. */
  private scaleTo(v: RsView, replicas: number): boolean {
    const desired = this.d.replicas;
    const max = this.d.replicas + maxSurge(this.d);
    const sizeChanges = v.replicas !== replicas;
    if (!sizeChanges && v.annotations.desiredReplicas === desired && v.annotations.maxReplicas === max) return false;
    const from = v.replicas;
    v.replicas = replicas;
    v.annotations = { ...v.annotations, desiredReplicas: desired, maxReplicas: max };
    if (v.rs) this.writes.updateReplicaSet(this.d, v, sizeChanges ? from : null);
    return sizeChanges;
  }

  /** isScalingEvent: an active ReplicaSet was last scaled for another replica count. */
  isScalingEvent(): boolean {
    const { newRS, oldRSs } = this.replicaSets(false);
    // Runs at every sync: the active views are tested in place rather than gathered first.
    for (const v of oldRSs) if (this.scaledForOther(v)) return true;
    return newRS !== null && this.scaledForOther(newRS);
  }

  /** An active view last scaled for another replica count than the Deployment's. */
  private scaledForOther(v: RsView): boolean {
    return v.replicas > 0 && v.annotations.desiredReplicas >= 0 && v.annotations.desiredReplicas !== this.d.replicas;
  }

  /** sync: a scaling event (proportional scale), then the plain status. */
  syncScale(): void {
    const { newRS, oldRSs } = this.replicaSets(false);
    this.proportionalScale(newRS, oldRSs);
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    this.writeIfChanged(calculateStatus(this.d, all, newRS, this.cur));
  }

  /** scale (sync.go): the whole change to the active-or-latest ReplicaSet, or spread proportionally. */
  private proportionalScale(newRS: RsView | null, oldRSs: RsView[]): void {
    const d = this.d;
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    const active = activeViews(all);
    if (active.length <= 1) {
      const target = active[0] ?? newRS ?? sortViews(oldRSs.slice(), byCreation).at(-1);
      if (target && target.replicas !== d.replicas) this.scale(target, d.replicas);
      return;
    }
    if (newRS && newRS.replicas === d.replicas && newRS.annotations.desiredReplicas === d.replicas && newRS.counts.available === d.replicas) {
      for (const v of activeViews(oldRSs)) this.scale(v, 0);
      return;
    }
    if (d.strategy !== 'RollingUpdate') return;
    const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
    const toAdd = allowed - specSum(active);
    sortViews(active, toAdd > 0 ? bySizeNewer : bySizeOlder);
    const size = new Map<RsView, number>();
    let added = 0;
    for (const v of active) {
      const p = toAdd !== 0 ? proportion(v, d, toAdd, added) : 0;
      size.set(v, v.replicas + p);
      added += p;
    }
    active.forEach((v, i) => {
      let n = size.get(v)!;
      if (i === 0 && toAdd !== 0) n = Math.max(0, n + toAdd - added);
      this.scaleTo(v, n);
    });
  }

  /** syncRolloutStatus: counts, Progressing, and a write when anything changed; else requeue a stuck rollout. */
  syncRolloutStatus(all: RsView[], newRS: RsView | null): void {
    const counted = calculateStatus(this.d, all, newRS, this.cur);
    const next = rolloutStatus(this.d, this.cur, counted, newRS?.name ?? null, this.now);
    if (this.writeIfChanged(next)) return;
    const after = stuckRequeueUs(this.d, next, this.now);
    if (after >= 0) this.writes.requeueAfter(this.d, after);
  }

  /** cleanupDeployment: old, empty ReplicaSets beyond revisionHistoryLimit, oldest revision first. */
  cleanup(oldRSs: RsView[]): void {
    const cleanable = oldRSs.filter((v) => v.rs !== null);
    const diff = cleanable.length - this.d.revisionHistoryLimit;
    if (diff <= 0) return;
    sortViews(cleanable, byRevision);
    for (let i = 0; i < diff; i++) {
      const v = cleanable[i];
      if (v.counts.replicas !== 0 || v.replicas !== 0) continue;
      this.writes.deleteReplicaSet(this.d, v.rs!);
    }
  }

  private setCondition(c: DeploymentStatus['progressing']): void {
    this.cur = { ...this.cur, progressing: c };
  }

  private writeIfChanged(next: DeploymentStatus): boolean {
    if (sameStatus(this.d.status, next)) return false;
    this.writes.writeStatus(this.d, next);
    return true;
  }
}
