/**
 * StatefulSet pods on a dead node are not replaced while it is down; Deployment pods are
 * (kubernetes.md §7, ground-truth.md §3, kubernetes/kubernetes issue 54368). A full run with a
 * node-crash fault on the nodes holding db-1 and one web pod for 20 minutes: the web pod is
 * deleted by taint eviction and replaced at once elsewhere; db-1 is deleted too but stays
 * Terminating (its kubelet cannot confirm) and the StatefulSet creates no second db-1 until the
 * node is back and the old one is gone.
 */
import { describe, expect, it } from 'vitest';
import { placementAt, runE2E, scenarioWith } from './helpers.js';

const SEEDS = [1, 2, 3, 4, 5];
const CRASH_S = 120;
const DOWN_S = 20 * 60;
const WEB = 'deployment/default/web';
const DB = 'statefulset/default/db';

describe('StatefulSet vs Deployment pods on a crashed node', () => {
  it.each(SEEDS)('the Deployment pod is replaced while the node is down, db-1 only after it returns (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const where = placementAt(scenarioWith('sts', {}), seed, 60);
    const dbNode = where.get(DB)!.find((p) => p.pod === 'db-1')!.node;
    const webNode = where.get(WEB)!.find((p) => p.node !== dbNode)?.node;
    const victims = [dbNode, ...(webNode && !where.get(WEB)!.some((p) => p.node === dbNode) ? [webNode] : [])];
    const scenario = scenarioWith('sts', { faults: victims.map((n) => ({ at: `${CRASH_S}s`, 'node-crash': n, for: `${DOWN_S}s` })) });
    const ordinals = new Map<number, number>();
    let twoAtOnce = '';
    const { avail, events } = runE2E(scenario, { seed }, (w) => {
      w.ctx.store.onPod((p, change) => {
        if (p.owner?.key !== DB) return;
        const live = ordinals.get(p.ordinal) ?? 0;
        if (change === 'created') {
          if (live > 0) twoAtOnce = `${p.name} created at ${w.ctx.sim.now} µs while another is live`;
          ordinals.set(p.ordinal, live + 1);
        } else if (change === 'removed') ordinals.set(p.ordinal, live - 1);
      });
    });
    const webLost = where.get(WEB)!.filter((p) => victims.includes(p.node)).length;
    expect(webLost, msg).toBeGreaterThanOrEqual(1);
    const backS = CRASH_S + DOWN_S;

    // Both lose their pods at the crash.
    expect(avail.at(DB, CRASH_S).ready, msg).toBe(2);
    expect(avail.at(WEB, CRASH_S).ready, msg).toBe(3 - webLost);
    // Taint eviction deletes both ≈ grace + 5 s + 300 s after the crash (+ 10 s for a second node of one zone: 0.1 nodes/s).
    const evicted = events.filter((e) => e.reason === 'TaintManagerEviction' && e.message.startsWith('Marking'));
    expect(evicted.map((e) => e.object), msg).toContain('pod/default/db-1');
    const deletedS = Math.max(...evicted.map((e) => e.t));
    expect(deletedS - CRASH_S, msg).toBeLessThan(50 + 5 + 0.2 + 300 + 10 * (victims.length - 1));
    // The Deployment is whole again within seconds of the deletion, while the node is still down.
    const webBack = avail.first(WEB, CRASH_S, (r) => r.ready === 3)!;
    expect(webBack.t - deletedS, msg).toBeLessThan(30);
    expect(webBack.t, msg).toBeLessThan(backS);
    // The StatefulSet is not: no db pod is created and db stays at 2 ready until the node returns.
    expect(events.filter((e) => e.reason === 'SuccessfulCreate' && e.object === DB && e.t > CRASH_S && e.t < backS), msg).toEqual([]);
    for (const r of avail.between(DB, CRASH_S, backS)) expect(r.ready, `${msg}: db at ${r.t} s`).toBe(2);
    // Once the node is back, its kubelet confirms the old db-1's deletion and db-1 is created anew.
    const recreated = events.find((e) => e.reason === 'SuccessfulCreate' && e.object === DB && e.t > backS)!;
    expect(recreated?.message, msg).toBe('create Pod db-1 in StatefulSet db successful');
    const dbBack = avail.first(DB, backS, (r) => r.ready === 3)!;
    expect(dbBack.t - backS, `${msg}: db-1 back ${dbBack.t - backS} s after the node`).toBeLessThan(5 * 60);
    expect(twoAtOnce, msg).toBe('');
    console.log(`seed ${seed}: crashed ${victims.join(', ')}; web whole ${(webBack.t - CRASH_S).toFixed(1)} s after the crash, `
      + `db whole ${(dbBack.t - backS).toFixed(1)} s after the node returned (${(dbBack.t - CRASH_S).toFixed(1)} s after the crash)`);
  });
});
