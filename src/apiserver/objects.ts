/**
 * API objects as stored in etcd (the "reported" view that kubectl shows). The kubelet's view of
 * what truly runs lives in the kubelet module; the difference between the two is what kubeblast
 * measures (`ready` vs `reported`).
 */
import type { Time } from '../kernel/time.js';
import type { PodTemplate, Toleration } from '../manifests/types.js';
import type { HostId, NodeSpec, Taint } from '../topology/types.js';

/** Integer id of a pod, unique within a run, assigned in creation order. */
export type PodUid = number;

/** The controller that owns a pod (metadata.ownerReferences with controller: true). */
export interface OwnerRef {
  kind: 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';
  /** Key of the owning object: `replicaset/NS/NAME`, `statefulset/NS/NAME`, … */
  key: string;
}

/** Pod phase (core/v1 PodPhase). */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** A Pod object. Mutated only inside write commits (see `Store`). */
export interface PodObj {
  uid: PodUid;
  namespace: string;
  name: string;
  /** `pod/NS/NAME`, for events. */
  key: string;
  /** Never mutated: pods of one ReplicaSet share one frozen object (`withLabel`). */
  labels: Readonly<Record<string, string>>;
  /** Template of the revision that created it (shared, immutable). Its tolerations are the pod's. */
  template: PodTemplate;
  /** Effective tolerations: the template's after admission (DefaultTolerationSeconds, DaemonSet additions). */
  tolerations: Toleration[];
  owner: OwnerRef | null;
  /** The output object this pod counts toward (`deployment/NS/NAME` for a Deployment's pods). */
  workloadKey: string;
  /** Pod-template-hash or controller-revision-hash of its revision. */
  revision: string;
  /** StatefulSet ordinal, or -1. */
  ordinal: number;
  createdAt: Time;
  /** Bound node (spec.nodeName), or -1 while unscheduled. */
  node: HostId;
  /** Node the scheduler nominated after preemption, or -1. */
  nominatedNode: HostId;
  phase: PodPhase;
  /** The Ready condition as the API reports it. */
  ready: boolean;
  /** When the Ready condition last became true (for minReadySeconds and ranking), or -1. */
  readySince: Time;
  /** Container restarts, as reported. */
  restarts: number;
  /** metadata.deletionTimestamp: when graceful deletion started, or -1. */
  deletionTimestamp: Time;
  /** Why it is being deleted (`TaintManagerEviction`, `Evicted`, `ScaleDown`, …), for events. */
  deletionReason: string;
  /** Output keys of the Services whose selector matches this pod (fixed: labels never change). */
  services: string[];
}

/** A Node object. */
export interface NodeObj {
  host: HostId;
  name: string;
  spec: NodeSpec;
  labels: Record<string, string>;
  /** spec.unschedulable (cordon). */
  unschedulable: boolean;
  /** spec.taints: the node's own plus those the node lifecycle controller and cordon manage. */
  taints: Taint[];
  /** The Ready condition as the API reports it. */
  ready: 'True' | 'False' | 'Unknown';
  /** When `ready` last changed. */
  readyTransition: Time;
  /**
   * The Node object was deleted (`kubectl delete node`, the cloud node lifecycle controller) and
   * its kubelet has not registered it again. Kept in `Store.nodes` (indexed by host) so that
   * host ids stay stable; readers that list Nodes skip it.
   */
  deleted?: boolean;
}

/** Taint keys Kubernetes manages (k8s.io/api/core/v1 well_known_taints.go). */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Non-graceful node shutdown (KEP-2268): set by an operator on a node known to be down. */
export const TAINT_OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';

/**
 * A key for a namespace and label set, for caches of selector matches: pods of one template share
 * their labels, and labels never change once a pod exists.
 */
export function labelSetKey(namespace: string, labels: Readonly<Record<string, string>>): string {
  let key = namespace;
  for (const k in labels) key += `\u0000${k}=${labels[k]}`;
  return key;
}

/**
 * A cache of answers that depend only on a pod's namespace and labels (which Services, which
 * PDBs select it). Controllers give the pods of one ReplicaSet or Job one shared labels object,
 * so the answer is found by that object's identity first, with no key built; a labels object
 * seen for the first time falls back to its `labelSetKey`, so equal label sets still share one
 * answer.
 */
export class LabelSetCache<V> {
  private byObject = new WeakMap<object, { namespace: string; value: V }>();
  private readonly byKey = new Map<string, V>();

  /** `compute` gives the answer for a namespace and label set (given once: no closure per ask). */
  constructor(private readonly compute: (namespace: string, labels: Readonly<Record<string, string>>) => V) {}

  /** The answer for the namespace and labels, computed on the first ask. */
  get(namespace: string, labels: Readonly<Record<string, string>>): V {
    const hit = this.byObject.get(labels);
    if (hit !== undefined && hit.namespace === namespace) return hit.value;
    const key = labelSetKey(namespace, labels);
    let value = this.byKey.get(key);
    if (value === undefined) {
      value = this.compute(namespace, labels);
      this.byKey.set(key, value);
    }
    // The first namespace seen with an object keeps the fast path (one object has one in practice).
    if (hit === undefined) this.byObject.set(labels, { namespace, value });
    return value;
  }

  /** Forgets every answer (what they depend on changed). */
  clear(): void {
    this.byObject = new WeakMap();
    this.byKey.clear();
  }
}

/** Whether a pod counts as active for its controller (not terminating, not finished): FilterActivePods. */
export function isActive(p: PodObj): boolean {
  return p.deletionTimestamp < 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}
