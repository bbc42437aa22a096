/**
 * The control plane of a run as one object: the network, etcd, the API servers' write path and
 * the leader elections of kube-controller-manager and kube-scheduler, wired so that every
 * change flows network → etcd → write path → leases in that order, and the fault operations the
 * injector needs. `summary()` is the `controlPlane` section of summary.json (design.md §4).
 */
import type { LeaderLease } from '../apiserver/types.js';
import { ApiServerWritePath } from '../apiserver/writepath.js';
import { EtcdCluster } from '../etcd/cluster.js';
import type { EtcdSummary } from '../etcd/record.js';
import type { MovingTarget, PartitionCut } from '../faults/types.js';
import type { Streams } from '../kernel/rng.js';
import type { Sim } from '../kernel/sim.js';
import { LeaseElection, type LeaseSummary } from '../leaderelection/election.js';
import type { EventLog } from '../metrics/events.js';
import { round6 } from '../metrics/summary.js';
import { Network } from '../network/network.js';
import type { ApiServerConfig, EtcdConfig, LatencyConfig, LeaderElectionConfig } from '../scenario/types.js';
import type { HostId, Topology } from '../topology/types.js';
import { toSeconds } from '../kernel/time.js';

/** What the control plane is built from (a scenario's sections). */
export interface ControlPlaneOptions {
  sim: Sim;
  streams: Streams;
  topology: Topology;
  latency: LatencyConfig;
  etcd: EtcdConfig;
  leaderElection: LeaderElectionConfig;
  apiserver: ApiServerConfig;
  events: EventLog;
  /** Elide periodic no-op work (default true); false plays every heartbeat, renewal and poll. */
  elide?: boolean;
}

/** The `controlPlane` section of summary.json. */
export interface ControlPlaneSummary {
  etcd: EtcdSummary;
  apiserver: { unavailableS: number };
  controllerManager: LeaseSummary;
  scheduler: LeaseSummary;
}

/** Network, etcd, API servers and leader leases of one run. */
export class ControlPlane {
  readonly network: Network;
  readonly etcd: EtcdCluster;
  readonly writePath: ApiServerWritePath;
  readonly controllerManager: LeaseElection;
  readonly scheduler: LeaseElection;
  private readonly sim: Sim;
  private readonly topology: Topology;
  /** Crashes of each control-plane host not yet recovered (each crash needs its own recovery). */
  private readonly hostCrashes = new Map<HostId, number>();

  constructor(opts: ControlPlaneOptions) {
    this.sim = opts.sim;
    this.topology = opts.topology;
    const cps = opts.topology.controlPlane;
    this.network = new Network(opts.topology, opts.latency, opts.streams);
    this.etcd = new EtcdCluster({
      sim: opts.sim,
      streams: opts.streams,
      network: this.network,
      hosts: cps.map((h) => h.id),
      names: cps.map((h) => h.name),
      config: opts.etcd,
      elide: opts.elide,
      // Both leases renew every retryPeriod: writes never stop in a live cluster, so a member
      // cut off for a while falls behind (⚠ kubeblast's own stand-in for analytic writes).
      backgroundWriteIntervalUs: Math.max(1, Math.floor(opts.leaderElection.retryPeriodUs / 2)),
      events: opts.events,
    });
    this.writePath = new ApiServerWritePath({
      sim: opts.sim, streams: opts.streams, network: this.network, topology: opts.topology, cluster: this.etcd, etcd: opts.etcd,
    });
    const lease = (name: string) => new LeaseElection({
      sim: opts.sim, streams: opts.streams, network: this.network, writePath: this.writePath, topology: opts.topology,
      config: opts.leaderElection, lease: name, events: opts.events, elide: opts.elide,
    });
    this.controllerManager = lease('kube-controller-manager');
    this.scheduler = lease('kube-scheduler');
  }

  /** The controller-manager's lease (`ControlPlaneParts` naming). */
  get controllerManagerLease(): LeaderLease {
    return this.controllerManager;
  }

