/**
 * Random failures against their distributions, over centuries of simulated time (the injector
 * alone, over a recorder): per level, the failure count, the mean up time and the mean repair
 * match the configured distributions within Z standard errors derived from the counts; levels
 * compose through the network's cause sets; a failure still under repair at the end has no end.
 */
import { describe, expect, it } from 'vitest';
import type { FaultRecord } from '../../src/faults/injector.js';
import { randomDomains } from '../../src/faults/random.js';
import type { RandomFaults } from '../../src/faults/types.js';
import { distMean, distVariance } from '../../src/kernel/dist.js';
import { Streams } from '../../src/kernel/rng.js';
import { Sim } from '../../src/kernel/sim.js';
import { HOUR, YEAR, type Time } from '../../src/kernel/time.js';
import { Network } from '../../src/network/network.js';
import type { Scenario } from '../../src/scenario/types.js';
import { expectWithin, mean, Z } from '../helpers/stats.js';
import { fixture, interval, loadEdited, quietActions, runInjector, union } from './helpers.js';

/** random-levels.yaml: 21 nodes in 7 racks, 4 zones, 2 regions, 3 control-plane hosts; one entry per level. */
const levels = loadEdited(fixture('random-levels.yaml'));
/** The same topology with fleet-2009 at 100× its rates (zone failures scale with the zone's hosts). */
const fleet = loadEdited(fixture('random-levels.yaml'), (t) => t.replace(/ {4}- random: \{ level.*\n/g, '').replace('faults:\n', 'faults:\n    - random: { profile: fleet-2009, scale: 100 }\n'));

/**
 * Checks one random entry's records over `horizonUs` against its distributions:
 * - count: each domain is an alternating renewal process of cycle mean m_d + r and variance
 *   v_d + w, so its failure count is ≈ normal with mean T / (m_d + r) and variance
 *   T (v_d + w) / (m_d + r)³; domains are independent, so means and variances add;
 * - up times (from 0 or a repair to the next failure), multiplied back by the domain's divisor
 *   (hosts, under `mtbfPer: host`), are draws of `mtbf`: their mean is within Z·σ/√n;
 * - completed repairs are draws of `mttr`: the same.
 */
function checkEntry(s: Scenario, r: RandomFaults, records: FaultRecord[], horizonUs: Time, seed: number): void {
  const domains = randomDomains(s.topology, r.level);
  const m = distMean(r.mtbf);
  const v = distVariance(r.mtbf);
  const rep = distMean(r.mttr);
  const w = distVariance(r.mttr);
  let expCount = 0;
  let varCount = 0;
  const ups: number[] = [];
  const repairs: number[] = [];
  let observed = 0;
  const byTarget = new Map<string, FaultRecord[]>();
  for (const x of records) {
    if (x.kind !== r.kind) continue;
    const list = byTarget.get(x.target);
    if (list) list.push(x);
    else byTarget.set(x.target, [x]);
  }
  for (const d of domains) {
    const div = r.mtbfPer === 'host' ? d.hosts : 1;
    const md = m / div;
    const cycle = md + rep;
    expCount += horizonUs / cycle;
    varCount += (horizonUs * (v / (div * div) + w)) / cycle ** 3;
    const mine = byTarget.get(d.name) ?? [];
    observed += mine.length;
    let upFrom = 0;
    for (const x of mine) {
      const [start, end] = interval(x);
      ups.push((start - upFrom) * div);
      if (end !== Infinity) repairs.push(end - start);
      upFrom = end;
    }
  }
  const what = `${r.level} failures (${r.profile ? `${r.profile.name} ×${r.profile.scale}` : 'entry'})`;
  expectWithin(observed, expCount, Z * Math.sqrt(varCount), { seed, what: `${what}: count`, n: domains.length });
  expectWithin(mean(ups), m, Z * Math.sqrt(v / ups.length) + 1, { seed, what: `${what}: mean up time (µs)`, n: ups.length });
  // +1 µs: draws are rounded to the microsecond.
  expectWithin(mean(repairs), rep, Z * Math.sqrt(w / repairs.length) + 1, { seed, what: `${what}: mean repair (µs)`, n: repairs.length });
}

describe('random failures match their distributions', () => {
  it('every level and distribution (exponential, weibull, lognormal, uniform, fixed) over 50 years', () => {
    const seed = 1;
    const horizon = 50 * YEAR;
    const { records } = runInjector(levels.topology, levels.faults, horizon, seed);
    expect(records.every((r) => r.origin === 'random')).toBe(true);
    for (const r of levels.faults.random) checkEntry(levels, r, records, horizon, seed);
  });

  it('fleet-2009: node, rack and per-host zone rates over 100 years at 100× the rates', () => {
    const seed = 2;
    const horizon = 100 * YEAR;
    const { records } = runInjector(fleet.topology, fleet.faults, horizon, seed);
    expect(fleet.faults.random.map((r) => r.level)).toEqual(['node', 'rack', 'zone']);
    for (const r of fleet.faults.random) checkEntry(fleet, r, records, horizon, seed);
    // Zones fail in proportion to their hosts: r-a (6 nodes + cp-1) 7 : s-a (3 nodes) 3.
    const count = (z: string) => records.filter((x) => x.kind === 'zone-outage' && x.target === z).length;
    expect(count('r-a') + count('r-b') + count('r-c')).toBeGreaterThan(4 * count('s-a'));
  });
});

describe('levels compose through cause sets', () => {
  it('a host is down exactly while any failure covering it (its own, its rack, zone or region) runs', () => {
    const seed = 3;
    const horizon = 10 * YEAR;
    const topo = levels.topology;
    const sim = new Sim();
    const net = new Network(topo, levels.latency, new Streams(seed));
    const up = topo.hosts.map(() => true);
    const observed: Array<Array<[Time, Time]>> = topo.hosts.map(() => []);
    net.onChange(() => {
      for (const h of topo.hosts) {
        const now = net.isUp(h.id);
        if (now === up[h.id]) continue;
        up[h.id] = now;
        if (!now) observed[h.id].push([sim.now, Infinity]);
        else observed[h.id][observed[h.id].length - 1][1] = sim.now;
      }
    });
    const act = quietActions((h, cause, isUp) => (isUp ? net.hostUp(h, cause) : net.hostDown(h, cause)));
    const { records } = runInjector(topo, levels.faults, horizon, seed, act, sim);
    // Which records cover each host: the random entry's domain holds it.
    const covering: Array<Array<[Time, Time]>> = topo.hosts.map(() => []);
    for (const r of levels.faults.random) {
      for (const d of randomDomains(topo, r.level)) {
        const hosts = d.target.type === 'nodes' ? d.target.nodes : d.target.type === 'domain' ? d.target.hosts : d.target.type === 'control-plane' ? [d.target.host] : [];
        for (const x of records) if (x.kind === r.kind && x.target === d.name) for (const h of hosts) covering[h].push(interval(x));
      }
    }
    let overlaps = 0;
    for (const h of topo.hosts) {
      const expected = union(covering[h.id]);
      overlaps += covering[h.id].length - expected.length;
      expect(observed[h.id], `host ${h.name}, seed ${seed}`).toEqual(expected);
    }
    // The check means something only if failures did overlap (a node down for itself and its rack).
    expect(overlaps, `seed ${seed}`).toBeGreaterThan(50);
  });
});

describe('the end of the run', () => {
  it('a failure still under repair at the end is recorded with endS null and no FaultEnded', () => {
    const seed = 4;
    const horizon = YEAR;
    // Repairs four times longer than up times: most nodes are down when the run ends.
    const node = { ...levels.faults.random[0], mtbf: { dist: 'exponential', mean: 100 * HOUR }, mttr: { dist: 'exponential', mean: 400 * HOUR } } as const;
    const { records, events } = runInjector(levels.topology, { scheduled: [], random: [node] }, horizon, seed);
    const open = records.filter((r) => r.endS === null);
    expect(open.length, `seed ${seed}`).toBeGreaterThan(5);
    for (const r of records) {
      const [start, end] = interval(r);
      expect(start).toBeLessThan(horizon);
      if (r.endS !== null) expect(end).toBeLessThanOrEqual(horizon);
      // An open failure is the last of its domain.
      if (r.endS === null) expect(records.filter((x) => x.kind === r.kind && x.target === r.target && x.startS > r.startS)).toEqual([]);
    }
    expect(events.byReason('FaultStarted')).toHaveLength(records.length);
    expect(events.byReason('FaultEnded')).toHaveLength(records.length - open.length);
  });
});
