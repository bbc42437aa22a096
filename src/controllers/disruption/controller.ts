/**
 * The disruption controller (pkg/controller/disruption/disruption.go `trySync`): keeps every
 * PodDisruptionBudget's status — currentHealthy, desiredHealthy, expectedPods,
 * disruptionsAllowed, disruptedPods — current from the pods it selects and the scale of their
 * controllers. The status write carries the resourceVersion it read, so an eviction that took
 * from the budget meanwhile makes it conflict and recompute (UpdateStatus's optimistic
 * concurrency). When the expected count cannot be computed (a selected pod's controller has no
 * scale: DaemonSet, Job, a deleted owner) the budget fails safe to 0 allowed disruptions.
 */
import type { OwnerRef, PodObj } from '../../apiserver/objects.js';
import type { DeploymentStore } from '../deployment/object.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import type { ReplicaSetStore } from '../replicaset/object.js';
import type { PodControl } from '../replicaset/podcontrol.js';
import type { StatefulSetStore } from '../statefulset/object.js';
import { countHealthy, disruptionsAllowed, expectedAndDesired, pendingDisruptions } from './budget.js';
import { PdbMembers, type PdbMemberCounts } from './members.js';
import type { PdbObj, PdbStatus, PdbStore } from './object.js';

/** The stores whose scales count toward a budget's expected pods (getPodReplicaSet, getPodDeployment, getPodStatefulSet). */
export interface ScaleSources {
  replicaSets: ReplicaSetStore;
  deployments: DeploymentStore;
  statefulSets: StatefulSetStore;
}

/** The disruption controller. */
export class DisruptionController extends Reconciler<string> {
  private readonly members: PdbMembers;

  constructor(
    kcm: ControllerManager,
    private readonly pdbs: PdbStore,
    private readonly scales: ScaleSources,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'disruption');
    this.members = new PdbMembers((pod) => this.pdbs.forPod(pod));
    for (const p of kcm.ctx.store.pods.values()) this.members.add(p);
    pods.index.onAny((pod, change) => {
      if (change === 'created') this.members.add(pod);
      else if (change !== 'removed') this.members.update(pod);
      for (const pdb of this.pdbs.forPod(pod)) this.enqueue(pdb.key);
      if (change === 'removed') this.members.remove(pod);
    });
    pdbs.onChange((pdb) => this.enqueue(pdb.key));
  }

  protected allKeys(): Iterable<string> {
    return [...this.pdbs.values()].map((p) => p.key);
  }

  protected reconcile(key: string): void {
    const pdb = this.pdbs.get(key);
    if (!pdb || !this.inflight.satisfied(key)) return;
    const ctx = this.kcm.ctx;
    const now = ctx.sim.now;
    const members = this.members.of(key);
    const tally = this.members.countsOf(key);
    let counts: { expected: number; desired: number };
    try {
      counts = expectedAndDesired(pdb.spec, members.size, () => this.expectedScale(tally.owners, members));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      ctx.events.add(now, 'Warning', 'CalculateExpectedPodCountFailed', pdb.key, `Failed to calculate the number of expected pods: ${why}`);
      this.write(pdb, { ...pdb.status, disruptionsAllowed: 0, syncFailed: 'SyncFailed' });
      return;
    }
    // Approved evictions are rare (a drain): only then are the pods looked at one by one.
    const { pending, recheckAt } = pendingDisruptions(pdb.status.disruptedPods.size > 0 ? [...members] : [], pdb.status.disruptedPods, now);
    const healthy = pending.size > 0 ? countHealthy([...members], pending, now) : tally.healthy;
    const status: PdbStatus = {
      observedGeneration: pdb.generation,
      currentHealthy: healthy,
      desiredHealthy: counts.desired,
      expectedPods: counts.expected,
      disruptionsAllowed: disruptionsAllowed(healthy, counts.desired, counts.expected),
      disruptedPods: pending,
      syncFailed: '',
    };
    this.write(pdb, status);
    if (recheckAt < Number.POSITIVE_INFINITY) this.wakeups.wakeAt(key, recheckAt + 1);
  }

  /**
   * getExpectedScale: the sum of the scales of the selected pods' controllers (a Deployment's for
   * its ReplicaSets' pods; unmanaged pods are ignored). Each owner is resolved once; when one has no
   * scale, the pods are walked in order to name the first one upstream would fail on.
   */
  private expectedScale(owners: PdbMemberCounts['owners'], pods: ReadonlySet<PodObj>): number {
    const scales = new Map<string, number>();
    for (const { ref } of owners.values()) {
      const found = this.scaleOf(ref);
      if (!found) {
        for (const p of pods) if (p.owner && !this.scaleOf(p.owner)) throw new Error(`found no controllers for pod "${p.name}"`);
        throw new Error(`found no controllers for owner ${ref.key}`);
      }
      scales.set(found.key, found.scale);
    }
    let n = 0;
    for (const s of scales.values()) n += s;
    return n;
  }

  private scaleOf(owner: OwnerRef): { key: string; scale: number } | undefined {
    if (owner.kind === 'ReplicaSet') {
      const rs = this.scales.replicaSets.get(owner.key);
      if (!rs) return undefined;
      const d = rs.deployment ? this.scales.deployments.get(rs.deployment) : undefined;
      return d ? { key: d.key, scale: d.replicas } : { key: rs.key, scale: rs.replicas };
    }
    if (owner.kind === 'StatefulSet') {
      const set = this.scales.statefulSets.get(owner.key);
      return set ? { key: set.key, scale: set.replicas } : undefined;
    }
    return undefined;
  }

  /** UpdateStatus when anything changed, conditional on the resourceVersion read. */
  private write(pdb: PdbObj, status: PdbStatus): void {
    if (sameStatus(pdb.status, status)) return;
    const rv = pdb.resourceVersion;
    this.submitFor(pdb.key, `update ${pdb.key} status`, () => {
      if (this.pdbs.get(pdb.key) !== pdb) return;
      if (pdb.resourceVersion !== rv) {
        this.enqueue(pdb.key); // Conflict: recompute from the newer object.
        return;
      }
      this.pdbs.setStatus(pdb, status);
    }, 'disruption-controller');
  }
}

function sameStatus(a: PdbStatus, b: PdbStatus): boolean {
  if (a.observedGeneration !== b.observedGeneration || a.currentHealthy !== b.currentHealthy || a.desiredHealthy !== b.desiredHealthy) return false;
  if (a.expectedPods !== b.expectedPods || a.disruptionsAllowed !== b.disruptionsAllowed || a.syncFailed !== b.syncFailed) return false;
  if (a.disruptedPods.size !== b.disruptedPods.size) return false;
  for (const [k, v] of a.disruptedPods) if (b.disruptedPods.get(k) !== v) return false;
  return true;
}

