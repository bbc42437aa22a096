/**
 * Test fixtures for the etcd cluster: a topology of control-plane hosts, a network and a
 * cluster with overridable settings, plus outside checkers of Raft's safety properties.
 */
import type { Dist } from '../../src/kernel/dist.js';
import { Streams } from '../../src/kernel/rng.js';
import { Sim } from '../../src/kernel/sim.js';
import { MS, type Time } from '../../src/kernel/time.js';
import { EtcdCluster, type EtcdClusterOptions, type RaftObserver } from '../../src/etcd/cluster.js';
import type { RaftConfig } from '../../src/etcd/member.js';
import { compareLog, type LogPos } from '../../src/etcd/messages.js';
import { Network } from '../../src/network/network.js';
import type { LatencyConfig } from '../../src/scenario/types.js';
import type { Topology } from '../../src/topology/types.js';
import { cpTopology, latencies } from '../network/fixtures.js';

export { cpTopology, latencies };

/** etcd defaults (reference §4), overridable. */
export function raftConfig(over: Partial<RaftConfig & { diskFsync: Dist }> = {}): RaftConfig & { diskFsync: Dist } {
  return {
    heartbeatIntervalUs: 100 * MS,
    electionTimeoutUs: 1000 * MS,
    electionTimeoutMaxUs: 2000 * MS,
    preVote: true,
    checkQuorum: true,
    diskFsync: { dist: 'lognormal', median: 2 * MS, sigma: 0.5 },
    ...over,
  };
}

/** Everything a cluster test needs. */
export interface Fixture {
  sim: Sim;
  streams: Streams;
  network: Network;
  topology: Topology;
  cluster: EtcdCluster;
}

/** Builds a cluster of `members` over `zones` zones. */
export function makeCluster(opts: {
  seed: number;
  members?: number;
  zones?: number;
  latency?: LatencyConfig;
  config?: Partial<RaftConfig & { diskFsync: Dist }>;
  elide?: boolean;
  backgroundWriteIntervalUs?: Time;
  events?: EtcdClusterOptions['events'];
}): Fixture {
  const sim = new Sim();
  const streams = new Streams(opts.seed);
  const topology = cpTopology(opts.members ?? 3, opts.zones ?? 3);
  const network = new Network(topology, opts.latency ?? latencies(), streams);
  const cps = topology.controlPlane;
  const cluster = new EtcdCluster({
    sim, streams, network,
    hosts: cps.map((h) => h.id),
    names: cps.map((h) => h.name),
    config: raftConfig(opts.config),
    elide: opts.elide,
    backgroundWriteIntervalUs: opts.backgroundWriteIntervalUs,
    events: opts.events,
  });
  return { sim, streams, network, topology, cluster };
}

/** A safety violation found by a checker. */
export interface Violation {
  at: Time;
  what: string;
}

/**
 * Watches a cluster from outside: one leader per term; every committed entry held by a quorum
 * at commit; every new leader's log contains the last committed entry (leader completeness).
 */
export class SafetyChecker {
  readonly violations: Violation[] = [];
  readonly leaders = new Map<number, number>();
  lastCommitted: LogPos = { index: 0, term: 0 };
  commits = 0;

  /** The observer this checker registered (tests of the checker drive it by hand). */
  readonly observer: Required<Pick<RaftObserver, 'elected' | 'committed'>>;

  constructor(private readonly f: Fixture) {
    const c = f.cluster;
    this.observer = {
      elected: (member, term, logAtElection, at) => {
        const prior = this.leaders.get(term);
        if (prior !== undefined && prior !== member) this.violations.push({ at, what: `two leaders in term ${term}: ${prior} and ${member}` });
        this.leaders.set(term, member);
        if (compareLog(logAtElection, this.lastCommitted) < 0) {
          this.violations.push({ at, what: `leader ${member} of term ${term} lacks committed entry ${JSON.stringify(this.lastCommitted)} (has ${JSON.stringify(logAtElection)})` });
        }
      },
      committed: (index, term, at) => {
        this.commits++;
        const holders = c.members.filter((m) => m.log.term === term && m.log.index >= index).length;
        const q = (c.members.length >> 1) + 1;
        if (holders < q) this.violations.push({ at, what: `entry ${index}@${term} committed on ${holders} < ${q} members` });
        if (compareLog({ index, term }, this.lastCommitted) > 0) this.lastCommitted = { index, term };
      },
    };
    c.observe(this.observer);
  }
}
