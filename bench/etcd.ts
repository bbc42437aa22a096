/**
 * etcd and control-plane figures (design.md §6: a healthy cluster must not cost an event per
 * heartbeat). Each case simulates a year:
 * - `etcd.healthyYear`: a healthy 5-member cluster with its background write stream;
 * - `etcd.leaderCrashes100`: the same with 100 etcd-leader crashes spread over the year, each
 *   member restarted 30 s later;
 * - `controlplane.healthyYear` / `controlplane.leaderCrashes100`: the whole control plane
 *   (etcd, API servers, controller-manager and scheduler leases) of 5 hosts, with the crashes
 *   taking down the host of the etcd leader.
 * Figures: events run (deterministic for the seed) and wall time per simulated year.
 */
import { fixed } from '../src/kernel/dist.js';
import { Rng, Streams } from '../src/kernel/rng.js';
import { Sim } from '../src/kernel/sim.js';
import { DAY, MS, SEC, YEAR, type Time } from '../src/kernel/time.js';
import { EtcdCluster } from '../src/etcd/cluster.js';
import { ControlPlane } from '../src/controlplane/controlplane.js';
import { EventLog } from '../src/metrics/events.js';
import { Network } from '../src/network/network.js';
import type { EtcdConfig, LatencyConfig } from '../src/scenario/types.js';
import { buildTopology } from '../src/topology/build.js';
import type { Topology } from '../src/topology/types.js';
import { median, timeMs, type BenchGroup, type BenchOptions, type Figure } from './harness.js';

const MEMBERS = 5;
const CRASHES = 100;
const RESTART_AFTER: Time = 30 * SEC;

const etcd: EtcdConfig = {
  members: MEMBERS, heartbeatIntervalUs: 100 * MS, electionTimeoutUs: 1000 * MS, electionTimeoutMaxUs: 2000 * MS,
  preVote: true, checkQuorum: true, diskFsync: { dist: 'lognormal', median: 2 * MS, sigma: 0.5 }, requestTimeoutUs: 7 * SEC,
};
const latency: LatencyConfig = { host: fixed(0), rack: fixed(100), zone: fixed(500), crossZone: fixed(2 * MS), crossRegion: fixed(30 * MS) };

function topology(): Topology {
  const node = { capacity: { cpuMilli: 16_000, memoryBytes: 64 * 2 ** 30, pods: 110 } };
  return buildTopology(
    { regions: [{ name: 'eu', zones: ['a', 'b', 'c'].map((z) => ({ name: `eu-${z}`, racks: 1, nodesPerRack: 1, node })) }] },
    { hosts: 'spread-zones', count: MEMBERS, defaultCount: 3 },
  );
}

/** Crash instants: one per slice of the year, at a seeded point of it (after the first day). */
function crashTimes(): Time[] {
  const rng = new Rng('bench/etcd/crashes');
  const slice = Math.floor((YEAR - DAY) / CRASHES);
  return Array.from({ length: CRASHES }, (_, k) => DAY + k * slice + Math.floor(rng.next() * (slice - RESTART_AFTER)));
}

/** A year of the etcd cluster alone; returns the events run. */
function etcdYear(crashes: boolean): number {
  const sim = new Sim();
  const streams = new Streams(1);
  const t = topology();
  const network = new Network(t, latency, streams);
  const cluster = new EtcdCluster({
    sim, streams, network, hosts: t.controlPlane.map((h) => h.id), names: t.controlPlane.map((h) => h.name),
    config: etcd, backgroundWriteIntervalUs: 1 * SEC,
  });
  cluster.start();
  if (crashes) {
    for (const at of crashTimes()) {
      sim.at(at, 'crash etcd leader', () => {
        const l = cluster.leader();
        if (l < 0) return;
        cluster.crashProcess(l);
        sim.at(at + RESTART_AFTER, 'restart', () => cluster.restartProcess(l));
      });
    }
  }
  sim.run(YEAR);
  return sim.eventsRun;
}

/** A year of the whole control plane; returns the events run. */
function controlPlaneYear(crashes: boolean): number {
  const sim = new Sim();
  const cp = new ControlPlane({
    sim, streams: new Streams(1), topology: topology(), latency, etcd, events: new EventLog(),
    leaderElection: { leaseDurationUs: 15 * SEC, renewDeadlineUs: 10 * SEC, retryPeriodUs: 2 * SEC, jitterFactor: 1.2, restartDelay: fixed(10 * SEC) },
    apiserver: { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 },
  });
  cp.start();
  if (crashes) {
    for (const at of crashTimes()) {
      sim.at(at, 'crash etcd leader host', () => {
        const h = cp.resolveMovingTarget('etcd-leader');
        if (h < 0) return;
        cp.crashControlPlaneHost(h);
        sim.at(at + RESTART_AFTER, 'recover', () => cp.recoverControlPlaneHost(h));
      });
    }
  }
  sim.run(YEAR);
  return sim.eventsRun;
}

/** Runs `year` warm-up + reps times; the events figure (deterministic) and the median wall time. */
function measure(name: string, year: () => number, opts: BenchOptions): Figure[] {
  for (let i = 0; i < opts.warmup; i++) year();
  let events = 0;
  const ms: number[] = [];
  for (let i = 0; i < opts.reps; i++) ms.push(timeMs(() => (events = year())));
  return [
    { name: `${name}.events`, value: events, unit: 'events' },
    { name: `${name}.wallMs`, value: median(ms), unit: 'ms', note: 'per simulated year' },
  ];
}

/** The etcd group of figures. */
export const etcdBench: BenchGroup = {
  name: 'etcd',
  description: `a simulated year of a ${MEMBERS}-member etcd cluster and of a ${MEMBERS}-host control plane, healthy and with ${CRASHES} leader crashes`,
  run(opts: BenchOptions): Figure[] {
    return [
      ...measure('etcd.healthyYear', () => etcdYear(false), opts),
      ...measure('etcd.leaderCrashes100', () => etcdYear(true), opts),
      ...measure('controlplane.healthyYear', () => controlPlaneYear(false), opts),
      ...measure('controlplane.leaderCrashes100', () => controlPlaneYear(true), opts),
    ];
  },
};
