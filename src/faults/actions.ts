/**
 * What the fault injector can do to a running world. The world implements it over the control
 * plane, the kubelets and the client operations; tests implement it with a recorder.
 */
import type { Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { MovingTarget, PartitionCut } from './types.js';
import type { ImageFailure } from '../kubelet/appfaults.js';

/** A client operation still running (a kubectl process): the end of its fault stops it. */
export interface RunningOperation {
  /** Stops the operation: no request is sent after this, and answers still to come are ignored. */
  cancel(): void;
}

/** How a client operation (a kubectl command) ended: `ok`, or the error kubectl printed. */
export interface OperationOutcome {
  ok: boolean;
  message: string;
}

/** Called once when a client operation ends (not when its fault cancels it). */
export type OnOutcome = (r: OperationOutcome) => void;

/** Actions of the fault vocabulary (design.md §3). */
export interface FaultActions {
  /** Takes a host down for `cause` (it stays down while any cause holds): power, crash. */
  hostDown(host: HostId, cause: string): void;
  /** Lifts one cause; the host comes back when none is left. */
  hostUp(host: HostId, cause: string): void;
  /** Stops / starts the kubelet process of a worker node (containers keep running). */
  kubeletStop(host: HostId): void;
  kubeletStart(host: HostId): void;
  /** Crashes / restarts the etcd member on a control-plane host. */
  etcdCrash(host: HostId): void;
  etcdRestart(host: HostId): void;
  /** Cuts the network between groups; returns a handle for `heal`. */
  partition(groups: HostId[][], cut: PartitionCut, oneWay: boolean): number;
  heal(handle: number): void;
  /** The control-plane host holding a role now, or -1. */
  resolveMoving(role: MovingTarget): HostId;
  /**
   * Client operations (kubectl): cordon/uncordon, drain, rollout, scale. `done`, where given,
   * hears how each ended, so the fault's record can say `outcome: failed` when kubectl gave up.
   */
  cordon(nodes: HostId[], on: boolean, done?: OnOutcome): void;
  /**
   * Starts `kubectl drain` (its own cordon of each node counts as the latest cordon asked for, as
   * `cordon` does); returns the running drain, which the end of its fault cancels.
   */
  drain(nodes: HostId[], opts: { parallel: boolean; timeoutUs: Time }, done?: OnOutcome): RunningOperation;
  /** `kubectl set image` (or `rollout restart`); with `fails`, pods of the new image fail that way. */
  rollout(workload: string, image: string | undefined, done?: OnOutcome, fails?: ImageFailure): void;
  /** `kubectl rollout undo` to `toRevision` (0: the previous revision). */
  rollback(workload: string, toRevision: number, done?: OnOutcome): void;
  /** `kubectl delete pod` of `count` pods or a `share` of the workload's pods. */
  podKill(workload: string, spec: { count?: number; share?: number }, done?: OnOutcome): void;
  /** The workload's containers crash (`on`: now and at every start) until the hold ends. */
  containerCrash(workload: string, on: boolean): void;
  /** `kubectl delete node` of each node: the Node objects go; their kubelets register them again when they next start. */
  nodeDelete(nodes: HostId[], done?: OnOutcome): void;
  /** `kubectl taint node … node.kubernetes.io/out-of-service=nodeshutdown:NoExecute` (on), or its removal (off). */
  outOfService(nodes: HostId[], on: boolean, done?: OnOutcome): void;
  scale(workload: string, replicas: number, done?: OnOutcome): void;
}
