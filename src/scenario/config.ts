/**
 * Component settings of a scenario: the user's values over the version's defaults, checked the
 * way the real components check them at start-up (etcd's embed config, client-go's
 * `NewLeaderElector`), with every error at the field that breaks the rule.
 */
import { formatDuration } from '../units/duration.js';
import type { Warning } from '../manifests/types.js';
import { SEC } from '../kernel/time.js';
import type { Defaults } from './defaults.js';
import type { RawSpec } from './schema.js';
import type {
  ApiServerConfig, CloudProviderConfig, ControllerManagerConfig, EtcdConfig, KubeletConfig, LatencyConfig, LeaderElectionConfig, KubeSchedulerConfig, NodeLifecycleConfig, StorageConfig,
} from './types.js';
import type { Where } from './where.js';

/** The component settings, defaults applied. */
export interface ComponentConfig {
  latency: LatencyConfig;
  etcd: EtcdConfig;
  leaderElection: LeaderElectionConfig;
  apiserver: ApiServerConfig;
  kubelet: KubeletConfig;
  nodeLifecycle: NodeLifecycleConfig;
  controllerManager: ControllerManagerConfig;
  scheduler: KubeSchedulerConfig;
  storage: StorageConfig;
  cloudProvider: CloudProviderConfig | null;
}

/** cloud-controller-manager `--node-monitor-period` default (k8s.io/cloud-provider options). */
const CLOUD_NODE_MONITOR_PERIOD_US = 5 * SEC;

/** etcd rejects election timeouts above 50 s (`embed/config.go` maxElectionMs). */
const MAX_ELECTION_TIMEOUT_US = 50 * SEC;

/** Merges `spec` over `d` and validates; `members` is the control-plane host count. */
export function componentConfig(spec: RawSpec, d: Defaults, members: number, where: Where, warnings: Warning[]): ComponentConfig {
  const k = spec.kubelet ?? {};
  const kubelet: KubeletConfig = {
    nodeLeaseDurationUs: k.nodeLeaseDuration ?? d.kubelet.nodeLeaseDurationUs,
    leaseRenewIntervalUs: 0,
    nodeStatusUpdateFrequencyUs: k.nodeStatusUpdateFrequency ?? d.kubelet.nodeStatusUpdateFrequencyUs,
    imagePull: k.imagePull ?? d.kubelet.imagePull,
    containerStart: k.containerStart ?? d.kubelet.containerStart,
    podStop: k.podStop ?? d.kubelet.podStop,
    bootTime: k.bootTime ?? d.kubelet.bootTime,
  };
  // ref: kubernetes.md §1 Lease renew interval — a fixed fraction of the lease duration.
  kubelet.leaseRenewIntervalUs = Math.round(kubelet.nodeLeaseDurationUs * d.leaseRenewFraction);
  const nodeLifecycle: NodeLifecycleConfig = { ...d.nodeLifecycle, ...definedOnly({
    monitorPeriodUs: spec.nodeLifecycle?.monitorPeriod,
    gracePeriodUs: spec.nodeLifecycle?.gracePeriod,
    evictionRate: spec.nodeLifecycle?.evictionRate,
    secondaryEvictionRate: spec.nodeLifecycle?.secondaryEvictionRate,
    unhealthyZoneThreshold: spec.nodeLifecycle?.unhealthyZoneThreshold,
    largeClusterSizeThreshold: spec.nodeLifecycle?.largeClusterSizeThreshold,
  }) };
  if (nodeLifecycle.gracePeriodUs <= kubelet.leaseRenewIntervalUs) {
    warnings.push({
      message: `nodeLifecycle.gracePeriod (${formatDuration(nodeLifecycle.gracePeriodUs)}) is not longer than the kubelet's lease renew interval (${formatDuration(kubelet.leaseRenewIntervalUs)}): healthy nodes will flap to Unknown`,
      source: where.pos(['spec', 'nodeLifecycle', 'gracePeriod']),
    });
  }
  const scheduler: KubeSchedulerConfig = { ...d.scheduler, ...definedOnly({
    kubeAPIQPS: spec.scheduler?.kubeAPIQPS,
    kubeAPIBurst: spec.scheduler?.kubeAPIBurst,
    percentageOfNodesToScore: spec.scheduler?.percentageOfNodesToScore,
    podInitialBackoffUs: spec.scheduler?.podInitialBackoff,
    podMaxBackoffUs: spec.scheduler?.podMaxBackoff,
    podMaxInUnschedulablePodsDurationUs: spec.scheduler?.podMaxInUnschedulablePodsDuration,
  }) };
  if (scheduler.podInitialBackoffUs > scheduler.podMaxBackoffUs) {
    const s = ['spec', 'scheduler'];
    where.fail([...s, where.has([...s, 'podInitialBackoff']) ? 'podInitialBackoff' : 'podMaxBackoff'], 'expected podInitialBackoff ≤ podMaxBackoff');
  }
  const l = spec.topology.latency ?? {};
  return {
    latency: { ...d.latency, ...definedOnly({ host: l.host, rack: l.rack, zone: l.zone, crossZone: l.crossZone, crossRegion: l.crossRegion }) },
    etcd: etcdConfig(spec, d, members, where),
    leaderElection: leaderElectionConfig(spec, d, where),
    apiserver: { ...d.apiserver, ...definedOnly(spec.apiserver ?? {}) },
    kubelet,
    nodeLifecycle,
    controllerManager: { ...d.controllerManager, ...definedOnly(spec.controllerManager ?? {}) },
    storage: { attach: spec.storage?.attach ?? d.storage.attach },
    cloudProvider: spec.cloudProvider
      ? { instanceGoneAfterUs: spec.cloudProvider.instanceGoneAfter, monitorPeriodUs: spec.cloudProvider.nodeMonitorPeriod ?? CLOUD_NODE_MONITOR_PERIOD_US }
      : null,
    scheduler,
  };
}

