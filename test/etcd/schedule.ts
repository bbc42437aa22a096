/**
 * Seeded random fault schedules for an etcd cluster (VOPR style): a phase of arbitrary faults —
 * member crashes and restarts, host outages, partitions (two-way and one-way, of all traffic or
 * of etcd traffic only) — then a phase where every fault heals and the cluster must converge.
 * Writes flow all along from every control-plane host through the real write path.
 */
import { Rng } from '../../src/kernel/rng.js';
import { MS, SEC, type Time } from '../../src/kernel/time.js';
import { ApiServerWritePath } from '../../src/apiserver/writepath.js';
import type { PartitionCut } from '../../src/faults/types.js';
import { latencies } from '../network/fixtures.js';
import { makeCluster, SafetyChecker, type Fixture } from './helpers.js';

/** What a schedule run produced. */
export interface ScheduleRun {
  f: Fixture;
  checker: SafetyChecker;
  /** Every role transition, as text, in order (for comparing drivers). */
  trace: string[];
  /** When the last fault healed. */
  healedAt: Time;
  /** When a leader of a quorum first existed after `healedAt` (−1 if never within the run). */
  convergedAt: Time;
  settings: string;
  committed: number;
  failed: number;
}

/** Fault phase length; then everything heals. */
export const FAULT_PHASE = 40 * SEC;

/** Runs schedule `seed` with heartbeats elided or not, for `horizon` after the faults heal. */
export function runSchedule(seed: number, elide: boolean, horizon: Time): ScheduleRun {
  const rng = new Rng(`schedule-${seed}`);
  const members = rng.next() < 0.5 ? 3 : 5;
  const preVote = rng.next() < 0.5;
  const checkQuorum = rng.next() < 0.5;
  const continuous = rng.next() < 0.5;
  const latency = continuous ? latencies({ dist: 'lognormal', median: 1 * MS, sigma: 0.5 }) : latencies();
  const f = makeCluster({ seed, members, zones: 3, latency, config: { preVote, checkQuorum }, elide, backgroundWriteIntervalUs: 1 * SEC });
  const settings = `seed ${seed}: ${members} members, preVote=${preVote}, checkQuorum=${checkQuorum}, ${continuous ? 'lognormal' : 'fixed'} latency`;
  const wp = new ApiServerWritePath({
    sim: f.sim, streams: f.streams, network: f.network, topology: f.topology, cluster: f.cluster,
    etcd: { diskFsync: { dist: 'lognormal', median: 2 * MS, sigma: 0.5 }, requestTimeoutUs: 7 * SEC },
  });
  const checker = new SafetyChecker(f);
  const trace: string[] = [];
  f.cluster.observe({ transition: (m, from, to, term, at) => trace.push(`${at} ${m} ${from}->${to} @${term}`) });
  const hosts = f.cluster.hosts;
  let committed = 0;
  let failed = 0;
  const write = (t: Time): void => {
    f.sim.at(t, 'test write', () => {
      wp.submit(hosts[rng.int(hosts.length)], 'client-apiserver', 'w', () => committed++, () => failed++);
      write(t + 100 * MS + rng.int(400 * MS));
    });
  };
  write(2 * SEC);
  let healedAt = 5 * SEC;
  const faults = 2 + rng.int(6);
  for (let k = 0; k < faults; k++) {
    const at = 5 * SEC + rng.int(FAULT_PHASE - 10 * SEC);
    const end = Math.min(at + 200 * MS + rng.int(15 * SEC), 5 * SEC + FAULT_PHASE);
    healedAt = Math.max(healedAt, end);
    const kind = rng.int(4);
    const victim = rng.int(members);
    if (kind === 0) {
      f.sim.at(at, 'crash', () => f.cluster.crashProcess(victim));
      f.sim.at(end, 'restart', () => f.cluster.restartProcess(victim));
    } else if (kind === 1) {
      f.sim.at(at, 'host down', () => f.network.hostDown(hosts[victim], `fault${k}`));
      f.sim.at(end, 'host up', () => f.network.hostUp(hosts[victim], `fault${k}`));
    } else {
      const order = rng.shuffle([...hosts]);
      const cutAt = 1 + rng.int(members - 1);
      const groups = [order.slice(0, cutAt), order.slice(cutAt)];
      const cut: PartitionCut = rng.next() < 0.5 ? 'all' : 'etcd-etcd';
      const oneWay = kind === 3;
      let id = -1;
      f.sim.at(at, 'partition', () => (id = f.network.addPartition({ groups, cut, oneWay })));
      f.sim.at(end, 'heal', () => f.network.removePartition(id));
    }
  }
  let convergedAt = -1;
  f.cluster.onChange(() => {
    if (convergedAt < 0 && f.sim.now >= healedAt && f.cluster.leader() >= 0) convergedAt = f.sim.now;
  });
  f.sim.at(healedAt, 'healed', () => {
    if (f.cluster.leader() >= 0) convergedAt = healedAt;
  });
  f.cluster.start();
  f.sim.run(healedAt + horizon);
  return { f, checker, trace, healedAt, convergedAt, settings, committed, failed };
}
