/**
 * Zone outages (kubernetes.md §2, ground-truth.md §3): NoExecute taints 10 s apart in a Normal or
 * FullDisruption zone; 100 s apart in a PartialDisruption zone of more than 50 nodes; none in a
 * smaller one; none at all when every zone is cut off (master disruption mode), and no mass
 * eviction when the nodes come back.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC, type Time } from '../../../src/kernel/time.js';
import type { HostId } from '../../../src/topology/types.js';
import { addPods, at, buildWorld, crash, runTo, start, trace, type TestWorld } from '../../kubelet/harness.js';

const SEEDS = [1, 2, 3, 4, 5];

function zoneNodes(w: TestWorld, zone: string): HostId[] {
  return w.scenario.topology.nodes.filter((n) => n.labels['topology.kubernetes.io/zone'] === zone).map((n) => n.id);
}

function taintTimes(t: ReturnType<typeof trace>, hosts: readonly HostId[]): Time[] {
  return hosts.flatMap((h) => t.noExecute.get(h) ?? []).sort((a, b) => a - b);
}

function gaps(times: readonly Time[]): number[] {
  return times.slice(1).map((x, i) => (x - times[i]) / SEC);
}

function stateChanges(w: TestWorld, zone: string): Array<[number, string]> {
  return w.ctx.events.byReason('ZoneStateChanged').filter((e) => e.object === `zone/${zone}`)
    .map((e) => [e.time, /in state (\w+)/.exec(e.message)![1]]);
}

describe('zone outage in a 3-zone cluster', () => {
  it.each(SEEDS)('FullDisruption zone (10 of 10 down) and Normal zone (2 of 10 down): taints 10 s apart (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('zones-10', seed);
    const a = zoneNodes(w, 'r1-a');
    const b = zoneNodes(w, 'r1-b');
    addPods(w, 'web', [...a, ...b]);
    const t = trace(w);
    start(w);
    at(w, 100, () => [...a, b[0], b[1]].forEach((h) => crash(w, h)));
    runTo(w, 400);
    const fullA = taintTimes(t, a);
    expect(fullA.length, msg).toBe(10);
    for (const g of gaps(fullA)) {
      expect(g, msg).toBeGreaterThanOrEqual(10 - 1e-3);
      expect(g, msg).toBeLessThanOrEqual(10.2);
    }
    expect(stateChanges(w, 'r1-a').at(-1)?.[1], msg).toBe('FullDisruption');
    const normalB = taintTimes(t, b);
    expect(normalB.length, msg).toBe(2);
    expect(gaps(normalB)[0], msg).toBeGreaterThanOrEqual(10 - 1e-3);
    expect(gaps(normalB)[0], msg).toBeLessThanOrEqual(10.2);
    expect(stateChanges(w, 'r1-b'), msg).toEqual([]);
    // 300 s after each taint, its node's pod is marked for deletion.
    runTo(w, 800);
    expect(t.deleting.size, msg).toBe(12);
  });

  it.each(SEEDS)('PartialDisruption, 60-node zone (40 down): 0.01 nodes/s, taints 100 s apart (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('zones-60', seed);
    const a = zoneNodes(w, 'r1-a');
    const t = trace(w);
    start(w);
    at(w, 100, () => a.slice(0, 40).forEach((h) => crash(w, h)));
    runTo(w, 700);
    const partial = stateChanges(w, 'r1-a').find(([, s]) => s === 'PartialDisruption');
    expect(partial, msg).toBeDefined();
    const after = taintTimes(t, a).filter((x) => x >= partial![0]);
    expect(after.length, msg).toBeGreaterThanOrEqual(5);
    // The first commit can lag its decision: 40 NotReady writes queue in the controller-manager's
    // client-side rate limiter (20 qps, burst 30) ahead of it. The bucket spaces decisions 100 s apart.
    for (const g of gaps(after.slice(1))) {
      expect(g, msg).toBeGreaterThanOrEqual(100 - 1e-3);
      expect(g, msg).toBeLessThanOrEqual(100.2);
    }
  });

  it.each(SEEDS)('PartialDisruption, 10-node zone (7 down): tainting stops (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('zones-10', seed);
    const a = zoneNodes(w, 'r1-a');
    addPods(w, 'web', a);
    const t = trace(w);
    start(w);
    at(w, 100, () => a.slice(0, 7).forEach((h) => crash(w, h)));
    runTo(w, 1000);
    const partial = stateChanges(w, 'r1-a').find(([, s]) => s === 'PartialDisruption');
    expect(partial, msg).toBeDefined();
    const all = taintTimes(t, a);
    expect(all.filter((x) => x >= partial![0]), msg).toEqual([]);
    // At most the nodes tainted while the zone still looked Normal lose their pods.
    expect(all.length, msg).toBeLessThanOrEqual(2);
    expect(t.deleting.size, msg).toBe(all.length);
    // Every unreachable node is NotReady all the same (MarkPodsNotReady ignores zone state).
    expect(a.slice(0, 7).every((h) => w.ctx.store.nodes[h].ready === 'Unknown'), msg).toBe(true);
    expect(a.slice(0, 7).every((h) => [...w.ctx.store.podsOnNode[h]].every((p) => !p.ready)), msg).toBe(true);
  });
});

describe('every zone cut off from the API servers', () => {
  it.each(SEEDS)('master disruption mode: no pod evicted while cut off, no mass eviction after (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('zones-10', seed);
    const all = w.scenario.topology.nodes.map((n) => n.id);
    const pods = addPods(w, 'web', all, 2);
    const t = trace(w);
    start(w);
    at(w, 100, () => w.path.setCut(all, true));
    runTo(w, 700);
    expect(all.every((h) => w.ctx.store.nodes[h].ready === 'Unknown'), msg).toBe(true);
    expect(w.ctx.store.nodes.every((n) => !n.taints.some((x) => x.effect === 'NoExecute')), msg).toBe(true);
    expect(w.ctx.metrics.value('test/web', 2), msg).toBe(0); // reported: every pod NotReady
    expect(w.ctx.metrics.value('test/web', 1), msg).toBe(60); // truth: all still serve
    for (const z of ['r1-a', 'r1-b', 'r1-c']) expect(stateChanges(w, z).at(-1)?.[1], msg).toBe('FullDisruption');
    expect(t.deleting.size, msg).toBe(0);
    at(w, 700, () => w.path.setCut(all, false));
    runTo(w, 1500);
    expect(t.deleting.size, msg).toBe(0);
    expect(w.ctx.events.byReason('TaintManagerEviction').filter((e) => e.message.startsWith('Marking')), msg).toEqual([]);
    expect(all.every((h) => w.ctx.store.nodes[h].ready === 'True'), msg).toBe(true);
    expect(w.ctx.store.nodes.every((n) => n.taints.length === 0), msg).toBe(true);
    expect(pods.every((p) => p.ready), msg).toBe(true);
    expect(w.ctx.metrics.value('test/web', 2), msg).toBe(60);
  });
});

it('a cut-off zone returning early exits master mode quickly enough that no 300 s toleration runs out', () => {
  const w = buildWorld('zones-10', 9);
  const all = w.scenario.topology.nodes.map((n) => n.id);
  addPods(w, 'web', all);
  const t = trace(w);
  start(w);
  at(w, 100, () => w.path.setCut(all, true));
  at(w, 400, () => w.path.setCut(zoneNodes(w, 'r1-a'), false));
  runTo(w, 2000);
  // Zones b and c stay FullDisruption after master mode ends: their nodes are tainted 10 s apart again,
  // and 300 s later their pods are evicted — the reference behaviour for zones that stay dark.
  const bTaints = taintTimes(t, zoneNodes(w, 'r1-b'));
  expect(bTaints.length).toBe(10);
  expect(Math.min(...bTaints)).toBeGreaterThan(400 * SEC);
  expect(t.deleting.size).toBe(20);
  expect([...t.deleting.values()].every((d) => d > 700 * SEC - 1 * MS)).toBe(true);
});
