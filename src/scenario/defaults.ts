/**
 * Every default of the scenario format in one place, each with the reference it reproduces
 * (`reference/kubernetes.md`, cited by section). A few depend on the Kubernetes minor version
 * the scenario names; `defaultsFor(minor)` returns the set for one version.
 */
import type { Dist } from '../kernel/dist.js';
import { MIN, MS, SEC, HOUR, type Time } from '../kernel/time.js';
import type {
  ApiServerConfig, ControllerManagerConfig, KubeletConfig, LatencyConfig, LeaderElectionConfig, KubeSchedulerConfig, NodeLifecycleConfig, StorageConfig,
} from './types.js';

/** Kubernetes minor versions whose defaults kubeblast knows (1.25 … 1.35). */
export const MIN_MINOR = 25;
export const MAX_MINOR = 35;
/** The version assumed when the scenario names none. */
export const DEFAULT_KUBERNETES_VERSION = '1.33';

/** etcd settings before the member count and derived values are known. */
export interface EtcdDefaults {
  heartbeatIntervalUs: Time;
  electionTimeoutUs: Time;
  preVote: boolean;
  checkQuorum: boolean;
  diskFsync: Dist;
  /** Request timeout = this + 2 × electionTimeout. */
  requestTimeoutBaseUs: Time;
}

/** The defaults of one Kubernetes version. */
export interface Defaults {
  durationUs: Time;
  seed: number;
  latency: LatencyConfig;
  controlPlaneCount: number;
  etcd: EtcdDefaults;
  leaderElection: LeaderElectionConfig;
  apiserver: ApiServerConfig;
  /** `leaseRenewIntervalUs` is derived from `nodeLeaseDurationUs`, so it is not a default of its own. */
  kubelet: Omit<KubeletConfig, 'leaseRenewIntervalUs'>;
  /** kubelet renews its Lease every this fraction of nodeLeaseDuration. */
  leaseRenewFraction: number;
  nodeLifecycle: NodeLifecycleConfig;
  controllerManager: ControllerManagerConfig;
  scheduler: KubeSchedulerConfig;
  storage: StorageConfig;
  /** Pods per node when a zone's `node` omits `pods`. */
  nodePods: number;
  /** Namespace of manifest objects that name none, and of short workload/service references. */
  namespace: string;
}

const lognormal = (median: number, sigma: number): Dist => ({ dist: 'lognormal', median, sigma });
const fixed = (value: number): Dist => ({ dist: 'fixed', value });

