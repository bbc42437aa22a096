/**
 * The contract between the control plane (network, etcd, API servers, leader leases) and the
 * data plane (kubelets, controllers, scheduler). The data plane never looks inside etcd: it asks
 * whether a write from a host can commit now, submits writes, and hears when the picture changes.
 */
import type { Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';

/**
 * Which traffic a request is: partitions can cut one kind and not others.
 * - `kubelet-apiserver`: a kubelet (worker node) to the API servers through the load balancer;
 * - `client-apiserver`: kube-controller-manager / kube-scheduler / kubectl to the API server
 *   (kubeadm points them at the API server on their own host);
 * - `apiserver-etcd`: an API server to etcd; `etcd-etcd`: between etcd members.
 */
export type Channel = 'kubelet-apiserver' | 'client-apiserver' | 'apiserver-etcd' | 'etcd-etcd';

/** What a write attempt sees right now. */
export type WriteProbe =
  | { ok: true; /** Time from submission to commit (and the response back to the client). */ latencyUs: Time; /** Host of the API server that serves it. */ apiserver: HostId }
  | { ok: false; /** Why it cannot commit now, for events and messages. */ reason: string };

/** The API server as the data plane sees it. */
export interface WritePath {
  /**
   * Whether a write from `client` over `channel` can commit now, and how long it takes. Draws
   * latencies from a stream of the write path (by default the unnamed client's on `client`), so
   * call it once per real write.
   */
  probe(client: HostId, channel: Channel): WriteProbe;
  /** Whether a write from `client` could commit now, with no random draw (for analytic renewals). */
  writable(client: HostId, channel: Channel): boolean;
  /**
   * Submits a write. `commit` runs at commit time if it commits; `failed` runs if it cannot commit
   * within the etcd request timeout (7 s; a write that finds no path waits for one that long,
   * as etcd queues proposals during an election). `requester` names the client that sends it
   * (`replicaset-controller`, `kube-scheduler`, `lease/kube-system/kube-scheduler`…): its
   * latencies come from that client's own stream on `client`, so one client's extra write never
   * shifts another's. By default it is derived from the label's leading words (`requesterOf`).
   */
  submit(client: HostId, channel: Channel, label: string, commit: () => void, failed?: (reason: string) => void, requester?: string): void;
  /** Calls `fn` synchronously after every change of the picture (a host, process, partition or etcd leadership change). */
  onChange(fn: () => void): void;
}

/** A leader-elected control-plane component (kube-controller-manager or kube-scheduler). */
export interface LeaderLease {
  /** The Lease object, `lease/kube-system/kube-scheduler`. */
  readonly object: string;
  /** Host of the replica that currently acts as leader, or -1. */
  leaderHost(): HostId;
  /** Calls `fn` when the acting leader changes (a host starts or stops acting). */
  onLeaderChange(fn: (host: HostId, previous: HostId) => void): void;
}
