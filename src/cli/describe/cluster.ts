/** `validate` sections about the cluster: topology, control plane and component settings. */
import type { Scenario } from '../../scenario/types.js';
import type { NodeSpec } from '../../topology/types.js';
import { formatDuration } from '../../units/duration.js';
import { dist, plural, resources, table } from './text.js';

/** The first lines: name, file, version, seed, duration. */
export function describeHeader(s: Scenario): string[] {
  return [
    `Scenario ${s.name} (${s.display})`,
    `  Kubernetes ${s.kubernetesVersion}, seed ${s.seed}, duration ${formatDuration(s.durationUs)}`,
  ];
}

/** Regions, zones, racks, node counts and capacity per zone; latency. */
export function describeTopology(s: Scenario): string[] {
  const t = s.topology;
  const lines = [`Topology: ${plural(t.regions.length, 'region')}, ${plural(t.zones.length, 'zone')}, ${plural(t.racks.length, 'rack')}, ${plural(t.nodes.length, 'node')}`];
  const total = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
  for (const r of t.regions) {
    lines.push(`  region ${r.name}`);
    const rows = r.zones.map((zi) => {
      const z = t.zones[zi];
      const nodes = z.nodes.map((id) => t.hosts[id] as NodeSpec);
      const sum = { cpuMilli: 0, memoryBytes: 0, pods: 0 };
      for (const n of nodes) {
        sum.cpuMilli += n.capacity.cpuMilli;
        sum.memoryBytes += n.capacity.memoryBytes;
        sum.pods += n.capacity.pods;
      }
      total.cpuMilli += sum.cpuMilli;
      total.memoryBytes += sum.memoryBytes;
      total.pods += sum.pods;
      const sizes = z.racks.map((r) => t.racks[r].hosts.filter((h) => t.hosts[h].role === 'node').length);
      // A zone given as `nodes: N` may have racks of two sizes (N spread as evenly as possible).
      const perRack = sizes.every((n) => n === sizes[0]) ? ` × ${sizes[0] ?? 0}` : ` (${sizes.join(' + ')})`;
      return [
        `zone ${z.name}`,
        `${plural(z.racks.length, 'rack')}${perRack} = ${plural(nodes.length, 'node')}`,
        nodes.length ? `node ${resources(nodes[0].capacity)}${nodes[0].costPerHour === undefined ? '' : `, ${nodes[0].costPerHour}/h`}` : '',
        nodes.length ? `zone ${resources(sum)}` : '',
      ];
    });
    lines.push(...table(rows, 4));
  }
  lines.push(`  allocatable: ${resources(total)}`);
  const l = s.latency;
  lines.push(`  latency (one way): host ${dist(l.host)}, rack ${dist(l.rack)}, zone ${dist(l.zone)}, cross-zone ${dist(l.crossZone)}, cross-region ${dist(l.crossRegion)}`);
  return lines;
}

/** Control-plane hosts and where they sit; etcd and leader-election settings. */
export function describeControlPlane(s: Scenario): string[] {
  const t = s.topology;
  const lines = [`Control plane: ${plural(t.controlPlane.length, 'host')}, each running etcd, kube-apiserver, kube-controller-manager and kube-scheduler`];
  lines.push(...table(t.controlPlane.map((h) => [h.name, `zone ${t.zones[h.zone].name}`, h.rack >= 0 ? `rack ${t.racks[h.rack].name}` : 'no rack'])));
  const e = s.etcd;
  const quorum = Math.floor(e.members / 2) + 1;
  lines.push(`  etcd: ${plural(e.members, 'member')}, quorum ${quorum}, tolerates ${plural(e.members - quorum, 'failure')}`);
  lines.push(`    heartbeat ${formatDuration(e.heartbeatIntervalUs)}, election timeout ${formatDuration(e.electionTimeoutUs)}–${formatDuration(e.electionTimeoutMaxUs)}, ` +
    `pre-vote ${onOff(e.preVote)}, check-quorum ${onOff(e.checkQuorum)}, request timeout ${formatDuration(e.requestTimeoutUs)}`);
  lines.push(`    disk fsync ${dist(e.diskFsync)}`);
  const le = s.leaderElection;
  lines.push(`  leader election (kube-controller-manager, kube-scheduler): lease ${formatDuration(le.leaseDurationUs)}, renew deadline ${formatDuration(le.renewDeadlineUs)}, ` +
    `retry ${formatDuration(le.retryPeriodUs)} (jitter ${le.jitterFactor}), restart after losing the lease ${dist(le.restartDelay)}`);
  return lines;
}

function onOff(b: boolean): string {
  return b ? 'on' : 'off';
}

/** Node lifecycle, kubelet, controller-manager, scheduler and API server settings. */
export function describeComponents(s: Scenario): string[] {
  const n = s.nodeLifecycle;
  const k = s.kubelet;
  const sc = s.scheduler;
  const cm = s.controllerManager;
  const d = formatDuration;
  return [
    'Components:',
    `  node lifecycle: monitor every ${d(n.monitorPeriodUs)}, grace ${d(n.gracePeriodUs)}, ` +
      `eviction rate ${n.evictionRate}/s (secondary ${n.secondaryEvictionRate}/s), unhealthy zone ≥ ${n.unhealthyZoneThreshold}, large cluster > ${n.largeClusterSizeThreshold} nodes`,
    `  kubelet: node lease ${d(k.nodeLeaseDurationUs)} renewed every ${d(k.leaseRenewIntervalUs)}, status every ${d(k.nodeStatusUpdateFrequencyUs)}`,
    `    image pull ${dist(k.imagePull)}, container start ${dist(k.containerStart)}, pod stop ${dist(k.podStop)}, node boot ${dist(k.bootTime)}`,
    `  controller-manager: API client ${cm.kubeAPIQPS} qps, burst ${cm.kubeAPIBurst} (each controller's own client)`,
    `  scheduler: API client ${sc.kubeAPIQPS} qps, burst ${sc.kubeAPIBurst}, nodes to score ${sc.percentageOfNodesToScore === 0 ? 'adaptive' : `${sc.percentageOfNodesToScore}%`}, ` +
      `back-off ${d(sc.podInitialBackoffUs)}–${d(sc.podMaxBackoffUs)}, unschedulable pods retried after ${d(sc.podMaxInUnschedulablePodsDurationUs)}`,
    `  apiserver: default tolerations not-ready ${s.apiserver.defaultNotReadyTolerationSeconds}s, unreachable ${s.apiserver.defaultUnreachableTolerationSeconds}s`,
  ];
}
