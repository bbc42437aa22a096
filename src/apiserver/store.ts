/**
 * The object store: what etcd holds, as the API server serves it. Every mutation happens inside
 * a write's commit callback (`WritePath.submit`), so the store always shows committed state.
 * Listeners hear each change synchronously at commit time and decide themselves when they react
 * (watch latency, whether their process is acting): the store has no clock.
 */
import type { ServiceSpec } from '../manifests/types.js';
import type { NodeSpec, Taint } from '../topology/types.js';
import type { Time } from '../kernel/time.js';
import { LabelSetCache, type NodeObj, type PodObj, type PodPhase, type PodUid } from './objects.js';

/** What happened to a pod. */
export type PodChange = 'created' | 'bound' | 'status' | 'deleting' | 'removed';
/** What happened to a node. */
export type NodeChange = 'taints' | 'unschedulable' | 'condition' | 'deleted' | 'registered';

/** The fields a controller gives to create a pod; the store fills in the rest. */
export type NewPod = Pick<PodObj, 'namespace' | 'name' | 'labels' | 'template' | 'tolerations' | 'owner' | 'workloadKey' | 'revision' | 'ordinal'> & { node?: number };

/** Committed API objects with change notification. */
export class Store {
  /** Worker nodes by host id (worker host ids are 0..n-1). */
  readonly nodes: NodeObj[];
  /** Pods by uid, in creation order. */
  readonly pods = new Map<PodUid, PodObj>();
  /** Pods bound to each node, by host id. */
  readonly podsOnNode: Set<PodObj>[];
  private nextUid = 1;
  private podListeners: Array<(pod: PodObj, change: PodChange) => void> = [];
  private nodeListeners: Array<(node: NodeObj, change: NodeChange) => void> = [];
  /** `servicesFor` answers by namespace and label set (one entry per distinct label set seen). */
  private readonly servicesByLabels = new LabelSetCache<string[]>((namespace, labels) =>
    this.services.filter((s) => s.namespace === namespace && s.selector !== null && s.selector.matches(labels)).map((s) => s.key));

  constructor(
    nodes: readonly NodeSpec[],
    readonly services: readonly ServiceSpec[],
  ) {
    this.nodes = nodes.map((spec) => ({
      host: spec.id,
      name: spec.name,
      spec,
      labels: spec.labels,
      unschedulable: false,
      taints: [...spec.taints],
      ready: 'True',
      readyTransition: 0,
      deleted: false,
    }));
    this.podsOnNode = nodes.map(() => new Set<PodObj>());
  }

  /** Calls `fn` at every pod change, at commit time. */
  onPod(fn: (pod: PodObj, change: PodChange) => void): void {
    this.podListeners.push(fn);
  }

  /** Calls `fn` at every node change, at commit time. */
  onNode(fn: (node: NodeObj, change: NodeChange) => void): void {
    this.nodeListeners.push(fn);
  }

  /**
   * Creates a pod (commit of a POST). The name must be unique among live pods; `name`, when
   * given, is used instead of `p.name` (a controller's one spec for many pods, no copy per pod).
   */
  createPod(p: Omit<NewPod, 'name'> & { name?: string }, now: Time, name = p.name!): PodObj {
    // Every field listed in one fixed order rather than spread from `p`: all pods then share one
    // hidden class, whichever controller created them, so the hot paths that read pods stay monomorphic.
    const pod: PodObj = {
      uid: this.nextUid++,
      namespace: p.namespace,
      name,
      key: `pod/${p.namespace}/${name}`,
      labels: p.labels,
      template: p.template,
      tolerations: p.tolerations,
      owner: p.owner,
      workloadKey: p.workloadKey,
      revision: p.revision,
      ordinal: p.ordinal,
      createdAt: now,
      node: -1,
      nominatedNode: -1,
      phase: 'Pending',
      ready: false,
      readySince: -1,
      restarts: 0,
      deletionTimestamp: -1,
      deletionReason: '',
      services: this.servicesFor(p.namespace, p.labels),
    };
    this.pods.set(pod.uid, pod);
    this.emitPod(pod, 'created');
    if (p.node !== undefined && p.node >= 0) this.bindPod(pod, p.node);
    return pod;
  }