function etcdConfig(spec: RawSpec, d: Defaults, members: number, where: Where): EtcdConfig {
  const e = spec.controlPlane?.etcd ?? {};
  const path = ['spec', 'controlPlane', 'etcd'];
  const heartbeatIntervalUs = e.heartbeatInterval ?? d.etcd.heartbeatIntervalUs;
  const electionTimeoutUs = e.electionTimeout ?? d.etcd.electionTimeoutUs;
  const blame = where.has([...path, 'electionTimeout']) ? 'electionTimeout' : 'heartbeatInterval';
  // ref: etcd server/embed/config.go Validate — "should be at least as 5 times as --heartbeat-interval".
  if (electionTimeoutUs < 5 * heartbeatIntervalUs) {
    where.fail([...path, blame], `expected electionTimeout (${formatDuration(electionTimeoutUs)}) ≥ 5 × heartbeatInterval (${formatDuration(heartbeatIntervalUs)}) = ${formatDuration(5 * heartbeatIntervalUs)}, as etcd requires`);
  }
  if (electionTimeoutUs > MAX_ELECTION_TIMEOUT_US) {
    where.fail([...path, 'electionTimeout'], `expected electionTimeout ≤ 50s (etcd's limit), got ${formatDuration(electionTimeoutUs)}`);
  }
  // ref: raft.go resetRandomizedElectionTimeout — [ET, 2·ET).
  const electionTimeoutMaxUs = e.electionTimeoutMax ?? 2 * electionTimeoutUs;
  if (electionTimeoutMaxUs <= electionTimeoutUs) {
    where.fail([...path, 'electionTimeoutMax'], `expected electionTimeoutMax > electionTimeout (${formatDuration(electionTimeoutUs)})`);
  }
  return {
    members,
    heartbeatIntervalUs,
    electionTimeoutUs,
    electionTimeoutMaxUs,
    preVote: e.preVote ?? d.etcd.preVote,
    checkQuorum: e.checkQuorum ?? d.etcd.checkQuorum,
    diskFsync: e.diskFsync ?? d.etcd.diskFsync,
    requestTimeoutUs: d.etcd.requestTimeoutBaseUs + 2 * electionTimeoutUs,
  };
}

function leaderElectionConfig(spec: RawSpec, d: Defaults, where: Where): LeaderElectionConfig {
  const le = spec.controlPlane?.leaderElection ?? {};
  const path = ['spec', 'controlPlane', 'leaderElection'];
  const c: LeaderElectionConfig = {
    leaseDurationUs: le.leaseDuration ?? d.leaderElection.leaseDurationUs,
    renewDeadlineUs: le.renewDeadline ?? d.leaderElection.renewDeadlineUs,
    retryPeriodUs: le.retryPeriod ?? d.leaderElection.retryPeriodUs,
    jitterFactor: le.jitterFactor ?? d.leaderElection.jitterFactor,
    restartDelay: le.restartDelay ?? d.leaderElection.restartDelay,
  };
  const pick = (...fields: string[]): string[] => [...path, fields.find((f) => where.has([...path, f])) ?? fields[0]];
  // ref: client-go tools/leaderelection/leaderelection.go NewLeaderElector.
  if (c.leaseDurationUs <= c.renewDeadlineUs) {
    where.fail(pick('leaseDuration', 'renewDeadline'), `expected leaseDuration (${formatDuration(c.leaseDurationUs)}) > renewDeadline (${formatDuration(c.renewDeadlineUs)}), as client-go requires`);
  }
  const jittered = Math.round(c.jitterFactor * c.retryPeriodUs);
  if (c.renewDeadlineUs <= jittered) {
    where.fail(pick('renewDeadline', 'retryPeriod', 'jitterFactor'), `expected renewDeadline (${formatDuration(c.renewDeadlineUs)}) > ${c.jitterFactor} × retryPeriod (${formatDuration(jittered)}), as client-go requires`);
  }
  return c;
}

/** `obj` without its undefined fields, so a spread keeps the defaults under them. */
function definedOnly<T extends object>(obj: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
