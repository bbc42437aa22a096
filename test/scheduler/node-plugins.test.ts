import { describe, expect, it } from 'vitest';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { NodeAffinity } from '../../src/scheduler/plugins/NodeAffinity.js';
import { NodeName } from '../../src/scheduler/plugins/NodeName.js';
import { NodeUnschedulable } from '../../src/scheduler/plugins/NodeUnschedulable.js';
import { TaintToleration } from '../../src/scheduler/plugins/TaintToleration.js';
import { cacheWith, node, nodes, pod } from './build.js';

const state = new CycleState();

describe('NodeUnschedulable', () => {
  const cases = [
    { name: 'schedulable node', unschedulable: false, tolerates: false, want: 'ok' },
    { name: 'cordoned node', unschedulable: true, tolerates: false, want: 'node(s) were unschedulable' },
    { name: 'cordoned, pod tolerates the unschedulable taint', unschedulable: true, tolerates: true, want: 'ok' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cache, handle } = cacheWith(nodes(node('n', { unschedulable: c.unschedulable })));
      const tol = c.tolerates ? [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' as const, effect: 'NoSchedule' as const }] : [];
      const pl = new NodeUnschedulable(handle);
      // The filter is skipped (PreFilter Skip) only when no node is cordoned.
      expect(pl.preFilter().code).toBe(c.unschedulable ? 0 : 3);
      const s = pl.filter(state, new PodInfo(pod('p', { tolerations: tol })), cache.nodes[0]);
      expect(s.reasons[0] ?? 'ok').toBe(c.want);
      if (!s.ok) expect(s.code).toBe(2);
    });
  }
});

describe('NodeName', () => {
  it('fits only the named node', () => {
    const { cache } = cacheWith(nodes(node('a'), node('b')));
    const p = new PodInfo(pod('p', { nodeName: 'b' }));
    expect(cache.nodes.map((n) => new NodeName().filter(state, p, n).reasons[0] ?? 'ok')).toEqual(["node(s) didn't match the requested node name", 'ok']);
  });
});

describe('TaintToleration', () => {
  it('names the first untolerated NoSchedule/NoExecute taint; PreferNoSchedule does not filter', () => {
    const { cache, handle } = cacheWith(
      nodes(
        node('prefer', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }),
        node('db', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] }),
        node('gone', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
      ),
    );
    const pl = new TaintToleration(handle);
    const p = new PodInfo(pod('p'));
    expect(pl.preFilter().code).toBe(0);
    expect(cache.nodes.map((n) => pl.filter(state, p, n).reasons[0] ?? 'ok')).toEqual([
      'ok',
      'node(s) had untolerated taint {dedicated: db}',
      'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    ]);
    const tolerant = new PodInfo(pod('t', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }));
    expect(pl.filter(state, tolerant, cache.nodes[1]).ok).toBe(true);
  });

  it('scores untolerated PreferNoSchedule taints in reverse', () => {
    // raw counts: clean 0, one 1, two 2 → max 2: 100 − 100·raw/2 → 100, 50, 0
    const { cache, handle } = cacheWith(
      nodes(
        node('clean'),
        node('one', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }] }),
        node('two', { taints: [{ key: 'a', effect: 'PreferNoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }] }),
      ),
    );
    const pl = new TaintToleration(handle);
    const p = new PodInfo(pod('p'));
    state.reset(p);
    expect(pl.preScore(state, p).code).toBe(0);
    const s = Float64Array.from(cache.nodes.map((n) => pl.score(state, p, n)));
    pl.normalizeScore(state, p, s, new Int32Array([0, 1, 2]), 3);
    expect([...s]).toEqual([100, 50, 0]);
  });

  it('skips filter and score when no node has a taint of the kind (the result is the same)', () => {
    const { handle } = cacheWith(nodes(node('clean')));
    const pl = new TaintToleration(handle);
    const p = new PodInfo(pod('p'));
    expect(pl.preFilter().code).toBe(3);
    expect(pl.preScore(state, p).code).toBe(3);
  });
});

describe('NodeAffinity', () => {
  const pl = new NodeAffinity();
  it('filters on nodeSelector and required terms; skips pods with neither', () => {
    const { cache } = cacheWith(nodes(node('ssd', { labels: { disk: 'ssd' } }), node('hdd', { labels: { disk: 'hdd' } })));
    const p = new PodInfo(pod('p', { nodeSelector: { disk: 'ssd' } }));
    expect(pl.preFilter(state, p).code).toBe(0);
    expect(cache.nodes.map((n) => pl.filter(state, p, n).reasons[0] ?? 'ok')).toEqual(['ok', "node(s) didn't match Pod's node affinity/selector"]);
    expect(pl.preFilter(state, new PodInfo(pod('free'))).code).toBe(3);
  });

  it('scores the weights of matching preferred terms, normalized to the best', () => {
    // ssd+zone-a: 30 + 10 = 40, ssd only: 30, neither: 0 → 100·raw/40: 100, 75, 0
    const { cache } = cacheWith(nodes(node('both', { labels: { disk: 'ssd', z: 'a' } }), node('ssd', { labels: { disk: 'ssd' } }), node('none')));
    const pref = (k: string, v: string, weight: number) => ({ weight, preference: { matchExpressions: [{ key: k, operator: 'In', values: [v] }] } });
    const p = new PodInfo(pod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [pref('disk', 'ssd', 30), pref('z', 'a', 10)] } } }));
    expect(pl.preScore(state, p).code).toBe(0);
    const s = Float64Array.from(cache.nodes.map((n) => pl.score(state, p, n)));
    pl.normalizeScore(state, p, s, new Int32Array([0, 1, 2]), 3);
    expect([...s]).toEqual([100, 75, 0]);
  });
});
