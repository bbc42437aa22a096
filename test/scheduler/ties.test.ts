/**
 * selectHost's tie-break: reservoir sampling keyed by (pod, attempt) picks uniformly among the
 * nodes with the top score, and one pod's cycle never shifts where another lands.
 */
import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/kernel/rng.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { Framework } from '../../src/scheduler/framework/runtime.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import { normalQuantile } from '../helpers/stats.js';
import { cacheWith, node, nodes, pod } from './build.js';

/** Upper (1 − alpha) quantile of χ² with `df` degrees of freedom (Wilson–Hilferty, a slight overestimate for small df). */
function chiSquareQuantile(df: number, alpha: number): number {
  const z = normalQuantile(1 - alpha);
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

/** A framework over `k` identical nodes: with nothing placed (pods are not added to the cache), every node ties. */
function tiedFramework(k: number, seed: number): { fw: Framework; names: string[] } {
  const ns = nodes(...Array.from({ length: k }, (_, i) => node(`n${i}`, { zone: 'z' })));
  const { handle } = cacheWith(ns);
  return { fw: new Framework(handle, defaultProfile(handle).profile, 0, new Streams(seed).keyed('scheduler/ties')), names: ns.map((n) => n.name) };
}

function place(fw: Framework, name: string, attempt = 1): number {
  const p = new PodInfo(pod(name, { cpu: 100, mem: 1 << 20 }));
  p.attempts = attempt;
  const r = fw.schedule(new CycleState(), p);
  if (!r.ok) throw new Error(r.message);
  return r.node;
}

describe('ties among the best nodes', () => {
  for (const [k, seed] of [[2, 1], [3, 2], [6, 3], [10, 4]]) {
    it(`are broken uniformly among ${k} nodes (χ², seed ${seed})`, () => {
      const { fw } = tiedFramework(k, seed);
      const n = 3000 * k;
      const counts = new Array<number>(k).fill(0);
      for (let i = 0; i < n; i++) counts[place(fw, `p-${i}`)]++;
      const e = n / k;
      const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
      const limit = chiSquareQuantile(k - 1, 1e-6);
      expect(chi2, `seed ${seed}: ${k} tied nodes, counts ${counts.join(',')} (n=${n}), χ² ${chi2.toFixed(2)} > ${limit.toFixed(2)}`).toBeLessThan(limit);
    });
  }

  it('do not depend on the cycles before: a pod lands where it lands alone, however many ties others had (seeds 1…5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const alone = tiedFramework(6, seed).fw;
      const busy = tiedFramework(6, seed).fw;
      let moved = 0;
      for (let i = 0; i < 40; i++) {
        // Before pod i, the busy scheduler runs i % 4 unrelated cycles, each with 6 ties.
        for (let j = 0; j < i % 4; j++) place(busy, `other-${i}-${j}`);
        if (place(busy, `web-${i}`) !== place(alone, `web-${i}`)) moved++;
      }
      expect(moved, `seed ${seed}: pods whose node changed because other pods had ties`).toBe(0);
    }
  });

  it('are redrawn at each attempt, reproducibly (seed 8)', () => {
    const a = tiedFramework(6, 8).fw;
    const b = tiedFramework(6, 8).fw;
    const byAttempt = Array.from({ length: 60 }, (_, t) => place(a, 'web-0', t + 1));
    expect(Array.from({ length: 60 }, (_, t) => place(b, 'web-0', t + 1)), 'seed 8: same pod and attempts').toEqual(byAttempt);
    expect(new Set(byAttempt).size, `seed 8: nodes over 60 attempts ${byAttempt.join(',')}`).toBeGreaterThan(3);
    const other = tiedFramework(6, 9).fw;
    const seed9 = Array.from({ length: 60 }, (_, t) => place(other, 'web-0', t + 1));
    expect(seed9, 'seed 9 vs seed 8').not.toEqual(byAttempt);
  });
});
