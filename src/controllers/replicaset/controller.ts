/**
 * The ReplicaSet controller (pkg/controller/replicaset/replica_set.go `manageReplicas`): keeps
 * as many active pods (not terminating, not finished — FilterActivePods) as the spec asks. A pod
 * stuck Terminating on a dead node is therefore replaced as soon as its deletion starts. Creates
 * go in slow-start batches of at most BurstReplicas per sync; deletes pick pods by
 * `ActivePodsWithRanks`; expectations keep a sync from acting on a half-landed previous one.
 */
import { isActive, type PodObj } from '../../apiserver/objects.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import type { ReplicaSetObj, ReplicaSetStore } from './object.js';
import { POD_CONTROL_WORDING, type PodControl, type PodSpecToCreate } from './podcontrol.js';
import { podsToDelete } from './ranks.js';
import { withLabel } from '../../manifests/podlabels.js';

/** Most pods created or deleted per sync (replicaset `BurstReplicas`). */
export const BURST_REPLICAS = 500;

/** Label a Deployment's ReplicaSet adds to its pods (apps/v1 DefaultDeploymentUniqueLabelKey). */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The ReplicaSet controller. */
export class ReplicaSetController extends Reconciler<string> {
  constructor(
    kcm: ControllerManager,
    private readonly store: ReplicaSetStore,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'replicaset');
    store.onChange((rs) => this.enqueue(rs.key));
    pods.index.onOwned('ReplicaSet', (pod) => this.enqueue(pod.owner!.key));
  }

  protected allKeys(): Iterable<string> {
    return [...this.store.values()].map((rs) => rs.key);
  }

  protected reconcile(key: string): void {
    const rs = this.store.get(key);
    if (!rs || !this.inflight.satisfied(key)) return;
    // The index counts active pods as they change; the list itself is needed only to pick victims.
    const diff = this.pods.index.ownedCounts(key).active - rs.replicas;
    if (diff < 0) this.createPods(rs, Math.min(-diff, BURST_REPLICAS));
    else if (diff > 0) this.deletePods(rs, [...this.pods.index.owned(key)].filter(isActive), Math.min(diff, BURST_REPLICAS));
  }

  private createPods(rs: ReplicaSetObj, n: number): void {
    const spec = this.podSpec(rs);
    const naming = { generate: `${rs.name}-` };
    this.createInBatches(rs.key, n, (_i, done) => this.pods.create(spec, naming, rs.key, POD_CONTROL_WORDING, (pod) => done(pod !== null)));
  }

  private deletePods(rs: ReplicaSetObj, active: PodObj[], n: number): void {
    const victims = podsToDelete(active, this.relatedPods(rs), n, this.kcm.ctx.sim.now);
    this.inflight.expect(rs.key, victims.length);
    for (const pod of victims) this.pods.delete(pod, rs.key, 'ScaleDown', POD_CONTROL_WORDING, () => this.inflight.observe(rs.key));
  }

  /** getIndirectlyRelatedPods: the pods of every ReplicaSet of the same Deployment (or its own). */
  private *relatedPods(rs: ReplicaSetObj): Iterable<PodObj> {
    if (!rs.deployment) {
      yield* this.pods.index.owned(rs.key);
      return;
    }
    for (const sibling of this.store.ownedBy(rs.deployment)) yield* this.pods.index.owned(sibling.key);
  }

  private podSpec(rs: ReplicaSetObj): PodSpecToCreate {
    const t = rs.template;
    const labels = rs.deployment ? withLabel(t.labels, POD_TEMPLATE_HASH_LABEL, rs.hash) : t.labels;
    const spec: PodSpecToCreate = {
      namespace: rs.namespace,
      labels,
      template: t,
      tolerations: t.tolerations,
      owner: { kind: 'ReplicaSet', key: rs.key },
      workloadKey: rs.workloadKey,
      revision: rs.hash,
      ordinal: -1,
    };
    const node = pinnedNode(this.kcm.ctx.topology.hostByName, this.kcm.ctx.topology.nodes.length, t.nodeName);
    if (node >= 0) spec.node = node;
    return spec;
  }
}

/** The worker node a template's spec.nodeName pins pods to, or -1. */
export function pinnedNode(hostByName: ReadonlyMap<string, number>, workers: number, nodeName: string | undefined): number {
  if (!nodeName) return -1;
  const id = hostByName.get(nodeName);
  return id !== undefined && id < workers ? id : -1;
}
