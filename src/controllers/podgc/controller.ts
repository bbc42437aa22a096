/**
 * Pod garbage collection (pkg/controller/podgc/gc_controller.go). Upstream a pass runs every
 * `gcCheckPeriod` (20 s, `wait.UntilWithContext` from the process start) and, in order:
 * - gcTerminated: beyond `--terminated-pod-gc-threshold` (12,500) finished pods, the oldest go;
 * - gcTerminating: terminating pods on a node that is not Ready and carries the
 *   `node.kubernetes.io/out-of-service` taint are force-deleted (non-graceful node shutdown);
 * - gcOrphaned: a pod bound to a Node missing from the informer puts that node in quarantine
 *   (`nodeQueue.AddAfter(name, quarantineTime = 40 s)`); a pass that finds the quarantine over
 *   and the Node still absent (a GET) force-deletes its pods.
 * Each deletion is `markFailedAndDeletePod`: the phase patched to Failed, then DELETE with grace 0.
 * A pod created with a `spec.nodeName` that names no Node is orphaned the same way: upstream it is
 * stored bound to that name, gcOrphaned quarantines the name and deletes the pod 40 s on (its owner,
 * if any, creates another, which meets the same fate).
 *
 * Here passes happen on the same 20 s grid, but only when one of those rules has work (an event
 * per pass that deletes or starts a quarantine, never a periodic no-op), so a node deleted at t
 * has its pods deleted at the second grid point after t's — 40 to 60 s later.
 */
import type { NodeObj, PodObj, PodUid } from '../../apiserver/objects.js';
import { TAINT_OUT_OF_SERVICE } from '../../apiserver/objects.js';
import type { Timer } from '../../kernel/sim.js';
import { SEC, type Time } from '../../kernel/time.js';
import { gridAtOrAfter } from '../../kubelet/lease.js';
import type { HostId, Topology } from '../../topology/types.js';
import { PRIORITY } from '../../world/priority.js';
import type { Controller, ControllerManager } from '../manager.js';
import { pinnedNode } from '../replicaset/controller.js';

/** gcCheckPeriod. */
export const GC_CHECK_PERIOD_US: Time = 20 * SEC;
/** quarantineTime. */
export const QUARANTINE_US: Time = 40 * SEC;
/** kube-controller-manager `--terminated-pod-gc-threshold` default (cmd/kube-controller-manager/app/options). */
export const TERMINATED_POD_GC_THRESHOLD = 12_500;
/** The controller's client (kube-controller-manager's `pod-garbage-collector` service account). */
const CLIENT = 'pod-garbage-collector';

const isTerminated = (p: PodObj) => p.phase === 'Succeeded' || p.phase === 'Failed';
const outOfService = (n: NodeObj) => n.ready !== 'True' && n.taints.some((t) => t.key === TAINT_OUT_OF_SERVICE);
/** byEvictionAndCreationTimestamp (no pod is "Evicted" by the kubelet here): oldest first, name as tie breaker. */
const byCreation = (a: PodObj, b: PodObj) => a.createdAt - b.createdAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Whether a pod was created with a spec.nodeName that names no Node (no worker of that name). */
function boundToUnknownNode(p: PodObj, t: Topology): boolean {
  return p.node < 0 && !!p.template.nodeName && pinnedNode(t.hostByName, t.nodes.length, p.template.nodeName) < 0;
}

/** The pod GC controller. Register it with the controller-manager (`kcm.add`). */
export class PodGcController implements Controller {
  private acting = false;
  /** Start of the acting process's pass grid. */
  private anchorUs: Time = 0;
  private readonly pass: Timer;
  /** Deleted nodes in quarantine: the pass time that put each there. */
  private readonly quarantined = new Map<HostId, Time>();
  /** Finished pods (Succeeded/Failed) in the store, for gcTerminated. */
  private readonly terminated = new Set<PodObj>();
  /** Pods whose force deletion is in flight. */
  private readonly deleting = new Set<PodUid>();
  /** Pods created with a spec.nodeName that names no Node (upstream: bound to a missing node). */
  private readonly unknownNode = new Set<PodObj>();
  /** Missing node names in quarantine: the pass time that put each there. */
  private readonly quarantinedNames = new Map<string, Time>();

  constructor(private readonly kcm: ControllerManager) {
    const store = kcm.ctx.store;
    this.pass = kcm.ctx.sim.timer('podgc pass', () => this.runPass(), PRIORITY.controller);
    store.onNode((node, change) => {
      if (change === 'deleted' || ((change === 'taints' || change === 'condition') && outOfService(node))) this.soon();
    });
    const { topology } = kcm.ctx;
    store.onPod((pod, change) => {
      if (change === 'removed') {
        this.terminated.delete(pod);
        this.unknownNode.delete(pod);
        return;
      }
      if (change === 'created' && boundToUnknownNode(pod, topology)) {
        this.unknownNode.add(pod);
        this.soon();
      }
      if (change === 'status' && isTerminated(pod)) {
        this.terminated.add(pod);
        if (this.terminated.size > TERMINATED_POD_GC_THRESHOLD) this.soon();
      }
      if (pod.node < 0) return;
      const node = store.nodes[pod.node];
      if ((change === 'bound' && node.deleted) || (change === 'deleting' && outOfService(node))) this.soon();
    });
  }

