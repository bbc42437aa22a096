/**
 * Random failures against their distributions, over centuries of simulated time (the injector
 * alone, over a recorder): per level, the failure count, the mean up time and the mean repair
 * match the configured distributions within Z standard errors derived from the counts; levels
 * compose through the network's cause sets; a failure still under repair at the end has no end.
 * Domains start in equilibrium (down at t = 0 with their long-run odds, part-way through); `start:
 * new` starts them freshly repaired, as before; a domain's timeline depends on the seed alone.
 */
import { describe, expect, it } from 'vitest';
import { FaultInjector, type FaultRecord } from '../../src/faults/injector.js';
import { downFraction, randomDomains, randomStreamName } from '../../src/faults/random.js';
import type { FaultTimeline, RandomFaults } from '../../src/faults/types.js';
import { sample, type Dist } from '../../src/kernel/dist.js';
import { Streams } from '../../src/kernel/rng.js';
import { Sim } from '../../src/kernel/sim.js';
import { HOUR, YEAR, type Time } from '../../src/kernel/time.js';
import { EventLog } from '../../src/metrics/events.js';
import { Network } from '../../src/network/network.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { Topology } from '../../src/topology/types.js';
import { expectWithin, mean, Z } from '../helpers/stats.js';
import { FLEET_2009 } from '../helpers/fleet-2009.js';
import { domainCounts, meanOf, residualMeanOf, residualVarianceOf, varianceOf } from '../helpers/moments.js';
import { fixture, interval, loadEdited, quietActions, runInjector, union } from './helpers.js';

