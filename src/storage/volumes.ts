/**
 * Persistent volumes: each PersistentVolumeClaim's binding (where its volume lives) and the
 * attach-detach controller (where it is attached), for ReadWriteOnce disks.
 *
 * - Exclusive volumes only: a claim whose access modes include neither ReadWriteOnce nor
 *   ReadWriteOncePod may be attached to many nodes at once (pkg/volume/util/util.go
 *   IsMultiAttachAllowed), so no pod waits for another node's attachment; such volumes (NFS, EFS,
 *   Filestore, Azure Files) are mounted without an attach here (⚠ inferred: the mount time is in the
 *   container start). Their binding and its zone still apply.
 *
 * - Binding (pkg/controller/volume/persistentvolume; pkg/scheduler/framework/plugins/volumebinding):
 *   a `WaitForFirstConsumer` claim is provisioned when the scheduler binds its first pod, in that
 *   node's zone (zonal class) or region (regional class); an `Immediate` claim at creation, in a
 *   zone drawn from the claim's own stream `storage/provision/NS/NAME`. The bound volume's node affinity then
 *   keeps every later pod of the claim there (`fits`, the VolumeBinding filter).
 * - Attach (pkg/controller/volume/attachdetach): a volume is wanted on a node while a pod bound there
 *   that mounts it exists and has not terminated (util.DetermineVolumeAction: a pod stuck
 *   Terminating on a dead node still wants it). A wanted volume that is attached nowhere is attached
 *   after the scenario's attach latency; one attached to another node stays there (Multi-Attach
 *   error) until it is no longer wanted there. Detach follows reconciler/reconciler.go `reconcile`:
 *   the detach request time is set when the volume is first not wanted on its node; the volume is
 *   detached (after the same latency) at once when that node's kubelet has unmounted it (it runs,
 *   reaches the API and reports `node.status.volumesInUse`) or the node has the
 *   `node.kubernetes.io/out-of-service` taint (KEP-2268); otherwise it is force-detached once
 *   `maxWaitForUnmountDuration` (6 min, attach_detach_controller.go) has passed since the request
 *   AND the node is not healthy (`nodeIsHealthy`: Ready=True; a deleted Node is not found, so not
 *   healthy). A mounted volume on a Ready node is never forced: it waits for a change of the node.
 *   Deleting the Node does not detach at once: `nodeDelete` keeps the deleted Node's last
 *   volumesInUse (kubernetes/kubernetes PR #136029, which would change that, is not merged), so the
 *   volume is forced 6 min after pod GC removed the pod.
 * - The attach-detach controller runs in kube-controller-manager: it decides nothing while no
 *   leader acts, and a new leader rebuilds its state, so a force-detach wait starts again from its
 *   start (the detach request time is kept in memory: cache/actual_state_of_world.go
 *   SetDetachRequestTime). Attaches and detaches already sent to the cloud finish.
 * - ⚠ Inferred simplifications: provisioning takes no time of its own (it is in the attach
 *   latency); the upstream reconciler's 100 ms loop is replaced by events (a request, a node change,
 *   the end of the wait); a detach decided on the kubelet's state at that moment is not revised if
 *   the kubelet comes back meanwhile.
 */
import { TAINT_OUT_OF_SERVICE, type NodeObj, type PodObj } from '../apiserver/objects.js';
import type { Dist } from '../kernel/dist.js';
import { sampleTime } from '../kernel/dist.js';
import { MIN, SEC, type Time } from '../kernel/time.js';
import type { ClaimSpec, StorageClassSpec } from '../manifests/storage.js';
import { storageClasses } from '../manifests/storage.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';

/** attach_detach_controller.go `reconcilerMaxWaitForUnmountDuration`. */
export const MAX_WAIT_FOR_UNMOUNT_US: Time = 6 * MIN;
/** Attach latency of scenarios built without `spec.storage` (src/scenario/defaults.ts has the same). */
export const DEFAULT_ATTACH: Dist = { dist: 'lognormal', median: 10 * SEC, sigma: 0.5 };