  start(): void {
    this.acting = true;
    this.anchorUs = this.kcm.ctx.sim.now;
    this.quarantined.clear();
    this.deleting.clear();
    // The first pass runs at once upstream; here only if it has something to do.
    const { store } = this.kcm.ctx;
    this.quarantinedNames.clear();
    // Rebuilt from the store as a new process's informer lists it (pods created before this
    // controller listened, e.g. the manifests' bare Pods, included).
    const { topology } = this.kcm.ctx;
    this.unknownNode.clear();
    for (const p of store.pods.values()) {
      if (boundToUnknownNode(p, topology)) this.unknownNode.add(p);
    }
    const work = this.terminated.size > TERMINATED_POD_GC_THRESHOLD || this.unknownNode.size > 0 || store.nodes.some((n) => (n.deleted && store.podsOnNode[n.host].size > 0) || outOfService(n));
    if (work) this.soon();
  }

  stop(): void {
    this.acting = false;
    this.pass.clear();
    this.quarantined.clear();
    this.quarantinedNames.clear();
    this.deleting.clear();
  }

  /** Arms the next grid pass (if none is armed). */
  private soon(at: Time = this.kcm.ctx.sim.now): void {
    if (!this.acting) return;
    const t = gridAtOrAfter(this.anchorUs, GC_CHECK_PERIOD_US, at);
    if (this.pass.pending && this.pass.at <= t) return;
    this.pass.set(t);
  }

  private runPass(): void {
    if (!this.kcm.isActing) return;
    const now = this.kcm.ctx.sim.now;
    const store = this.kcm.ctx.store;
    this.gcTerminated();
    for (const node of store.nodes) {
      if (outOfService(node)) for (const p of [...store.podsOnNode[node.host]].filter((x) => x.deletionTimestamp >= 0).sort(byCreation)) this.forceDelete(p);
    }
    this.gcOrphaned(now);
  }

  private gcTerminated(): void {
    const excess = this.terminated.size - TERMINATED_POD_GC_THRESHOLD;
    if (excess <= 0) return;
    for (const p of [...this.terminated].sort(byCreation).slice(0, excess)) this.forceDelete(p);
  }

  /** Quarantines newly orphaned nodes; deletes the pods of those whose quarantine is over; arms the pass that ends the next one. */
  private gcOrphaned(now: Time): void {
    const store = this.kcm.ctx.store;
    let next = Number.POSITIVE_INFINITY;
    for (const node of store.nodes) {
      const h = node.host;
      if (!node.deleted) {
        this.quarantined.delete(h);
        continue;
      }
      if (store.podsOnNode[h].size === 0) continue;
      const since = this.quarantined.get(h) ?? now;
      this.quarantined.set(h, since);
      if (since + QUARANTINE_US > now) {
        next = Math.min(next, since + QUARANTINE_US);
        continue;
      }
      this.quarantined.delete(h);
      for (const p of [...store.podsOnNode[h]].sort(byCreation)) this.forceDelete(p);
    }
    next = Math.min(next, this.gcUnknownNames(now));
    if (next < Number.POSITIVE_INFINITY) this.soon(next);
  }

  /** gcOrphaned for pods bound to a name no Node has: quarantine the name, then delete its pods; returns when the next quarantine ends. */
  private gcUnknownNames(now: Time): Time {
    let next = Number.POSITIVE_INFINITY;
    const byName = new Map<string, PodObj[]>();
    for (const p of this.unknownNode) {
      const name = p.template.nodeName!;
      const list = byName.get(name);
      if (list) list.push(p);
      else byName.set(name, [p]);
    }
    for (const name of [...this.quarantinedNames.keys()]) if (!byName.has(name)) this.quarantinedNames.delete(name);
    for (const [name, pods] of [...byName].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const since = this.quarantinedNames.get(name) ?? now;
      this.quarantinedNames.set(name, since);
      if (since + QUARANTINE_US > now) {
        next = Math.min(next, since + QUARANTINE_US);
        continue;
      }
      this.quarantinedNames.delete(name);
      for (const p of pods.sort(byCreation)) this.forceDelete(p);
    }
    return next;
  }

  /** markFailedAndDeletePod: the phase patched to Failed (unless finished), then DELETE with grace 0; a failure waits for the next pass. */
  private forceDelete(pod: PodObj): void {
    if (this.deleting.has(pod.uid)) return;
    this.deleting.add(pod.uid);
    const ctx = this.kcm.ctx;
    const failed = () => {
      this.deleting.delete(pod.uid);
      this.soon(ctx.sim.now + 1);
    };
    const del = () => this.kcm.request(`podgc delete ${pod.key}`, () => {
      if (ctx.store.pods.has(pod.uid)) ctx.store.removePod(pod);
    }, (ok) => (ok ? this.deleting.delete(pod.uid) : failed()), CLIENT);
    if (isTerminated(pod)) {
      del();
      return;
    }
    this.kcm.request(`podgc patch ${pod.key} status`, () => {
      if (ctx.store.pods.has(pod.uid)) ctx.store.setPodStatus(pod, { phase: 'Failed', ready: false }, ctx.sim.now);
    }, (ok) => (ok ? del() : failed()), CLIENT);
  }
}