  /** The scheduler's lease (`ControlPlaneParts` naming). */
  get schedulerLease(): LeaderLease {
    return this.scheduler;
  }

  /** Boots at t = 0: the first etcd election, then the first lease acquisitions. */
  start(): void {
    this.etcd.start();
    this.controllerManager.start();
    this.scheduler.start();
  }

  /** Crashes the etcd process on a control-plane host (the host and its other processes stay up). */
  crashEtcdMember(host: HostId): void {
    const i = this.etcd.memberOf(host);
    if (i >= 0) this.etcd.crashProcess(i);
  }

  /** Restarts it; it rejoins as a follower with its persisted term, vote and log. */
  restartEtcdMember(host: HostId): void {
    const i = this.etcd.memberOf(host);
    if (i >= 0) this.etcd.restartProcess(i);
  }

  /**
   * Crashes a control-plane host: every process on it (etcd, API server, controller-manager,
   * scheduler). Counted like `crashEtcdMember`: two overlapping crashes need two recoveries, so
   * the end of one never revives a host another still holds down (one shared cause would).
   */
  crashControlPlaneHost(host: HostId): void {
    const cause = this.crashCause(host);
    const n = this.hostCrashes.get(host) ?? 0;
    this.hostCrashes.set(host, n + 1);
    if (n === 0) this.network.hostDown(host, cause);
  }

  /** Ends one crash; the host comes back after the last one (unless another cause, such as its zone's outage, still holds it down). */
  recoverControlPlaneHost(host: HostId): void {
    const cause = this.crashCause(host);
    const n = this.hostCrashes.get(host) ?? 0;
    if (n === 0) return;
    if (n > 1) {
      this.hostCrashes.set(host, n - 1);
      return;
    }
    this.hostCrashes.delete(host);
    this.network.hostUp(host, cause);
  }

  /**
   * The network cause of a control-plane host's crashes. A worker node is refused: its crash must
   * go through the world's fault actions, which also stop its kubelet (`hosts.down`); downing it
   * here would leave the kubelet running pods on a dead host.
   */
  private crashCause(host: HostId): string {
    const h = this.topology.hosts[host];
    if (h?.role !== 'control-plane') throw new Error(`ControlPlane: ${h ? h.name : `host ${host}`} is not a control-plane host (crash worker nodes through the fault actions)`);
    return `control-plane-crash:${h.name}`;
  }

  /** Cuts `cut` traffic between groups of hosts (only from the first group when `oneWay`); returns the id. */
  addPartition(groups: HostId[][], cut: PartitionCut, oneWay: boolean): number {
    return this.network.addPartition({ groups, cut, oneWay });
  }

  /** Heals a partition. */
  removePartition(id: number): void {
    this.network.removePartition(id);
  }

  /** The host holding a moving target's role now, or −1. */
  resolveMovingTarget(role: MovingTarget): HostId {
    switch (role) {
      case 'etcd-leader': {
        let l = this.etcd.leader();
        if (l < 0) {
          // No leader of a quorum: the member that believes it leads, highest term first.
          this.etcd.members.forEach((m, i) => {
            if (m.role === 'leader' && this.etcd.alive(i) && (l < 0 || m.term > this.etcd.members[l].term)) l = i;
          });
        }
        return l >= 0 ? this.etcd.hosts[l] : -1;
      }
      case 'controller-manager-leader':
        return this.controllerManager.leaderHost();
      case 'scheduler-leader':
        return this.scheduler.leaderHost();
    }
  }

  /** The `controlPlane` section of summary.json, as of now. */
  summary(): ControlPlaneSummary {
    const now = this.sim.now;
    return {
      etcd: this.etcd.recorder.summary(now, round6),
      apiserver: { unavailableS: round6(toSeconds(this.writePath.unavailableTime(now))) },
      controllerManager: this.controllerManager.summary(now, round6),
      scheduler: this.scheduler.summary(now, round6),
    };
  }
}
