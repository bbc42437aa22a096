/**
 * The batch paths added for speed must give the answers of the plain ones: `scoreAll` the
 * numbers `score` gives node by node, `scoreInto` those numbers added to the totals it is given,
 * and a term group's remembered match what its matcher says.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import { compileMapSelector } from '../../src/manifests/selector.js';
import { namespaceMatcher } from '../../src/scheduler/cache/matchers.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { TermGroup, TermKind } from '../../src/scheduler/cache/term-index.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import type { PreScorePlugin, ScorePlugin } from '../../src/scheduler/framework/interfaces.js';
import { NodeResourcesBalancedAllocation } from '../../src/scheduler/plugins/NodeResourcesBalancedAllocation.js';
import { NodeResourcesFit } from '../../src/scheduler/plugins/NodeResourcesFit.js';
import { PodTopologySpread } from '../../src/scheduler/plugins/PodTopologySpread.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../src/topology/types.js';
import { cacheWith, node, nodes, pod } from './build.js';

/** Six nodes over zones a, b, c with pods of app x placed unevenly (a1: 3, a2: 1, b1: 2, c2: 1). */
function cluster() {
  const ns = nodes(...['a', 'b', 'c'].flatMap((z) => [node(`${z}1`, { zone: z, cpu: 4000, mem: 8 * 2 ** 30 }), node(`${z}2`, { zone: z, cpu: 8000, mem: 4 * 2 ** 30 })]));
  const X = { app: 'x' };
  const placed: Array<[PodObj, number]> = [];
  const on = [0, 0, 0, 1, 2, 2, 5];
  on.forEach((n, i) => placed.push([pod(`p${i}`, { labels: X, cpu: 250 * (i + 1), mem: 2 ** 28 * (i + 1) }), n]));
  return cacheWith(ns, placed);
}

describe('scoreAll gives the numbers of score, node by node', () => {
  const incoming = pod('new', {
    labels: { app: 'x' },
    cpu: 500,
    mem: 2 ** 29,
    spread: [
      { topologyKey: LABEL_ZONE, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } },
      { topologyKey: LABEL_HOSTNAME, maxSkew: 2, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } },
    ],
  });
  // Feasible nodes out of index order and with gaps, as the rotating filter start leaves them.
  const feasible = Int32Array.from([4, 0, 5, 2, 1]);
  const count = feasible.length;
  const { handle } = cluster();
  const plugins: Array<ScorePlugin & Partial<PreScorePlugin>> = [new PodTopologySpread(handle), new NodeResourcesFit(), new NodeResourcesBalancedAllocation(handle)];

  for (const pl of plugins) {
    it(pl.name, () => {
      const state = new CycleState();
      const info = new PodInfo(incoming);
      state.reset(info);
      if (pl.preScore) expect(pl.preScore(state, info, feasible, count).code).toBe(0);
      const one = Array.from(feasible, (n) => pl.score(state, info, handle.cache.nodes[n]));
      const all = new Float64Array(count);
      pl.scoreAll!(state, info, handle.cache.nodes, feasible, count, all);
      expect(Array.from(all)).toEqual(one);
      if (pl.scoreInto) {
        // Added onto what earlier plugins left in the totals.
        const totals = Float64Array.from(feasible, (_, k) => 1000 * (k + 1));
        pl.scoreInto(state, info, handle.cache.nodes, feasible, count, totals);
        expect(Array.from(totals, (v, k) => v - 1000 * (k + 1))).toEqual(one);
      }
      // Not all equal, so a batch that scored the wrong node would show.
      expect(new Set(one).size).toBeGreaterThan(1);
    });
  }
});

describe('TermGroup.matchesPod', () => {
  it('answers for each labels object and namespace, not the last one remembered', () => {
    const { handle } = cluster();
    const g = new TermGroup(TermKind.PreferredAntiAffinity, namespaceMatcher('default', compileMapSelector({ app: 'x' })), handle.cache.topology.domains(LABEL_ZONE), 1);
    const x = { app: 'x' };
    const y = { app: 'y' };
    const asked: Array<[PodObj, boolean]> = [
      [pod('a', { labels: x }), true],
      [pod('b', { labels: x }), true],
      [pod('c', { labels: y }), false],
      [pod('d', { labels: x, ns: 'other' }), false],
      [pod('e', { labels: x }), true],
    ];
    for (const [p, want] of asked) expect(g.matchesPod(p), `${p.namespace}/${p.name}`).toBe(want);
  });
});