/** One claim's volume. */
export interface Volume {
  readonly claim: ClaimSpec;
  readonly cls: StorageClassSpec | null;
  /** Zone index (zonal) or region index (regional) of the provisioned volume; −1 while unbound. */
  boundTo: number;
  attachedTo: HostId;
  /** Node an attach is under way to (−1: none), and its event. */
  attachingTo: HostId;
  attachEvent: number;
  /** Detach under way (−1: none), and when the detach was first wanted (−1: not wanted). */
  detachEvent: number;
  /** The scheduled detach is a force detach still waiting out maxWaitForUnmountDuration. */
  detachForced: boolean;
  detachWantedUs: Time;
  /** Pods waiting for the volume on their node: called once it is attached there. */
  waiters: Array<{ pod: PodObj; host: HostId; fn: () => void }>;
  /** Pods already told of a Multi-Attach error (one event each). */
  readonly multiAttachTold: Set<number>;
}

/** What the attach-detach controller needs of the kubelets. */
export interface KubeletView {
  isRunning(host: HostId): boolean;
  isConnected(host: HostId): boolean;
}

/** Volumes of a run. */
export class Volumes {
  private readonly volumes = new Map<string, Volume>();
  private readonly classes: StorageClassSpec[];
  private readonly podClaims: Map<string, string[]>;
  private readonly templates: Map<string, ClaimSpec[]>;

  constructor(
    private readonly ctx: WorldContext,
    private readonly kubelets: KubeletView,
    private readonly attachLatency: Dist,
  ) {
    const m = ctx.scenario.manifests.storage ?? { classes: [], claims: [], podClaims: new Map(), claimTemplates: new Map() };
    this.classes = storageClasses(m);
    this.podClaims = m.podClaims;
    this.templates = m.claimTemplates;
    for (const c of m.claims) this.create(c);
    ctx.store.onPod((pod, change) => {
      if (change === 'bound') this.bound(pod);
      else if (change === 'removed' || change === 'status') this.reconcileOf(pod);
    });
    ctx.controllerManagerLease.onLeaderChange((host) => this.leaderChanged(host));
    ctx.store.onNode((node, change) => {
      if (change === 'deleted' || change === 'taints' || change === 'condition') for (const v of this.volumes.values()) if (v.attachedTo === node.host) this.reconcile(v);
    });
  }

  /** The volumes a pod mounts (its StatefulSet's per-ordinal claims created on first use), or null if one is missing. */
  of(pod: PodObj): Volume[] | null {
    const names = this.podClaims.get(pod.workloadKey);
    if (!names) return [];
    const sts = pod.ordinal >= 0 ? pod.workloadKey.slice(pod.workloadKey.lastIndexOf('/') + 1) : '';
    const out: Volume[] = [];
    for (const n of names) {
      const tpl = pod.ordinal >= 0 ? this.templates.get(pod.workloadKey)?.find((t) => t.name === n) : undefined;
      // ref: pkg/controller/statefulset/stateful_set_utils.go getPersistentVolumeClaimName: TEMPLATE-STS-ORDINAL.
      const key = tpl ? `${pod.namespace}/${n}-${sts}-${pod.ordinal}` : `${pod.namespace}/${n}`;
      let v = this.volumes.get(key);
      if (!v && tpl) v = this.create({ ...tpl, name: `${n}-${sts}-${pod.ordinal}`, key });
      if (!v) return null;
      out.push(v);
    }
    return out;
  }

  /** Why `pod` cannot run on `host` because of its volumes (VolumeBinding), or null. */
  conflict(pod: PodObj, host: HostId): string | null {
    const vols = this.of(pod);
    if (vols === null) return 'persistentvolumeclaim not found';
    const h = this.ctx.topology.hosts[host];
    for (const v of vols) {
      if (v.boundTo < 0) continue;
      const where = v.cls?.topology === 'region' ? h.region : h.zone;
      // ref: volumebinding/volume_binding.go ErrReasonNodeConflict.
      if (where !== v.boundTo) return 'node(s) had volume node affinity conflict';
    }
    return null;
  }

  /** Whether every exclusive volume of `pod` is attached to `host`; if not, `fn` runs once they are (the kubelet's WaitForAttachAndMount). */
  waitAttached(pod: PodObj, host: HostId, fn: () => void): boolean {
    const vols = (this.of(pod) ?? []).filter(exclusive);
    const missing = vols.filter((v) => v.attachedTo !== host);
    if (missing.length === 0) return true;
    const v = missing[0];
    if (!v.waiters.some((w) => w.pod === pod && w.host === host)) v.waiters.push({ pod, host, fn });
    this.reconcile(v);
    return false;
  }

