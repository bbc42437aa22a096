/**
 * The Deployment controller (pkg/controller/deployment/deployment_controller.go `syncDeployment`):
 * one ReplicaSet per pod template, rolled by the strategy. A sync's API calls are synchronous
 * upstream (each returns after its commit); here a Deployment with writes still in flight is not
 * synced again until they land, which gives the same ordering without blocking the simulation.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate } from '../../manifests/types.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { countPods, type ReplicaSetObj, type ReplicaSetStore, type RsCounts } from '../replicaset/object.js';
import type { PodControl } from '../replicaset/podcontrol.js';
import type { DeploymentObj, DeploymentStatus, DeploymentStore } from './object.js';
import { REASON } from './progress.js';
import { rolloutRecreate, rolloutRolling } from './rolling.js';
import { DeploymentSync, type DeploymentWrites } from './sync.js';
import type { RsView } from './util.js';

/** The Deployment controller. */
export class DeploymentController extends Reconciler<string> implements DeploymentWrites {

  constructor(
    kcm: ControllerManager,
    private readonly deployments: DeploymentStore,
    private readonly replicaSets: ReplicaSetStore,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'deployment');
    deployments.onChange((d) => this.enqueue(d.key));
    replicaSets.onChange((rs) => {
      if (rs.deployment) this.enqueue(rs.deployment);
    });
    pods.index.onOwned('ReplicaSet', (pod) => {
      const rs = replicaSets.get(pod.owner!.key);
      if (rs?.deployment) this.enqueue(rs.deployment);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.deployments.values()].map((d) => d.key);
  }

  protected reconcile(key: string): void {
    const d = this.deployments.get(key);
    if (!d || !this.inflight.satisfied(key)) return;
    const now = this.kcm.ctx.sim.now;
    this.kcm.ctx.metrics.setDesired(d.key, d.replicas, now);
    const views: RsView[] = [];
    for (const rs of this.replicaSets.ownedBy(key)) views.push(this.view(rs, now));
    const sync = new DeploymentSync(d, views, this, now);
    if (sync.isScalingEvent()) sync.syncScale();
    else if (d.strategy === 'Recreate') rolloutRecreate(sync);
    else rolloutRolling(sync);
    // A ready pod becomes available minReadySeconds later with no API change: look again then
    // (upstream the ReplicaSet controller requeues itself and its status update wakes the Deployment).
    let next = Number.POSITIVE_INFINITY;
    for (const v of views) next = Math.min(next, v.counts.nextAvailableAt);
    if (next < Number.POSITIVE_INFINITY) this.wakeups.wakeAt(key, next);
  }

  /** A ReplicaSet as this sync sees it (its status computed from the pod cache now). */
  private view(rs: ReplicaSetObj, now: Time): RsView {
    return { rs, name: rs.name, order: rs.uid, replicas: rs.replicas, annotations: rs.annotations, counts: this.counts(rs, now) };
  }

  /**
   * calculateStatus of a ReplicaSet. With minReadySeconds 0 a ready pod is available at once, so
   * the index's running counts are the status; otherwise availability depends on the time each pod
   * became ready, and the pods are counted one by one.
   */
  private counts(rs: ReplicaSetObj, now: Time): RsCounts {
    if (rs.minReadySeconds !== 0) return countPods(this.pods.index.owned(rs.key), rs.minReadySeconds, now);
    const c = this.pods.index.ownedCounts(rs.key);
    return { replicas: c.active, ready: c.activeReady, available: c.activeReady, nextAvailableAt: Number.POSITIVE_INFINITY };
  }

  podsOf(d: DeploymentObj): PodObj[] {
    const out: PodObj[] = [];
    for (const rs of this.replicaSets.ownedBy(d.key)) for (const p of this.pods.index.owned(rs.key)) out.push(p);
    return out;
  }

  private submit(d: DeploymentObj, label: string, commit: () => void): void {
    this.submitFor(d.key, label, commit, 'deployment-controller');
  }

  createReplicaSet(d: DeploymentObj, v: RsView, template: PodTemplate, hash: string): void {
    const ctx = this.kcm.ctx;
    this.submit(d, `create replicaset ${d.namespace}/${v.name}`, () => {
      if (this.replicaSets.get(`replicaset/${d.namespace}/${v.name}`)) return; // AlreadyExists
      const now = ctx.sim.now;
      this.replicaSets.create({
        namespace: d.namespace, name: v.name, replicas: v.replicas, selector: d.selector, template, minReadySeconds: d.minReadySeconds,
        hash, deployment: d.key, workloadKey: d.key, createdAt: now, annotations: { ...v.annotations },
      });
      if (v.replicas > 0) ctx.events.add(now, 'Normal', 'ScalingReplicaSet', d.key, `Scaled up replica set ${v.name} from 0 to ${v.replicas}`);
    });
  }

  updateReplicaSet(d: DeploymentObj, v: RsView, scaledFrom: number | null): void {
    const ctx = this.kcm.ctx;
    const rs = v.rs!;
    const to = v.replicas;
    this.submit(d, `update ${rs.key}`, () => {
      if (this.replicaSets.get(rs.key) !== rs) return; // NotFound
      // The sync's final view of this ReplicaSet: several updates of one sync apply the same state.
      rs.replicas = v.replicas;
      rs.annotations = { ...v.annotations };
      this.replicaSets.changed(rs, 'updated');
      if (scaledFrom !== null) {
        const op = to > scaledFrom ? 'up' : 'down';
        ctx.events.add(ctx.sim.now, 'Normal', 'ScalingReplicaSet', d.key, `Scaled ${op} replica set ${v.name} from ${scaledFrom} to ${to}`);
      }
    });
  }

  deleteReplicaSet(d: DeploymentObj, rs: ReplicaSetObj): void {
    this.submit(d, `delete ${rs.key}`, () => this.replicaSets.delete(rs));
  }

  writeStatus(d: DeploymentObj, status: DeploymentStatus): void {
    const ctx = this.kcm.ctx;
    this.submit(d, `update ${d.key} status`, () => {
      if (this.deployments.get(d.key) !== d) return;
      const was = d.status.progressing?.reason;
      this.deployments.setStatus(d, status);
      const c = status.progressing;
      // kubeblast's own event: upstream only sets the condition (kubectl rollout status reports it).
      if (c && c.reason === REASON.timedOut && was !== REASON.timedOut) ctx.events.add(ctx.sim.now, 'Warning', REASON.timedOut, d.key, c.message);
    });
  }

  requeueAfter(d: DeploymentObj, delayUs: number): void {
    this.wakeups.wakeAt(d.key, this.kcm.ctx.sim.now + delayUs);
  }
}