/** random-levels.yaml: 21 nodes in 7 racks, 4 zones, 2 regions, 3 control-plane hosts; one entry per level. */
const levels = loadEdited(fixture('random-levels.yaml'));
/** The same topology with fleet-2009 at 100× its rates (every zone fails at the same rate, whatever its size). */
const fleet = loadEdited(fixture('random-levels.yaml'), (t) => t.replace(/ {4}- random: \{ level.*\n/g, '').replace('faults:\n', 'faults:\n    - random: { profile: fleet-2009, scale: 100 }\n'));

/** Domains per level of random-levels.yaml, from its topology's numbers (21 nodes, 7 racks, 4 zones, 2 regions, 3 control-plane hosts). */
const LEVEL_COUNTS = domainCounts(fixture('random-levels.yaml'));

/** The records of one domain of one entry, in order. */
function ofDomain(records: FaultRecord[], r: RandomFaults, name: string): FaultRecord[] {
  return records.filter((x) => x.kind === r.kind && x.target === name);
}

/**
 * Checks one random entry's records over `horizonUs` against its distributions:
 * - count: each domain is a stationary alternating renewal process of cycle mean m_d + r and
 *   variance v_d + w, so its failure count in (0, T) is ≈ normal with mean T / (m_d + r) and
 *   variance T (v_d + w) / (m_d + r)³, plus its chance of being down at t = 0 (a failure
 *   recorded at 0); domains are independent, so means and variances add;
 * - up times from a repair to the next failure are draws of `mtbf`: their mean is within Z·σ/√n; the first up time
 *   (from t = 0) is a residual life, checked apart below;
 * - completed repairs, but for one under way at t = 0 (a residual), are draws of `mttr`: the same.
 */
function checkEntry(s: Scenario, r: RandomFaults, records: FaultRecord[], horizonUs: Time, seed: number): void {
  const domains = randomDomains(s.topology, r.level);
  // The domains the expectation sums over, counted from the fixture's own numbers.
  expect(domains.length, `${r.level}: domains against random-levels.yaml`).toBe(LEVEL_COUNTS[r.level]);
  const m = meanOf(r.mtbf);
  const v = varianceOf(r.mtbf);
  const rep = meanOf(r.mttr);
  const w = varianceOf(r.mttr);
  let expCount = 0;
  let varCount = 0;
  const ups: number[] = [];
  const repairs: number[] = [];
  let observed = 0;
  for (const d of domains) {
    const cycle = m + rep;
    const p = r.start === 'equilibrium' ? rep / (m + rep) : 0;
    expCount += horizonUs / cycle + p;
    varCount += (horizonUs * (v + w)) / cycle ** 3 + p * (1 - p);
    const mine = ofDomain(records, r, d.name);
    observed += mine.length;
    let upFrom: Time | null = null;
    for (const x of mine) {
      const [start, end] = interval(x);
      if (upFrom !== null) ups.push(start - upFrom);
      if (end !== Infinity && start > 0) repairs.push(end - start);
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
    expect(levels.faults.random.every((r) => r.start === 'equilibrium')).toBe(true);
    for (const r of levels.faults.random) checkEntry(levels, r, records, horizon, seed);
  });

  it('fleet-2009: node, rack and per-zone (PDU) rates over 100 years at 100× the rates', () => {
    const seed = 2;
    const horizon = 100 * YEAR;
    const { records } = runInjector(fleet.topology, fleet.faults, horizon, seed);
    expect(fleet.faults.random.map((r) => r.level)).toEqual(['node', 'rack', 'zone']);
    // The loader's expansion is the published profile at 100× its rates.
    for (const [i, r] of fleet.faults.random.entries()) {
      expect(meanOf(r.mtbf), `${r.level}: MTBF`).toBeCloseTo(meanOf(FLEET_2009[i].mtbf) / 100, 0);
      expect(meanOf(r.mttr), `${r.level}: MTTR`).toBeCloseTo(meanOf(FLEET_2009[i].mttr), 0);
    }
    for (const r of fleet.faults.random) checkEntry(fleet, r, records, horizon, seed);
    // A zone is a PDU: r-a (6 nodes + cp-1) and s-a (3 nodes) fail at the same rate, 1 per 2.4 y / 100
    // (≈ 4,170 each in 100 years). Counts of a near-Poisson process: the difference has variance ≈ their sum.
    const count = (z: string) => records.filter((x) => x.kind === 'zone-outage' && x.target === z).length;
    const [big, small] = [count('r-a'), count('s-a')];
    expectWithin(big - small, 0, Z * Math.sqrt(big + small), { seed, what: 'zone r-a (7 hosts) − zone s-a (3 hosts) outages' });
    expectWithin(small, horizon / ((2.4 * YEAR) / 100 + 6 * HOUR), Z * Math.sqrt(small), { seed, what: 'zone s-a outages in 100 y at 100× fleet-2009' });
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

/** A node-level entry of the levels fixture with other distributions and start. */
function nodeEntry(mtbf: Dist, mttr: Dist, start: RandomFaults['start'] = 'equilibrium'): RandomFaults {
  return { ...levels.faults.random[0], mtbf, mttr, start };
}

/** Runs `timeline` on the levels topology for each seed; the records of every run, concatenated. */
function overSeeds(seeds: number[], timeline: FaultTimeline, horizonUs: Time): FaultRecord[] {
  return seeds.flatMap((seed) => runInjector(levels.topology, timeline, horizonUs, seed).records);
}

const SEEDS = Array.from({ length: 200 }, (_, i) => i + 1);
const seedNames = `seeds ${SEEDS[0]}..${SEEDS[SEEDS.length - 1]}`;

describe('domains start in equilibrium', () => {
  it('a domain is down at t = 0 with probability E[R] / (E[U] + E[R]), part-way through a repair of mean E[R²]/(2E[R])', () => {
    const mtbf: Dist = { dist: 'weibull', shape: 2, scale: 3 * HOUR };
    const mttr: Dist = { dist: 'lognormal', median: HOUR, sigma: 0.5 };
    const entry = nodeEntry(mtbf, mttr);
    // E[U] = 3h·Γ(1.5) ≈ 2.66 h, E[R] = 1h·e^0.125 ≈ 1.13 h: p ≈ 0.30.
    const p = meanOf(mttr) / (meanOf(mtbf) + meanOf(mttr));
    expect(downFraction(entry)).toBeCloseTo(p, 12);
    const records = overSeeds(SEEDS, { scheduled: [], random: [entry] }, 100 * HOUR);
    const n = SEEDS.length * levels.topology.nodes.length;
    const atZero = records.filter((x) => x.startS === 0);
    expectWithin(atZero.length / n, p, Z * Math.sqrt((p * (1 - p)) / n), { seed: seedNames, what: 'fraction of nodes down at t = 0', n });
    // The repair under way at t = 0 is a residual life (a lognormal tail: every one ends within 100 h).
    expect(atZero.every((x) => x.endS !== null), seedNames).toBe(true);
    const residuals = atZero.map((x) => interval(x)[1]);
    expectWithin(mean(residuals), residualMeanOf(mttr), Z * Math.sqrt(residualVarianceOf(mttr) / residuals.length) + 1,
      { seed: seedNames, what: 'mean remaining repair of nodes down at t = 0 (µs)', n: residuals.length });
    // The power of that check: a full repair (mean E[R] ≈ 1.13 h against a residual's 0.73 h) is over 3 tolerances off here.
    expect(Math.abs(residualMeanOf(mttr) - meanOf(mttr))).toBeGreaterThan(3 * Z * Math.sqrt(residualVarianceOf(mttr) / residuals.length));
  });

  for (const shape of [0.7, 2]) {
    it(`the first failure of weibull shape ${shape} domains comes after the residual up time, mean E[X²]/(2E[X]); start: new after a full one`, () => {
      const mtbf: Dist = { dist: 'weibull', shape, scale: 100 * HOUR };
      // A 1 µs repair: a domain is down at t = 0 with probability ~3e-12.
      const mttr: Dist = { dist: 'fixed', value: 1 };
      const horizon = 40 * 100 * HOUR;
      const n = SEEDS.length * levels.topology.nodes.length;
      for (const start of ['equilibrium', 'new'] as const) {
        const firsts = SEEDS.flatMap((seed) => {
          const own = runInjector(levels.topology, { scheduled: [], random: [nodeEntry(mtbf, mttr, start)] }, horizon, seed).records;
          return levels.topology.nodes.map((node) => {
            const f = own.find((x) => x.target === node.name);
            if (!f) throw new Error(`node ${node.name} never failed in ${horizon} µs, seed ${seed}`);
            if (f.startS === 0) throw new Error(`node ${node.name} down at t = 0 with a 1 µs repair, seed ${seed}`);
            return interval(f)[0];
          });
        });
        expect(firsts).toHaveLength(n);
        const [m, v] = start === 'equilibrium' ? [residualMeanOf(mtbf), residualVarianceOf(mtbf)] : [meanOf(mtbf), varianceOf(mtbf)];
        expectWithin(mean(firsts), m, Z * Math.sqrt(v / n) + 1, { seed: seedNames, what: `mean first failure, weibull shape ${shape}, start ${start} (µs)`, n });
      }
      // The two means differ by far more than the tolerance (shape 0.7: 1.99 vs 1.27 × scale; shape 2: 0.56 vs 0.89).
      expect(Math.abs(residualMeanOf(mtbf) - meanOf(mtbf))).toBeGreaterThan(3 * Z * Math.sqrt(residualVarianceOf(mtbf) / n));
    });
  }
});

/**
 * The timeline of one entry as the injector drew it before `start` existed: each domain from t = 0,
 * a full up time, then a repair, on its own stream.
 * Intervals in µs, the end Infinity when the repair outlasts the horizon.
 */
function oldTimeline(topology: Topology, r: RandomFaults, rank: number, seed: number, horizonUs: Time): Map<string, Array<[Time, Time]>> {
  const streams = new Streams(seed);
  const out = new Map<string, Array<[Time, Time]>>();
  for (const d of randomDomains(topology, r.level)) {
    const rng = streams.stream(randomStreamName(r, rank, d));
    const mine: Array<[Time, Time]> = [];
    for (let t = 0; ;) {
      const at = t + Math.max(0, Math.round(sample(r.mtbf, rng)));
      if (at >= horizonUs) break;
      const end = at + Math.max(1, Math.round(sample(r.mttr, rng)));
      mine.push([at, end > horizonUs ? Infinity : end]);
      t = end;
    }
    out.set(d.name, mine);
  }
  return out;
}

/** The records of one entry, as intervals by domain. */
function byDomain(topology: Topology, r: RandomFaults, records: FaultRecord[]): Map<string, Array<[Time, Time]>> {
  return new Map(randomDomains(topology, r.level).map((d) => [d.name, ofDomain(records, r, d.name).map(interval)]));
}

describe('start: new and stream independence', () => {
  it('start: new reproduces the draws of the old injector exactly, at every level', () => {
    const seed = 9;
    const horizon = 20 * YEAR;
    const random = levels.faults.random.map((r) => ({ ...r, start: 'new' as const }));
    const { records } = runInjector(levels.topology, { scheduled: [], random }, horizon, seed);
    for (const r of random) {
      const expected = oldTimeline(levels.topology, r, 0, seed, horizon);
      expect([...expected.values()].flat().length, `${r.level}, seed ${seed}`).toBeGreaterThan(20);
      expect(byDomain(levels.topology, r, records), `${r.level} timeline, seed ${seed}`).toEqual(expected);
    }
  });

  it('equilibrium start draws only from the domain\'s own stream: other entries, faults and levels change nothing', () => {
    const seed = 7;
    const horizon = 20 * YEAR;
    // The same fixture without the rack and zone entries, with another rack entry and a scheduled zone outage.
    const other = loadEdited(fixture('random-levels.yaml'), (t) => t
      .replace(/ {4}- random: \{ level: (rack|zone),.*\n/g, '')
      .replace(/( {4}- random: \{ level: control-plane.*\n)/, '$1    - random: { level: rack, mtbf: 50h, mttr: 1h }\n    - { at: 1h, for: 1h, zone-outage: r-a }\n'));
    expect(other.faults.random.map((r) => r.level)).toEqual(['node', 'region', 'control-plane', 'rack']);
    expect(other.faults.scheduled).toHaveLength(1);
    const a = runInjector(levels.topology, levels.faults, horizon, seed).records;
    const b = runInjector(other.topology, other.faults, horizon, seed).records;
    for (const level of ['node', 'region', 'control-plane'] as const) {
      const r = levels.faults.random.find((x) => x.level === level)!;
      const mine = byDomain(levels.topology, r, a);
      // The check is of equilibrium starts: they draw differently from `start: new`.
      expect(mine, `${level} timeline, seed ${seed}`).not.toEqual(oldTimeline(levels.topology, r, 0, seed, horizon));
      expect(byDomain(other.topology, other.faults.random.find((x) => x.level === level)!, b), `${level} timeline, seed ${seed}`)
        .toEqual(mine);
    }
  });

  it('a domain down at t = 0 goes down at the end of the boot phase (the injector\'s origin), not before', () => {
    const seed = 5;
    const originUs = 5 * HOUR;
    const horizon = 10 * HOUR;
    // Repairs 1,000 times longer than up times: almost every node is down at t = 0.
    const entry = nodeEntry({ dist: 'exponential', mean: HOUR }, { dist: 'exponential', mean: 1000 * HOUR });
    const sim = new Sim();
    const downs: Array<[number, Time]> = [];
    const act = quietActions((h, _cause, up) => { if (!up) downs.push([h, sim.now]); });
    const inj = new FaultInjector(sim, new Streams(seed), new EventLog(), levels.topology, { scheduled: [], random: [entry] }, horizon, act);
    sim.at(originUs, 'boot ends', () => inj.start(originUs));
    sim.run(originUs + horizon);
    const atZero = inj.records.filter((x) => x.startS === 0);
    expect(atZero.length, `seed ${seed}`).toBeGreaterThan(15);
    expect(downs.filter(([, at]) => at === originUs).map(([h]) => levels.topology.hosts[h].name).sort(), `seed ${seed}`)
      .toEqual(atZero.map((x) => x.target).sort());
    expect(downs.every(([, at]) => at >= originUs), `seed ${seed}`).toBe(true);
  });
});
