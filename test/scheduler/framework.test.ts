import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/kernel/rng.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { fitErrorMessage } from '../../src/scheduler/framework/fit-error.js';
import { Framework, numFeasibleNodesToFind } from '../../src/scheduler/framework/runtime.js';
import { unresolvable, unschedulable } from '../../src/scheduler/framework/status.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import { zoneRoundRobin } from '../../src/scheduler/cache/cache.js';
import { cacheWith, node, nodes, pod } from './build.js';

describe('numFeasibleNodesToFind (adaptive percentageOfNodesToScore)', () => {
  const cases = [
    { n: 50, pct: 0, want: 50 }, // fewer than 100 nodes: all
    { n: 99, pct: 0, want: 99 },
    { n: 100, pct: 0, want: 100 }, // 50 − 100/125 = 50 % → 50 < 100 → 100
    { n: 1000, pct: 0, want: 420 }, // 50 − 8 = 42 % → 420
    { n: 5000, pct: 0, want: 500 }, // 50 − 40 = 10 % → 500
    { n: 6000, pct: 0, want: 300 }, // 50 − 48 = 2 % → floor 5 % → 300
    { n: 1000, pct: 20, want: 200 }, // configured 20 %
    { n: 300, pct: 10, want: 100 }, // 30 < 100 → 100
    { n: 300, pct: 100, want: 300 },
  ];
  for (const c of cases) it(`${c.n} nodes, ${c.pct} %`, () => expect(numFeasibleNodesToFind(c.pct, c.n)).toBe(c.want));
});

describe('FitError message', () => {
  it('counts reasons per node and sorts the "count reason" strings as strings', () => {
    const statuses = [
      ...Array(9).fill(unschedulable("node(s) didn't match pod anti-affinity rules")),
      ...Array(3).fill(unschedulable('Insufficient cpu')),
      ...Array(12).fill(unresolvable('node(s) were unschedulable')),
      unschedulable('Insufficient cpu', 'Insufficient memory'),
    ];
    // As strings: "1 I…" < "12 …" (space sorts before '2') < "4 …" < "9 …"; Insufficient cpu counted 3 + 1 = 4
    expect(fitErrorMessage(25, { nodes: [], statuses, rejectors: 0, preFilterMsg: '' }, 'preemption: not attempted')).toBe(
      "0/25 nodes are available: 1 Insufficient memory, 12 node(s) were unschedulable, 4 Insufficient cpu, 9 node(s) didn't match pod anti-affinity rules. preemption: not attempted.",
    );
  });
});

describe('snapshot order', () => {
  it('interleaves zones (node_tree.go)', () => {
    const ns = nodes(node('a1', { zone: 'a' }), node('a2', { zone: 'a' }), node('a3', { zone: 'a' }), node('b1', { zone: 'b' }), node('c1', { zone: 'c' }), node('c2', { zone: 'c' }));
    expect([...zoneRoundRobin(ns)].map((i) => ns[i].name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });
});

describe('Framework.schedule', () => {
  function run(seed: number, pods = 6): string[] {
    const ns = nodes(...Array.from({ length: 6 }, (_, i) => node(`n${i}`, { zone: 'z' })));
    const { cache, handle } = cacheWith(ns);
    const fw = new Framework(handle, defaultProfile(handle).profile, 0, new Streams(seed).keyed('scheduler/ties'));
    const state = new CycleState();
    const out: string[] = [];
    for (let i = 0; i < pods; i++) {
      const p = new PodInfo(pod(`p${i}`, { cpu: 100, mem: 1 << 20 }));
      const r = fw.schedule(state, p);
      if (!r.ok) throw new Error(r.message);
      cache.add(p, r.node, true);
      out.push(ns[r.node].name);
    }
    return out;
  }

  it('spreads equal pods over equal nodes (LeastAllocated) and breaks ties with the stream', () => {
    const a = run(1);
    expect(new Set(a).size).toBe(6); // each placement makes its node less attractive
    expect(run(1)).toEqual(a);
    const others = [2, 3, 4, 5].map((s) => run(s).join(','));
    expect(others.some((o) => o !== a.join(','))).toBe(true);
  });

  it('reports every node with its reason and the preemption verdict when nothing fits', () => {
    const ns = nodes(node('small', { cpu: 500 }), node('cordoned', { unschedulable: true }));
    const { handle } = cacheWith(ns);
    const fw = new Framework(handle, defaultProfile(handle).profile, 0, new Streams(1).keyed('scheduler/ties'));
    const r = fw.schedule(new CycleState(), new PodInfo(pod('big', { cpu: 1000 })));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe(
        '0/2 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling..',
      );
      expect(r.rejectors).toBe((1 << 0) | (1 << 4)); // NodeUnschedulable, NodeResourcesFit
    }
  });

  it('preempts a lower-priority pod: the FitError alone (PostFilter Success), the node nominated with its victim', () => {
    // ref: schedule_one.go — a successful PostFilter leaves PostFilterMsg empty and returns the nomination.
    const ns = nodes(node('n', { cpu: 1000 }));
    const { handle } = cacheWith(ns, [[pod('low', { cpu: 800, priority: 0 }), 0]]);
    const fw = new Framework(handle, defaultProfile(handle).profile, 0, new Streams(1).keyed('scheduler/ties'));
    const r = fw.schedule(new CycleState(), new PodInfo(pod('high', { cpu: 500, priority: 1000 })));
    expect(r.ok ? '' : r.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(r.ok ? null : { node: r.nomination?.node, victims: r.nomination?.pods.map((p) => p.pod.name) }).toEqual({ node: 0, victims: ['low'] });
  });
});
