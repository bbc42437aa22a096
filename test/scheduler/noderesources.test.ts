import { describe, expect, it } from 'vitest';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { balancedScore, NodeResourcesBalancedAllocation } from '../../src/scheduler/plugins/NodeResourcesBalancedAllocation.js';
import { leastRequestedScore, NodeResourcesFit } from '../../src/scheduler/plugins/NodeResourcesFit.js';
import { cacheWith, GI, node, nodes, pod } from './build.js';

const state = new CycleState();

describe('NodeResourcesFit filter (fitsRequest)', () => {
  // Node: 4 cpu, 16Gi, 3 pods; already holding one pod of 3 cpu / 10Gi.
  const cases: Array<{ name: string; cpu: number; mem: number; podsCap: number; reasons: string[] }> = [
    // 1000 ≤ 4000 − 3000 = 1000 and 4Gi ≤ 16Gi − 10Gi = 6Gi, 1 + 1 pods ≤ 3: fits
    { name: 'fits exactly on cpu', cpu: 1000, mem: 4 * GI, podsCap: 3, reasons: [] },
    // 1001 > 1000
    { name: 'one millicore too many', cpu: 1001, mem: 4 * GI, podsCap: 3, reasons: ['Insufficient cpu'] },
    // 7Gi > 6Gi and 2000 > 1000
    { name: 'cpu and memory short', cpu: 2000, mem: 7 * GI, podsCap: 3, reasons: ['Insufficient cpu', 'Insufficient memory'] },
    // 1 existing + 1 > 1 allowed; resources fine
    { name: 'pod count', cpu: 100, mem: GI, podsCap: 1, reasons: ['Too many pods'] },
    // a pod that requests nothing only needs a pod slot: 1 + 1 > 1
    { name: 'zero request, no slot', cpu: 0, mem: 0, podsCap: 1, reasons: ['Too many pods'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ns = nodes(node('n1', { cpu: 4000, mem: 16 * GI, pods: c.podsCap }));
      const { cache } = cacheWith(ns, [[pod('old', { cpu: 3000, mem: 10 * GI }), 0]]);
      const s = new NodeResourcesFit().filter(state, new PodInfo(pod('new', { cpu: c.cpu, mem: c.mem })), cache.nodes[0]);
      expect([...s.reasons]).toEqual(c.reasons);
    });
  }
});

describe('LeastAllocated score', () => {
  const cases: Array<{ name: string; requested: number; capacity: number; want: number }> = [
    { name: 'empty', requested: 0, capacity: 4000, want: 100 }, // (4000−0)·100/4000
    { name: 'quarter used', requested: 1000, capacity: 4000, want: 75 }, // 3000·100/4000 = 75
    { name: 'truncates', requested: 1000, capacity: 3000, want: 66 }, // 2000·100/3000 = 66.67 → 66
    { name: 'over capacity', requested: 5000, capacity: 4000, want: 0 },
    { name: 'no capacity', requested: 0, capacity: 0, want: 0 },
  ];
  for (const c of cases) it(c.name, () => expect(leastRequestedScore(c.requested, c.capacity)).toBe(c.want));

  it('averages cpu and memory with weight 1 each, over non-zero requests', () => {
    // Node 4 cpu / 16Gi holding a pod of 1 cpu / 4Gi. Incoming pod requests nothing: non-zero defaults 100m / 200Mi.
    // cpu: (4000 − (1000 + 100))·100/4000 = 72.5 → 72
    // mem: (16Gi − (4Gi + 200Mi))·100/16Gi = (16384 − 4296)·100/16384 Mi = 73.77 → 73
    // (72 + 73) / 2 = 72.5 → 72
    const ns = nodes(node('n1', { cpu: 4000, mem: 16 * GI }));
    const { cache } = cacheWith(ns, [[pod('old', { cpu: 1000, mem: 4 * GI }), 0]]);
    expect(new NodeResourcesFit().score(state, new PodInfo(pod('new')), cache.nodes[0])).toBe(72);
  });
});

describe('NodeResourcesBalancedAllocation score', () => {
  const cases: Array<{ name: string; reqCpu: number; allocCpu: number; reqMem: number; allocMem: number; want: number }> = [
    // fractions 0.5 and 0.5: std 0 → 100
    { name: 'balanced', reqCpu: 2000, allocCpu: 4000, reqMem: 8, allocMem: 16, want: 100 },
    // 0.75 and 0.25: std = |0.75 − 0.25| / 2 = 0.25 → (1 − 0.25)·100 = 75
    { name: 'skewed', reqCpu: 3000, allocCpu: 4000, reqMem: 4, allocMem: 16, want: 75 },
    // cpu fraction capped at 1; memory 0: std 0.5 → 50
    { name: 'over-committed cpu', reqCpu: 6000, allocCpu: 4000, reqMem: 0, allocMem: 16, want: 50 },
    // 1/3 and 1: std = 1/3 → (1 − 1/3)·100 = 66.67 → truncated to 66
    { name: 'truncates', reqCpu: 1000, allocCpu: 3000, reqMem: 10, allocMem: 10, want: 66 },
    // only cpu has capacity: a single fraction has std 0 → 100
    { name: 'one resource', reqCpu: 1000, allocCpu: 4000, reqMem: 1, allocMem: 0, want: 100 },
  ];
  for (const c of cases) it(c.name, () => expect(balancedScore(c.reqCpu, c.allocCpu, c.reqMem, c.allocMem)).toBe(c.want));

  it('uses actual requests (no non-zero defaults) and skips best-effort pods from 1.33', () => {
    const ns = nodes(node('n1', { cpu: 4000, mem: 16 * GI }));
    const { cache, handle } = cacheWith(ns, [[pod('old', { cpu: 1000, mem: 8 * GI }), 0]]);
    const pl = new NodeResourcesBalancedAllocation(handle);
    // (1000 + 1000)/4000 = 0.5, (8Gi + 0)/16Gi = 0.5 → 100
    expect(pl.score(state, new PodInfo(pod('new', { cpu: 1000 })), cache.nodes[0])).toBe(100);
    expect(pl.preScore(state, new PodInfo(pod('be'))).code).toBe(3);
    expect(new NodeResourcesBalancedAllocation({ ...handle, kubernetesMinor: 32 }).preScore(state, new PodInfo(pod('be'))).code).toBe(0);
  });
});
