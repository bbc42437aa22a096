/**
 * scenarios/fleet-year.yaml: a year of fleet-2009 failures (Dean 2009: machines, racks, PDUs) on
 * 120 nodes under the Online Boutique (one replica per service) and a 3-server ZooKeeper spread
 * over zones. The failures drawn match the profile; single-replica services, which can move,
 * do at least as well as the k-of-n formula for replicas that cannot; ZooKeeper, whose servers
 * cannot move (StatefulSet, one per zone), matches the formula for 3 of 3 over several seeds.
 */
import { describe, expect, it } from 'vitest';
import { randomDomains } from '../../src/faults/random.js';
import type { RandomFaults } from '../../src/faults/types.js';
import { distMean, distVariance } from '../../src/kernel/dist.js';
import type { Scenario } from '../../src/scenario/types.js';
import { expectWithin, mean, standardError, Z } from '../helpers/stats.js';
import { loadEdited } from '../faults/helpers.js';
import { loadBundled, ScenarioRun } from './helpers.js';
import { fileURLToPath } from 'node:url';

const s = loadBundled('fleet-year');
const run = new ScenarioRun(s);
const graceS = s.nodeLifecycle.gracePeriodUs / 1e6;

/** Unavailability of one domain's two-state process: MTTR / (MTTF + MTTR), MTTF per domain. */
function unavailability(r: RandomFaults, hosts: number): number {
  const up = distMean(r.mtbf) / (r.mtbfPer === 'host' ? hosts : 1);
  const down = distMean(r.mttr);
  return down / (up + down);
}

/** Availability of one replica that cannot move: its node, its rack and its zone all up (independent processes in series). */
function replicaAvailability(sc: Scenario): number {
  const zoneHosts = randomDomains(sc.topology, 'zone')[0].hosts;
  return sc.faults.random.reduce((a, r) => a * (1 - unavailability(r, r.level === 'zone' ? zoneHosts : 1)), 1);
}

describe('fleet-year: one year of fleet-2009 failures', () => {
  it('draws node, rack and zone failures at the profile\'s rates for this topology', () => {
    const T = s.durationUs;
    for (const r of s.faults.random) {
      let expected = 0;
      let variance = 0;
      for (const d of randomDomains(s.topology, r.level)) {
        const up = distMean(r.mtbf) / (r.mtbfPer === 'host' ? d.hosts : 1);
        const cycle = up + distMean(r.mttr);
        expected += T / cycle;
        // Renewal count variance T·(σ²_up + σ²_repair)/cycle³ (exponential up: σ = mean).
        variance += (T * (up * up + distVariance(r.mttr))) / cycle ** 3;
      }
      const observed = run.summary.faults.filter((f) => f.kind === r.kind).length;
      expectWithin(observed, expected, Z * Math.sqrt(variance) + 1, { seed: s.seed, what: `${r.level} failures in a year` });
    }
    // 120 nodes at 1.8 y each: about 67 machine failures; 12 racks at 1.5 y: about 8.
    expect(run.summary.faults.filter((f) => f.kind === 'node-crash').length).toBeGreaterThan(30);
  });

  it('single-replica services move: each hit costs minutes, and availability beats the no-move formula', () => {
    const bound = replicaAvailability(s);
    // ref: ground-truth.md §2 — 1 of 1: A = Π over node, rack, zone of MTTF/(MTTF+MTTR) ≈ 0.9995.
    expect(bound).toBeGreaterThan(0.999);
    expect(bound).toBeLessThan(0.9999);
    const perZone = s.topology.zones[0].nodes.length;
    for (const o of run.summary.objects.filter((x) => x.object.startsWith('service/') && x.desired === 1)) {
      expect(o.availability.full, `${o.object}, seed ${s.seed}`).toBeGreaterThanOrEqual(bound);
      // Worst case per hit: grace, a monitor pass, the zone's taint queue, 300 s, a restart.
      if (o.timeToRecoverS.max !== null) expect(o.timeToRecoverS.max, o.object).toBeLessThanOrEqual(graceS + 5 + 10 * (perZone - 1) + 300 + 30);
    }
  });

  it('ZooKeeper keeps its quorum all year', () => {
    expect(run.object('service/default/zk-cs').availability.slo).toBe(1);
  });

  it('ZooKeeper servers cannot move: 3-of-3 availability matches A³ over seeds (rates ×10)', () => {
    // The same cluster with ZooKeeper alone and ten times the failure rates, so a year holds ~40 hits.
    const file = fileURLToPath(new URL('../../scenarios/fleet-year.yaml', import.meta.url));
    const zk = loadEdited(file, (t) => t.replace('{ profile: fleet-2009 }', '{ profile: fleet-2009, scale: 10 }')
      .replace(/ {4}- manifests\/microservices-demo.yaml\n/, '').replace(/ {4}- \{ service: frontend, minReady: 1 \}\n/, '')
      .replace('manifests/zookeeper-zones.yaml', fileURLToPath(new URL('../../scenarios/manifests/zookeeper-zones.yaml', import.meta.url))));
    const seeds = [1, 2, 3, 4, 5, 6];
    const down = seeds.map((seed) => 1 - new ScenarioRun(zk, { seed }).object('statefulset/default/zk').availability.full);
    const a = replicaAvailability(zk);
    // ref: ground-truth.md §2 — k of n identical independent replicas; here k = n = 3. Each hit
    // also costs a boot and a start (about a minute against hours of repair), not in the formula.
    expectWithin(mean(down), 1 - a ** 3, Z * standardError(down), { seed: seeds.join(','), what: 'ZooKeeper 3-of-3 unavailability, fleet-2009 ×10', n: seeds.length });
  });
});
