/**
 * The sweep's statistics on made-up runs, against values known independently: Student's t
 * quantiles from the tables (NIST/SEMATECH e-Handbook 1.3.6.7.2; beyond 30 df, R's
 * qt(0.975, df)), and the edge cases of summary.json: one seed (no interval), no outage (no time to
 * recover), an object in one variant only (no comparison), seeds missing from one side (paired
 * over the seeds both hold).
 */
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../src/batch/aggregate.js';
import type { ObjectFigures, RunFigures } from '../../src/batch/figures.js';
import { meanCi, t975 } from '../../src/batch/stats.js';

function obj(object: string, slo: number, recoveriesS: number[] = []): ObjectFigures {
  return {
    object, desired: 3, hasSlo: true, sloMinReady: 2, availability: { slo, any: 1, full: slo }, lowestReady: 1,
    downtimeS: recoveriesS.reduce((a, b) => a + b, 0), outages: recoveriesS.length, openOutages: 0,
    timeToRecoverS: { p50: null, p95: null, max: null }, recoveriesS,
  } as ObjectFigures;
}

function run(scenario: string, seed: number, objects: ObjectFigures[]): RunFigures {
  const cp = { leaderChanges: 0, noLeaderS: 0 };
  return {
    scenario, seed, durationS: 100, objects, faults: 0, sim: { events: 0, bootS: 0 }, wallMs: 0,
    controlPlane: { etcd: { members: 3, ...cp, noQuorumS: 0, elections: [] }, apiserver: { unavailableS: 0 }, controllerManager: cp, scheduler: cp },
  } as unknown as RunFigures;
}

describe('t quantiles', () => {
  // qt(0.975, df) in R; the table's three decimals up to 30 df.
  const known: Array<[number, number, number]> = [[1, 12.706, 1e-3], [9, 2.262, 1e-3], [30, 2.042, 1e-3],
    [31, 2.039513, 1e-4], [39, 2.022691, 1e-4], [60, 2.000298, 1e-4], [120, 1.979930, 1e-4], [1000, 1.962339, 1e-4]];
  for (const [df, t, tol] of known) {
    it(`t_{0.975, ${df}} = ${t}`, () => expect(Math.abs(t975(df) - t)).toBeLessThan(tol));
  }

  it('the interval of 10 values is mean ± t_{0.975,9} s/√10', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]; // mean 5.5, s = √(82.5/9)
    const h = (2.262 * Math.sqrt(82.5 / 9)) / Math.sqrt(10);
    const { mean, ci95 } = meanCi(xs);
    expect(mean).toBe(5.5);
    expect(ci95![0]).toBeCloseTo(5.5 - h, 2);
    expect(ci95![1]).toBeCloseTo(5.5 + h, 2);
  });
});

describe('summary.json edge cases', () => {
  it('an availability interval stays within [0, 1] (3 seeds near 100 %)', () => {
    const runs = [1, 0.9, 1].map((slo, i) => run('a', i + 1, [obj('w', slo)]));
    const a = aggregate(['a'], { from: 1, to: 3 }, [runs]).scenarios[0].objects[0].availability.slo;
    // mean 0.966667 ± 4.303 · 0.057735 / √3 = ± 0.143433: [0.823234, 1.110100] before clipping.
    expect(a.ci95![0]).toBeCloseTo(0.823234, 5);
    expect(a.ci95![1]).toBe(1);
  });


  it('one seed: a mean, no interval; no outage: no time to recover', () => {
    const s = aggregate(['a'], { from: 7, to: 7 }, [[run('a', 7, [obj('deployment/default/web', 1)])]]);
    const o = s.scenarios[0].objects[0];
    expect(s.seeds).toEqual({ from: 7, to: 7, count: 1 });
    expect(o.availability.slo).toEqual({ mean: 1, ci95: null, p5: 1, p50: 1 });
    expect(o.timeToRecoverS).toEqual({ count: 0, mean: null, p50: null, p90: null, p99: null, max: null });
    expect(o.sloMetShare).toBe(1);
  });

  it('sloMetShare is the share of seeds without an outage; TTR pools every outage of every seed', () => {
    const runs = [run('a', 1, [obj('w', 0.9, [10, 30])]), run('a', 2, [obj('w', 1)]), run('a', 3, [obj('w', 0.95, [20])]), run('a', 4, [obj('w', 1)])];
    const o = aggregate(['a'], { from: 1, to: 4 }, [runs]).scenarios[0].objects[0];
    expect(o.sloMetShare).toBe(0.5);
    expect(o.timeToRecoverS.count).toBe(3);
    expect(o.timeToRecoverS.p50).toBe(20);
  });

  it('compares only objects both hold, over the seeds both hold', () => {
    const base = [1, 2, 3].map((seed) => run('base', seed, [obj('w', 0.9 + seed / 100), obj('only-base', 1)]));
    // Seed 2 is missing from the variant; seed 4 from the baseline.
    const variant = [1, 3, 4].map((seed) => run('v', seed, [obj('w', 0.95 + seed / 100), obj('only-v', 1)]));
    const s = aggregate(['base', 'v'], { from: 1, to: 4 }, [base, variant]);
    expect(s.comparisons.map((c) => c.object)).toEqual(['w']);
    const c = s.comparisons[0];
    expect(c.pairs).toBe(2);
    expect(c.availabilitySloDiff.mean).toBeCloseTo(0.05, 9);
    expect(c.availabilitySloDiff.ci95).toEqual([0.05, 0.05]); // the same difference on both seeds
  });
});
