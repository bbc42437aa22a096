/**
 * A scenario after loading: validated, defaults applied from `kubernetesVersion`
 * (reference/kubernetes.md), names resolved, topology built, manifests loaded.
 * Every duration is in microseconds; distributions sample microseconds.
 */
import type { SourcePos } from '../errors.js';
import type { Dist } from '../kernel/dist.js';
import type { Time } from '../kernel/time.js';
import type { FaultTimeline } from '../faults/types.js';
import type { ManifestSet, Warning } from '../manifests/types.js';
import type { Topology } from '../topology/types.js';

/** One-way network latency per distance class (design.md §3 `latency`). */
export interface LatencyConfig {
  host: Dist;
  rack: Dist;
  zone: Dist;
  crossZone: Dist;
  crossRegion: Dist;
}

/** etcd (reference §4). */
export interface EtcdConfig {
  /** Members: one per control-plane host. */
  members: number;
  heartbeatIntervalUs: Time;
  electionTimeoutUs: Time;
  /** Upper bound (exclusive) of the randomized election timeout: 2 × electionTimeout unless given. */
  electionTimeoutMaxUs: Time;
  preVote: boolean;
  checkQuorum: boolean;
  diskFsync: Dist;
  /** etcd request timeout: 5 s + 2 × electionTimeout (7 s by default). */
  requestTimeoutUs: Time;
}

/** Lease-based leader election of kube-controller-manager and kube-scheduler (reference §3). */
export interface LeaderElectionConfig {
  leaseDurationUs: Time;
  renewDeadlineUs: Time;
  retryPeriodUs: Time;
  jitterFactor: number;
  /** Delay before a process that lost its lease is running again (exit + static-pod restart). */
  restartDelay: Dist;
}

/** API server admission defaults and LB behaviour. */
export interface ApiServerConfig {
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
}

/** The attach-detach controller and the cloud's disk API (reference §11). */
export interface StorageConfig {
  /** Time to attach (and to detach) a disk to a node. */
  attach: Dist;
}

/**
 * The cloud provider's node lifecycle controller (cloud-controller-manager; reference §11), when
 * the scenario runs on a cloud. A worker host down for `instanceGoneAfterUs` is an instance the
 * provider no longer has (its auto-repair or autoscaling group replaced it: the operator's
 * setting, no upstream default); `monitorPeriodUs` is `--node-monitor-period` (5 s).
 */
export interface CloudProviderConfig {
  instanceGoneAfterUs: Time;
  monitorPeriodUs: Time;
}

/** kubelet (reference §1, §8). */
export interface KubeletConfig {
  nodeLeaseDurationUs: Time;
  /** Lease renew interval: 0.25 × nodeLeaseDuration (10 s). */
  leaseRenewIntervalUs: Time;
  nodeStatusUpdateFrequencyUs: Time;
  imagePull: Dist;
  containerStart: Dist;
  /** Time for a deleted pod's containers to stop (bounded by terminationGracePeriodSeconds). */
  podStop: Dist;
  /** Time from host power-on to a running kubelet. */
  bootTime: Dist;
}

/** Node lifecycle controller (reference §1, §2). */
export interface NodeLifecycleConfig {
  monitorPeriodUs: Time;
  gracePeriodUs: Time;
  evictionRate: number;
  secondaryEvictionRate: number;
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
}

/**
 * A client's token-bucket rate limiter (client-go `rest.Config` QPS/Burst, flowcontrol): at most
 * `kubeAPIQPS` requests per second on average, `kubeAPIBurst` at once.
 */
export interface ClientRateConfig {
  kubeAPIQPS: number;
  kubeAPIBurst: number;
}

/** kube-controller-manager: `--kube-api-qps` / `--kube-api-burst`, applied to each controller's own client. */
export type ControllerManagerConfig = ClientRateConfig;

/** kube-scheduler's scheduling settings (reference §6). */
export interface SchedulerConfig {
  /** 0 = adaptive. */
  percentageOfNodesToScore: number;
  podInitialBackoffUs: Time;
  podMaxBackoffUs: Time;
  podMaxInUnschedulablePodsDurationUs: Time;
}

/** kube-scheduler as the scenario sets it: scheduling settings and its client (`clientConnection.qps/burst`). */
export type KubeSchedulerConfig = SchedulerConfig & ClientRateConfig;

/** A service-level objective on one object. */
export interface SloSpec {
  /** Output keys of the objects the SLO applies to (`service/NS/NAME`, `deployment/NS/NAME`). */
  objects: string[];
  /** Minimum truly ready (serving for a Service); undefined = all desired. */
  minReady?: number;
  source: SourcePos;
}

/** The loaded scenario. */
export interface Scenario {
  /** Absolute path of the scenario file. */
  file: string;
  /** The path as the user gave it, for messages. */
  display: string;
  name: string;
  seed: number;
  durationUs: Time;
  /** As written, e.g. "1.33", and the minor number (33). */
  kubernetesVersion: string;
  kubernetesMinor: number;
  topology: Topology;
  latency: LatencyConfig;
  etcd: EtcdConfig;
  leaderElection: LeaderElectionConfig;
  apiserver: ApiServerConfig;
  kubelet: KubeletConfig;
  nodeLifecycle: NodeLifecycleConfig;
  controllerManager: ControllerManagerConfig;
  scheduler: KubeSchedulerConfig;
  /** Persistent volumes (src/storage/volumes.ts); absent in hand-built scenarios: the defaults. */
  storage?: StorageConfig;
  /** The cloud node lifecycle controller; absent (or null): none runs (bare metal). */
  cloudProvider?: CloudProviderConfig | null;
  manifests: ManifestSet;
  slo: SloSpec[];
  faults: FaultTimeline;
  /** Non-fatal remarks about the scenario itself (the manifests' own are in `manifests.warnings`). */
  warnings: Warning[];
}