  /** Every volume, for tests and reports. */
  all(): IterableIterator<Volume> {
    return this.volumes.values();
  }

  private create(claim: ClaimSpec): Volume {
    const cls = this.classOf(claim);
    const v: Volume = {
      claim, cls, boundTo: -1, attachedTo: -1, attachingTo: -1, attachEvent: -1, detachEvent: -1, detachForced: false, detachWantedUs: -1, waiters: [], multiAttachTold: new Set(),
    };
    this.volumes.set(claim.key, v);
    if (cls?.volumeBindingMode === 'Immediate') {
      const n = cls.topology === 'region' ? this.ctx.topology.regions.length : this.ctx.topology.zones.length;
      v.boundTo = this.ctx.streams.stream(`storage/provision/${claim.key}`).int(n);
    }
    return v;
  }

  private classOf(claim: ClaimSpec): StorageClassSpec | null {
    if (claim.storageClassName === '') return null; // no class: a pre-provisioned volume with no topology
    if (claim.storageClassName === null) return this.classes.find((c) => c.isDefault) ?? null;
    return this.classes.find((c) => c.name === claim.storageClassName) ?? null;
  }

  /** A pod was bound: its WaitForFirstConsumer claims are provisioned where it landed. */
  private bound(pod: PodObj): void {
    const h = this.ctx.topology.hosts[pod.node];
    for (const v of this.of(pod) ?? []) {
      if (v.boundTo >= 0 || !v.cls) continue;
      v.boundTo = v.cls.topology === 'region' ? h.region : h.zone;
      this.ctx.events.add(this.ctx.sim.now, 'Normal', 'ProvisioningSucceeded', `persistentvolumeclaim/${v.claim.key}`, `Successfully provisioned volume for claim ${v.claim.key} in ${v.cls.topology === 'region' ? this.ctx.topology.regions[v.boundTo].name : this.ctx.topology.zones[v.boundTo].name}`);
    }
  }

  private reconcileOf(pod: PodObj): void {
    if (!this.podClaims.has(pod.workloadKey)) return;
    for (const v of this.of(pod) ?? []) if (exclusive(v)) this.reconcile(v);
  }

  /** Nodes where a live pod wants the volume, in pod creation order. */
  private wantedOn(v: Volume): HostId[] {
    const out: HostId[] = [];
    for (const w of v.waiters) {
      const p = w.pod;
      if (this.ctx.store.pods.get(p.uid) === p && p.node === w.host && p.phase !== 'Succeeded' && p.phase !== 'Failed' && !out.includes(w.host)) out.push(w.host);
    }
    const at = v.attachedTo;
    if (at >= 0 && !out.includes(at)) {
      for (const p of this.ctx.store.podsOnNode[at]) if (p.phase !== 'Succeeded' && p.phase !== 'Failed' && (this.of(p) ?? []).includes(v)) return [at, ...out];
    }
    return out;
  }

  /** A controller-manager process stopped or started acting (see the file comment). */
  private leaderChanged(host: HostId): void {
    for (const v of this.volumes.values()) {
      if (!v.detachForced || v.detachEvent < 0) continue;
      this.ctx.sim.cancel(v.detachEvent);
      v.detachEvent = -1;
      v.detachForced = false;
      v.detachWantedUs = -1;
    }
    if (host >= 0) for (const v of this.volumes.values()) this.reconcile(v);
  }

  private reconcile(v: Volume): void {
    const now = this.ctx.sim.now;
    v.waiters = v.waiters.filter((w) => this.ctx.store.pods.get(w.pod.uid) === w.pod && w.pod.node === w.host);
    if (this.ctx.controllerManagerLease.leaderHost() < 0) return;
    const wanted = this.wantedOn(v);
    if (v.attachedTo >= 0) {
      this.tellMultiAttach(v);
      if (wanted.includes(v.attachedTo)) {
        this.release(v);
        return;
      }
      if (v.detachWantedUs < 0) v.detachWantedUs = now;
      if (v.detachEvent < 0) this.scheduleDetach(v);
      return;
    }
    if (v.attachingTo >= 0 || wanted.length === 0) return;
    const host = wanted[0];
    v.attachingTo = host;
    v.attachEvent = this.ctx.sim.after(sampleTime(this.attachLatency, this.ctx.streams.stream(`storage/attach/${v.claim.key}`)), 'volume attached', () => {
      v.attachEvent = -1;
      v.attachingTo = -1;
      v.attachedTo = host;
      this.ctx.events.add(this.ctx.sim.now, 'Normal', 'SuccessfulAttachVolume', `persistentvolumeclaim/${v.claim.key}`, `AttachVolume.Attach succeeded for volume of claim ${v.claim.key} to node ${this.ctx.topology.hosts[host].name}`);
      this.release(v);
      this.reconcile(v);
    }, PRIORITY.controller);
  }