  /** Binds a pod to a node (commit of a Binding). */
  bindPod(pod: PodObj, node: number): void {
    if (pod.node >= 0) throw new Error(`${pod.key} is already bound to ${this.nodes[pod.node].name}`);
    pod.node = node;
    pod.nominatedNode = -1;
    this.podsOnNode[node].add(pod);
    this.emitPod(pod, 'bound');
  }

  /** Updates a pod's reported status (kubelet status update, node controller's MarkPodsNotReady). */
  setPodStatus(pod: PodObj, status: { phase?: PodPhase; ready?: boolean; restarts?: number }, now: Time): void {
    if (status.phase !== undefined) pod.phase = status.phase;
    if (status.restarts !== undefined) pod.restarts = status.restarts;
    if (status.ready !== undefined && status.ready !== pod.ready) {
      pod.ready = status.ready;
      pod.readySince = status.ready ? now : -1;
    }
    this.emitPod(pod, 'status');
  }

  /** Starts graceful deletion (DELETE sets deletionTimestamp); the kubelet confirms with `removePod`. */
  markDeleting(pod: PodObj, now: Time, reason: string): void {
    if (pod.deletionTimestamp >= 0) return;
    pod.deletionTimestamp = now;
    pod.deletionReason = reason;
    this.emitPod(pod, 'deleting');
  }

  /** Removes a pod for good (kubelet confirmed termination, or an unbound pod was deleted, or force deletion). */
  removePod(pod: PodObj): void {
    if (!this.pods.delete(pod.uid)) return;
    if (pod.node >= 0) this.podsOnNode[pod.node].delete(pod);
    this.emitPod(pod, 'removed');
  }

  /** Replaces a node's taints. */
  setNodeTaints(node: NodeObj, taints: Taint[]): void {
    node.taints = taints;
    this.emitNode(node, 'taints');
  }

  /** Sets spec.unschedulable (cordon/uncordon). */
  setNodeUnschedulable(node: NodeObj, unschedulable: boolean): void {
    if (node.unschedulable === unschedulable) return;
    node.unschedulable = unschedulable;
    this.emitNode(node, 'unschedulable');
  }

  /** Sets the node's Ready condition. */
  setNodeReady(node: NodeObj, ready: NodeObj['ready'], now: Time): void {
    if (node.ready === ready) return;
    node.ready = ready;
    node.readyTransition = now;
    this.emitNode(node, 'condition');
  }

  /** Deletes the Node object (its pods stay bound to the name until pod GC removes them). */
  deleteNode(node: NodeObj): void {
    if (node.deleted) return;
    node.deleted = true;
    this.emitNode(node, 'deleted');
  }

  /**
   * The kubelet registers its Node again (pkg/kubelet/kubelet_node_status.go
   * `registerWithAPIServer`): a new object with the spec's labels and taints, not cordoned, its
   * Ready condition as `ready` says.
   */
  registerNode(node: NodeObj, ready: NodeObj['ready'], now: Time): void {
    if (!node.deleted) return;
    node.deleted = false;
    node.unschedulable = false;
    node.taints = [...node.spec.taints];
    node.ready = ready;
    node.readyTransition = now;
    this.emitNode(node, 'registered');
    // Its taints and condition are new too, for the listeners that follow those.
    this.emitNode(node, 'taints');
    this.emitNode(node, 'condition');
  }

  /** Live pod by namespace and name (linear in pods on a miss; controllers keep their own indexes). */
  findPod(namespace: string, name: string): PodObj | undefined {
    for (const p of this.pods.values()) if (p.namespace === namespace && p.name === name) return p;
    return undefined;
  }

  /**
   * Output keys of the Services selecting pods of this namespace and labels. Pods of one template
   * share their labels, so the answer is remembered per label set (the Services never change):
   * matching every selector for each of a year's hundreds of thousands of pod creations showed in
   * profiles. The arrays are shared between pods and never mutated.
   */
  private servicesFor(namespace: string, labels: Readonly<Record<string, string>>): string[] {
    return this.servicesByLabels.get(namespace, labels);
  }

  private emitPod(pod: PodObj, change: PodChange): void {
    for (const l of this.podListeners) l(pod, change);
  }

  private emitNode(node: NodeObj, change: NodeChange): void {
    for (const l of this.nodeListeners) l(node, change);
  }
}
