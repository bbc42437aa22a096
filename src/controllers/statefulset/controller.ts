/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go
 * `updateStatefulSet`): pods `<set>-<ordinal>`; OrderedReady creates 0…N−1 each Running and Ready
 * (and available) before the next and deletes in reverse; Parallel acts on all at once. A pod
 * whose object still exists — even Terminating on an unreachable node — is never replaced until
 * it is gone (at-most-one pod per identity, issue 54368). RollingUpdate replaces pods from the
 * highest ordinal down to the partition, one at a time, each waiting for the previous to be healthy.
 * Upstream's API calls are synchronous; here a set with writes in flight waits for them to land.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { isAvailable } from '../replicaset/object.js';
import { type PodControl, type PodEventWording, type PodSpecToCreate } from '../replicaset/podcontrol.js';
import { pinnedNode } from '../replicaset/controller.js';
import type { StatefulSetObj, StatefulSetStore, StsStatus } from './object.js';

/** Labels the controller puts on its pods (apps/v1 StatefulSetRevisionLabel, StatefulSetPodNameLabel, PodIndexLabel). */
export const REVISION_LABEL = 'controller-revision-hash';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** stateful_pod_control.go recordPodEvent wording: `create Pod zk-0 in StatefulSet zk successful`. */
export function statefulSetWording(set: string): PodEventWording {
  return {
    created: (pod) => `create Pod ${pod} in StatefulSet ${set} successful`,
    createFailed: (pod, err) => `create Pod ${pod} in StatefulSet ${set} failed error: ${err}`,
    deleted: (pod) => `delete Pod ${pod} in StatefulSet ${set} successful`,
    deleteFailed: (pod, err) => `delete Pod ${pod} in StatefulSet ${set} failed error: ${err}`,
  };
}

const runningAndReady = (p: PodObj) => p.phase === 'Running' && p.ready;
const terminating = (p: PodObj) => p.deletionTimestamp >= 0;
const healthy = (p: PodObj | null): boolean => p !== null && runningAndReady(p) && !terminating(p);

/** The StatefulSet controller. */
export class StatefulSetController extends Reconciler<string> {

