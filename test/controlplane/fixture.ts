/** A whole control plane (network, etcd, API servers, leases) on a small topology, for tests. */
import { fixed, type Dist } from '../../src/kernel/dist.js';
import { Streams } from '../../src/kernel/rng.js';
import { Sim } from '../../src/kernel/sim.js';
import { MS, SEC } from '../../src/kernel/time.js';
import { ControlPlane } from '../../src/controlplane/controlplane.js';
import { EventLog } from '../../src/metrics/events.js';
import type { EtcdConfig, LeaderElectionConfig } from '../../src/scenario/types.js';
import { cpTopology, latencies } from '../network/fixtures.js';

/** etcd defaults of reference §4. */
export function etcdDefaults(members: number, over: Partial<EtcdConfig> = {}): EtcdConfig {
  return {
    members, heartbeatIntervalUs: 100 * MS, electionTimeoutUs: 1000 * MS, electionTimeoutMaxUs: 2000 * MS,
    preVote: true, checkQuorum: true, diskFsync: { dist: 'lognormal', median: 2 * MS, sigma: 0.5 }, requestTimeoutUs: 7 * SEC, ...over,
  };
}

/** Leader-election defaults of reference §3 (restart after 10 s). */
export function leaseDefaults(over: Partial<LeaderElectionConfig> = {}): LeaderElectionConfig {
  return { leaseDurationUs: 15 * SEC, renewDeadlineUs: 10 * SEC, retryPeriodUs: 2 * SEC, jitterFactor: 1.2, restartDelay: fixed(10 * SEC), ...over };
}

/** A control plane of `cp` hosts spread over `zones` zones (each with a rack of 2 nodes). */
export function makeControlPlane(opts: { seed: number; cp?: number; zones?: number; elide?: boolean; latency?: Dist; etcd?: Partial<EtcdConfig>; lease?: Partial<LeaderElectionConfig> }) {
  const sim = new Sim();
  const streams = new Streams(opts.seed);
  const events = new EventLog();
  const topology = cpTopology(opts.cp ?? 3, opts.zones ?? 3);
  const cp = new ControlPlane({
    sim, streams, topology, events, elide: opts.elide,
    latency: latencies(opts.latency),
    etcd: etcdDefaults(opts.cp ?? 3, opts.etcd),
    leaderElection: leaseDefaults(opts.lease),
    apiserver: { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 },
  });
  return { sim, streams, events, topology, cp };
}