/** The defaults for Kubernetes 1.`minor` (the caller has checked the range). */
export function defaultsFor(minor: number): Defaults {
  return {
    // kubeblast's own: an hour is long enough to see a failover and its recovery.
    durationUs: 1 * HOUR,
    seed: 1,
    // kubeblast's own (design.md §3): one-way latency by distance; same host is free.
    latency: { host: fixed(0), rack: fixed(100), zone: fixed(500), crossZone: fixed(2 * MS), crossRegion: fixed(30 * MS) },
    // kubeadm's usual HA size; etcd FAQ: odd sizes, three or five (ref: kubernetes.md §4 quorum table).
    controlPlaneCount: 3,
    etcd: {
      heartbeatIntervalUs: 100 * MS, // ref: kubernetes.md §4 heartbeat-interval
      electionTimeoutUs: 1000 * MS, // ref: kubernetes.md §4 election-timeout
      preVote: true, // ref: kubernetes.md §4 PreVote (default true since etcd v3.5, which Kubernetes ≥1.22 ships)
      checkQuorum: true, // ref: kubernetes.md §4 CheckQuorum ("always on")
      // ⚠ kubeblast's own: a healthy SSD's WAL fsync, median 2 ms with a heavy-ish tail.
      diskFsync: lognormal(2 * MS, 0.5),
      requestTimeoutBaseUs: 5 * SEC, // ref: kubernetes.md §4 request timeout (5 s + 2 × election timeout)
    },
    leaderElection: {
      leaseDurationUs: 15 * SEC, // ref: kubernetes.md §3 leaseDuration
      renewDeadlineUs: 10 * SEC, // ref: kubernetes.md §3 renewDeadline
      retryPeriodUs: 2 * SEC, // ref: kubernetes.md §3 retryPeriod
      jitterFactor: 1.2, // ref: kubernetes.md §3 JitterFactor
      // ⚠ kubeblast's own: process exit plus static-pod restart by the kubelet, about 10 s.
      restartDelay: fixed(10 * SEC),
    },
    apiserver: {
      defaultNotReadyTolerationSeconds: 300, // ref: kubernetes.md §1 Default toleration
      defaultUnreachableTolerationSeconds: 300, // ref: kubernetes.md §1 Default toleration
    },
    kubelet: {
      nodeLeaseDurationUs: 40 * SEC, // ref: kubernetes.md §1 nodeLeaseDurationSeconds
      nodeStatusUpdateFrequencyUs: 10 * SEC, // ref: kubernetes.md §1 nodeStatusUpdateFrequency
      // ⚠ kubeblast's own: a cached-layer pull of a small image; registries vary widely.
      imagePull: lognormal(3 * SEC, 0.5),
      // ⚠ kubeblast's own: container create + start (sig-scalability's 5 s p99 excludes pulls, §9).
      containerStart: lognormal(1 * SEC, 0.3),
      // ⚠ kubeblast's own: most processes exit on SIGTERM well inside the 30 s grace period.
      podStop: fixed(1 * SEC),
      // ⚠ kubeblast's own: firmware + OS boot + kubelet start of a server.
      bootTime: lognormal(45 * SEC, 0.3),
    },
    storage: {
      // ⚠ kubeblast's own: a cloud disk attach (GCE PD, EBS, Azure disk) takes seconds to tens of
      // seconds; none publishes a figure. Detach draws from the same distribution.
      attach: lognormal(10 * SEC, 0.5),
    },
    leaseRenewFraction: 0.25, // ref: kubernetes.md §1 Lease renew interval (0.25 × 40 s)
    nodeLifecycle: {
      monitorPeriodUs: 5 * SEC, // ref: kubernetes.md §1 node-monitor-period
      // ref: kubernetes.md §1 node-monitor-grace-period: 50 s from v1.32 (PR #126287), 40 s before.
      gracePeriodUs: (minor >= 32 ? 50 : 40) * SEC,
      evictionRate: 0.1, // ref: kubernetes.md §2 node-eviction-rate
      secondaryEvictionRate: 0.01, // ref: kubernetes.md §2 secondary-node-eviction-rate
      unhealthyZoneThreshold: 0.55, // ref: kubernetes.md §2 unhealthy-zone-threshold
      largeClusterSizeThreshold: 50, // ref: kubernetes.md §2 large-cluster-size-threshold
    },
    // ref: staging/src/k8s.io/controller-manager/config/v1alpha1/defaults.go
    // RecommendedDefaultGenericControllerManagerConfiguration: ClientConnection QPS 20, Burst 30
    // (kube-controller-manager --kube-api-qps / --kube-api-burst).
    controllerManager: { kubeAPIQPS: 20, kubeAPIBurst: 30 },
    scheduler: {
      // ref: pkg/scheduler/apis/config/v1/defaults.go SetDefaults_KubeSchedulerConfiguration:
      // clientConnection QPS 50, Burst 100.
      kubeAPIQPS: 50,
      kubeAPIBurst: 100,
      percentageOfNodesToScore: 0, // ref: kubernetes.md §6 (0 = adaptive)
      podInitialBackoffUs: 1 * SEC, // ref: kubernetes.md §6 Backoff
      podMaxBackoffUs: 10 * SEC, // ref: kubernetes.md §6 Backoff cap
      podMaxInUnschedulablePodsDurationUs: 5 * MIN, // ref: kubernetes.md §6 DefaultPodMaxInUnschedulablePodsDuration
    },
    nodePods: 110, // ref: kubernetes.md §8 Kubelet maxPods
    namespace: 'default',
  };
}
