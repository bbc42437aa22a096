import { describe, expect, it } from 'vitest';
import type { NodeObj } from '../../../src/apiserver/objects.js';
import { MonitorGrid } from '../../../src/controllers/nodelifecycle/grid.js';
import { ZoneTainter } from '../../../src/controllers/nodelifecycle/tainter.js';
import { reconcileNoSchedule, swapTaints, UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE } from '../../../src/controllers/nodelifecycle/taints.js';
import { allFullyDisrupted, computeZoneState, zoneKey, zoneRate } from '../../../src/controllers/nodelifecycle/zones.js';
import { Rng } from '../../../src/kernel/rng.js';
import { MS, SEC } from '../../../src/kernel/time.js';
import { defaultsFor } from '../../../src/scenario/defaults.js';

const cfg = defaultsFor(33).nodeLifecycle;

describe('ComputeZoneState (threshold 0.55)', () => {
  it.each([
    // ready, notReady, state — arithmetic beside each case
    [0, 1, 'FullDisruption'], // no Ready node, one not Ready
    [0, 0, 'Normal'], // empty zone
    [1, 2, 'Normal'], // notReady must exceed 2
    [2, 3, 'PartialDisruption'], // 3 > 2 and 3/5 = 0.6 ≥ 0.55
    [3, 3, 'Normal'], // 3/6 = 0.5 < 0.55
    [9, 11, 'PartialDisruption'], // 11/20 = 0.55 ≥ 0.55
    [10, 10, 'Normal'], // 0.5
    [1, 99, 'PartialDisruption'], // one Ready node keeps it out of FullDisruption
  ] as const)('ready %i, notReady %i → %s', (ready, notReady, state) => {
    expect(computeZoneState(ready, notReady, 0.55)).toBe(state);
  });

  it('rates: Normal and FullDisruption 0.1/s; PartialDisruption 0.01/s above 50 nodes, else 0', () => {
    expect(zoneRate('Normal', 10, cfg)).toBe(0.1);
    expect(zoneRate('FullDisruption', 10, cfg)).toBe(0.1);
    expect(zoneRate('PartialDisruption', 51, cfg)).toBe(0.01);
    expect(zoneRate('PartialDisruption', 50, cfg)).toBe(0);
    expect(allFullyDisrupted(['FullDisruption', 'FullDisruption'])).toBe(true);
    expect(allFullyDisrupted(['FullDisruption', 'Normal'])).toBe(false);
    expect(allFullyDisrupted([])).toBe(false);
  });

  it('keys zones by region and zone labels', () => {
    expect(zoneKey({ 'topology.kubernetes.io/region': 'r', 'topology.kubernetes.io/zone': 'z' })).toBe('r:\x00:z');
  });
});

describe('zone tainting queue (token bucket, burst 1)', () => {
  const rng = new Rng('t');

  it('starts full, then gives one token per 1/qps', () => {
    const q = new ZoneTainter(0.1, 0);
    for (const h of [1, 2, 3]) q.add(h);
    expect(q.add(1)).toBe(false); // unique
    expect(q.take(0, rng)).toBeDefined();
    expect(q.take(5 * SEC, rng)).toBeUndefined();
    expect(q.nextTokenAt(5 * SEC)).toBe(10 * SEC);
    expect(q.take(10 * SEC, rng)).toBeDefined();
    expect(q.nextTokenAt(10 * SEC)).toBe(20 * SEC);
  });

  it('SwapLimiter: full if the old bucket had a token, drained if not; 0 never accepts', () => {
    const a = new ZoneTainter(0.1, 0);
    a.swapLimiter(0.01, 0);
    expect(a.nextTokenAt(0)).toBe(0);
    const b = new ZoneTainter(0.1, 0);
    b.add(1);
    b.take(0, rng);
    b.swapLimiter(0.01, 1 * SEC);
    expect(b.nextTokenAt(1 * SEC)).toBe(101 * SEC);
    b.swapLimiter(0, 2 * SEC);
    expect(b.nextTokenAt(2 * SEC)).toBe(Number.POSITIVE_INFINITY);
    b.swapLimiter(0.1, 500 * SEC); // from "never": drained
    expect(b.nextTokenAt(500 * SEC)).toBe(510 * SEC);
  });

  it('processed nodes stay in the set until removed', () => {
    const q = new ZoneTainter(0.1, 0);
    q.add(7);
    expect(q.take(0, rng)).toBe(7);
    expect(q.add(7)).toBe(false);
    expect(q.remove(7)).toBe(true);
    expect(q.add(7)).toBe(true);
  });
});

describe('monitor pass grid', () => {
  it('passes 5.001 s apart, so a 50 s grace expires 10 passes (50.01 s) after the probe pass', () => {
    const g = new MonitorGrid(2 * SEC, 5 * SEC);
    expect(g.timeOf(3)).toBe(2 * SEC + 3 * (5 * SEC + 1 * MS));
    const probe = g.timeOf(4);
    expect(g.timeOf(g.indexAfter(probe + 50 * SEC)) - probe).toBe(50 * SEC + 10 * MS);
    expect(g.indexAtOrAfter(g.timeOf(4))).toBe(4);
    expect(g.indexAtOrAfter(g.timeOf(4) + 1)).toBe(5);
  });
});

describe('managed taints', () => {
  const node = (ready: NodeObj['ready'], unschedulable: boolean, taints: NodeObj['taints']): NodeObj =>
    ({ host: 0, name: 'n', spec: undefined as never, labels: {}, unschedulable, taints, ready, readyTransition: 0 });

  it('NoSchedule taints follow the Ready condition and cordon', () => {
    expect(reconcileNoSchedule(node('True', false, []))).toBeNull();
    expect(reconcileNoSchedule(node('Unknown', false, []))).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }]);
    expect(reconcileNoSchedule(node('True', true, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }, { key: 'own', effect: 'NoSchedule' }])))
      .toEqual([{ key: 'own', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  });

  it('swaps NoExecute taints, or says nothing changes', () => {
    expect(swapTaints([NOT_READY_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE])).toEqual([UNREACHABLE_NO_EXECUTE]);
    expect(swapTaints([UNREACHABLE_NO_EXECUTE], [UNREACHABLE_NO_EXECUTE], [NOT_READY_NO_EXECUTE])).toBeNull();
  });
});