  /** Detach from a node that no longer wants the volume (reconciler.go `reconcile`, see the file comment). */
  private scheduleDetach(v: Volume): void {
    const host = v.attachedTo;
    const node = this.ctx.store.nodes[host];
    const now = this.ctx.sim.now;
    const outOfService = !node.deleted && node.taints.some((t) => t.key === TAINT_OUT_OF_SERVICE);
    const forced = !outOfService && !this.unmounted(host);
    v.detachForced = forced;
    const decideAt = forced ? Math.max(now, v.detachWantedUs + MAX_WAIT_FOR_UNMOUNT_US) : now;
    v.detachEvent = this.ctx.sim.at(decideAt, 'volume detach', () => {
      v.detachForced = false;
      // ref: reconciler.go forceDetach := !isHealthy && forceDetachTimeoutExpired.
      if (forced && healthy(this.ctx.store.nodes[host])) {
        v.detachEvent = -1;
        // A Node registered again meanwhile: its kubelet reports the unmount; else wait for a node change.
        if (this.unmounted(host)) this.scheduleDetach(v);
        return;
      }
      // Sent to the cloud: it finishes whatever the leader does next.
      const latency = sampleTime(this.attachLatency, this.ctx.streams.stream(`storage/detach/${v.claim.key}`));
      v.detachEvent = this.ctx.sim.after(latency, 'volume detached', () => this.detached(v, forced), PRIORITY.controller);
    }, PRIORITY.controller);
  }

  /** MountedByNode is false once the kubelet reports the unmount: it runs, reaches the API, and its Node exists. */
  private unmounted(host: HostId): boolean {
    return !this.ctx.store.nodes[host].deleted && this.ctx.network.isUp(host) && this.kubelets.isRunning(host) && this.kubelets.isConnected(host);
  }

  private detached(v: Volume, forced: boolean): void {
    v.detachEvent = -1;
    const from = this.ctx.topology.hosts[v.attachedTo].name;
    v.attachedTo = -1;
    v.detachWantedUs = -1;
    if (forced) this.ctx.events.add(this.ctx.sim.now, 'Warning', 'ForceDetach', `persistentvolumeclaim/${v.claim.key}`, `volume of claim ${v.claim.key} force-detached from ${from} after maxWaitForUnmountDuration 6m0s`);
    this.reconcile(v);
  }

  /** Runs the waiters of the node the volume is attached to. */
  private release(v: Volume): void {
    const ready = v.waiters.filter((w) => w.host === v.attachedTo);
    if (ready.length === 0) return;
    v.waiters = v.waiters.filter((w) => w.host !== v.attachedTo);
    for (const w of ready) w.fn();
  }

  /** A pod waits on another node while the volume is attached (Multi-Attach error, once per pod). */
  private tellMultiAttach(v: Volume): void {
    for (const w of v.waiters) {
      if (w.host === v.attachedTo || v.multiAttachTold.has(w.pod.uid)) continue;
      v.multiAttachTold.add(w.pod.uid);
      // ref: pkg/controller/volume/attachdetach/reconciler/reconciler.go reportMultiAttachError.
      this.ctx.events.add(this.ctx.sim.now, 'Warning', 'FailedAttachVolume', w.pod.key, `Multi-Attach error for volume of claim ${v.claim.key} Volume is already exclusively attached to one node and can't be attached to another`);
    }
  }
}

/** reconciler.go `nodeIsHealthy`: the Node exists and is Ready. */
function healthy(node: NodeObj): boolean {
  return !node.deleted && node.ready === 'True';
}

/** pkg/volume/util/util.go IsMultiAttachAllowed, negated: some access mode is ReadWriteOnce or ReadWriteOncePod. */
function exclusive(v: Volume): boolean {
  return v.claim.accessModes.some((m) => m === 'ReadWriteOnce' || m === 'ReadWriteOncePod');
}
