/**
 * Event priorities of the simulation: at equal simulated times a lower priority runs first.
 * The order encodes causality: a fault changes the picture before messages and timers of the
 * same instant see it; commits happen before the watchers that react to them; metrics last.
 */
export const PRIORITY = {
  /** Fault starts and ends. */
  fault: 10,
  /** Network message deliveries (etcd Raft traffic). */
  message: 20,
  /** etcd election and heartbeat timers. */
  raftTimer: 30,
  /** Leader-election lease renewals and acquisitions. */
  lease: 40,
  /** API writes reaching etcd commit. */
  commit: 50,
  /** Watch deliveries to controllers, scheduler and kubelets. */
  watch: 60,
  /** Node lifecycle monitor passes, taint-eviction timers. */
  nodeLifecycle: 70,
  /** Controller work (ReplicaSet, Deployment, …). */
  controller: 80,
  /** Scheduling cycles. */
  scheduler: 90,
  /** kubelet pod lifecycle (image pull, start, readiness, stop). */
  kubelet: 100,
  /** Default. */
  normal: 128,
  /** Run end and final bookkeeping. */
  end: 250,
} as const;