  constructor(
    kcm: ControllerManager,
    private readonly sets: StatefulSetStore,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'statefulset');
    sets.onChange((set) => this.enqueue(set.key));
    pods.index.onOwned('StatefulSet', (pod) => this.enqueue(pod.owner!.key));
  }

  protected allKeys(): Iterable<string> {
    return [...this.sets.values()].map((s) => s.key);
  }

  protected reconcile(key: string): void {
    const set = this.sets.get(key);
    if (!set || !this.inflight.satisfied(key)) return;
    const now = this.kcm.ctx.sim.now;
    this.kcm.ctx.metrics.setDesired(set.key, set.replicas, now);
    const replicas: Array<PodObj | null> = Array.from({ length: set.replicas }, () => null);
    const condemned: PodObj[] = [];
    for (const p of this.pods.index.owned(key)) {
      if (p.ordinal >= 0 && p.ordinal < set.replicas) replicas[p.ordinal] = p;
      else condemned.push(p);
    }
    condemned.sort((a, b) => b.ordinal - a.ordinal);
    const monotonic = set.podManagementPolicy === 'OrderedReady';
    this.writeStatus(set);
    if (this.processReplicas(set, replicas, monotonic, now)) return;
    if (this.processCondemned(set, replicas, condemned, monotonic, now)) return;
    if (set.strategy === 'RollingUpdate') this.rollingUpdate(set, replicas);
  }

  /** processReplica over every ordinal; true when the sync must stop here (monotonic wait, or writes issued). */
  private processReplicas(set: StatefulSetObj, replicas: Array<PodObj | null>, monotonic: boolean, now: Time): boolean {
    const toCreate: number[] = [];
    let issued = false;
    for (let i = 0; i < replicas.length; i++) {
      const p = replicas[i];
      if (p === null) {
        // Create the missing pod; OrderedReady creates one and waits for it.
        if (monotonic) {
          this.createPods(set, [i]);
          return true;
        }
        toCreate.push(i);
        continue;
      }
      if (p.phase === 'Failed' || p.phase === 'Succeeded') {
        // A finished pod is deleted; its replacement comes once the object is gone.
        if (!terminating(p)) this.deletePod(set, p);
        issued = true;
        if (monotonic) return true;
        continue;
      }
      if (!monotonic) continue;
      if (terminating(p) || !runningAndReady(p)) return true;
      if (!isAvailable(p, set.minReadySeconds, now)) {
        this.wakeups.wakeAt(set.key, p.readySince + set.minReadySeconds * 1_000_000 + 1);
        return true;
      }
    }
    if (toCreate.length > 0) this.createPods(set, toCreate);
    return issued || toCreate.length > 0;
  }

  /** processCondemned: pods at ordinals ≥ replicas go, highest first (OrderedReady: one at a time, predecessors healthy). */
  private processCondemned(set: StatefulSetObj, replicas: Array<PodObj | null>, condemned: PodObj[], monotonic: boolean, now: Time): boolean {
    let firstUnhealthy: PodObj | null | undefined = replicas.find((p) => !healthy(p));
    if (firstUnhealthy === undefined) for (let i = condemned.length - 1; i >= 0 && firstUnhealthy === undefined; i--) if (!healthy(condemned[i])) firstUnhealthy = condemned[i];
    let issued = false;
    for (const p of condemned) {
      if (terminating(p)) {
        if (monotonic) return true;
        continue;
      }
      if (monotonic && p !== firstUnhealthy && (!runningAndReady(p) || !isAvailable(p, set.minReadySeconds, now))) return true;
      this.deletePod(set, p);
      issued = true;
      if (monotonic) return true;
    }
    return issued;
  }

  /** RollingUpdate: delete the highest-ordinal pod not at the update revision, once everything above it is healthy. */
  private rollingUpdate(set: StatefulSetObj, replicas: Array<PodObj | null>): void {
    for (let target = replicas.length - 1; target >= set.partition; target--) {
      const p = replicas[target];
      if (p !== null && p.revision !== set.updateRevision && !terminating(p)) {
        this.deletePod(set, p);
        return;
      }
      if (!healthy(p)) return;
    }
  }

  private createPods(set: StatefulSetObj, ordinals: number[]): void {
    this.createInBatches(set.key, ordinals.length, (i, done) => {
      const name = `${set.name}-${ordinals[i]}`;
      this.pods.create(this.podSpec(set, ordinals[i], name), { fixed: name }, set.key, statefulSetWording(set.name), (pod) => done(pod !== null));
    });
  }

  private deletePod(set: StatefulSetObj, pod: PodObj): void {
    this.inflight.expect(set.key, 1);
    this.pods.delete(pod, set.key, 'ScaleDown', statefulSetWording(set.name), () => this.inflight.observe(set.key));
  }

  /** newVersionedStatefulSetPod: ordinals below the partition keep the current revision. */
  private podSpec(set: StatefulSetObj, ordinal: number, name: string): PodSpecToCreate {
    const current = set.revisions.get(set.status.currentRevision);
    const rev = set.strategy === 'RollingUpdate' && ordinal < set.partition && current ? current : set.revisions.get(set.updateRevision)!;
    const t = rev.template;
    const spec: PodSpecToCreate = {
      namespace: set.namespace,
      labels: { ...t.labels, [REVISION_LABEL]: rev.name, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
      template: t,
      tolerations: t.tolerations,
      owner: { kind: 'StatefulSet', key: set.key },
      workloadKey: set.key,
      revision: rev.name,
      ordinal,
    };
    const node = pinnedNode(this.kcm.ctx.topology.hostByName, this.kcm.ctx.topology.nodes.length, t.nodeName);
    if (node >= 0) spec.node = node;
    return spec;
  }

  /** updateStatefulSetStatus with completeRollingUpdate; written only when it changes. */
  private writeStatus(set: StatefulSetObj): void {
    const s: StsStatus = { ...set.status, observedGeneration: set.generation, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, updateRevision: set.updateRevision };
    if (!set.revisions.has(s.currentRevision)) s.currentRevision = set.updateRevision;
    for (const p of this.pods.index.owned(set.key)) {
      s.replicas++;
      if (runningAndReady(p)) s.readyReplicas++;
      if (terminating(p)) continue;
      if (p.revision === s.currentRevision) s.currentReplicas++;
      if (p.revision === s.updateRevision) s.updatedReplicas++;
    }
    if (set.strategy === 'RollingUpdate' && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
      s.currentReplicas = s.updatedReplicas;
      s.currentRevision = s.updateRevision;
    }
    const o = set.status;
    if (o.observedGeneration === s.observedGeneration && o.replicas === s.replicas && o.readyReplicas === s.readyReplicas && o.currentReplicas === s.currentReplicas
      && o.updatedReplicas === s.updatedReplicas && o.currentRevision === s.currentRevision && o.updateRevision === s.updateRevision) return;
    this.submitFor(set.key, `update ${set.key} status`, () => {
      if (this.sets.get(set.key) === set) this.sets.setStatus(set, s);
    }, 'statefulset-controller');
  }
}
