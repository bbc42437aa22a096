/**
 * ReplicaSet: a Terminating pod is replaced at once (it is no longer active); scale-down removes
 * pods in `ActivePodsWithRanks` order; creations go in slow-start batches 1, 2, 4, … and stop at
 * the first batch with a failure.
 */
import { describe, expect, it } from 'vitest';
import { isActive, type PodObj } from '../../../src/apiserver/objects.js';
import { deletePod } from '../../../src/apiserver/eviction.js';
import { slowStartBatch } from '../../../src/controllers/replicaset/podcontrol.js';
import { deleteBefore, podsToDelete, POD_DELETION_COST } from '../../../src/controllers/replicaset/ranks.js';
import { MIN, SEC } from '../../../src/kernel/time.js';
import { scale } from '../../../src/operations/index.js';
import { fixture, podsOf, rig, runUntil } from './harness.js';

const CACHE = 'replicaset/default/cache';

let uid = 0;
/** A pod for ranking tests: bound to node 0, Running, Ready since 100 s, created at 50 s. */
function pod(over: Partial<PodObj> & { cost?: number } = {}): PodObj {
  const { cost, ...rest } = over;
  const annotations: Record<string, string> = cost === undefined ? {} : { [POD_DELETION_COST]: String(cost) };
  return {
    uid: ++uid, namespace: 'default', name: `p${uid}`, key: `pod/default/p${uid}`, labels: {}, template: { annotations } as PodObj['template'], tolerations: [],
    owner: null, workloadKey: '', revision: '', ordinal: -1, createdAt: 50 * SEC, node: 0, nominatedNode: -1, phase: 'Running', ready: true,
    readySince: 100 * SEC, restarts: 0, deletionTimestamp: -1, deletionReason: '', services: [], ...rest,
  };
}

describe('ReplicaSet scale-down order (ActivePodsWithRanks)', () => {
  const now = 10_000 * SEC;
  // Each row: [a, b] where a must be deleted before b, and why.
  const rows: Array<[string, PodObj, PodObj]> = [
    ['unassigned < assigned', pod({ node: -1, phase: 'Pending', ready: false }), pod()],
    ['Pending < Running', pod({ phase: 'Pending', ready: false }), pod()],
    ['not ready < ready', pod({ ready: false, readySince: -1 }), pod()],
    ['lower deletion cost first', pod({ cost: -5 }), pod({ cost: 10 })],
    ['ready more recently (other log2 bucket)', pod({ readySince: now - 10 * SEC }), pod({ readySince: now - 1000 * SEC })],
    ['more restarts first', pod({ restarts: 3 }), pod({ restarts: 1 })],
    ['newer first (other log2 bucket)', pod({ createdAt: now - 10 * SEC }), pod({ createdAt: now - 1000 * SEC })],
  ];
  for (const [why, a, b] of rows) {
    it(why, () => {
      expect(deleteBefore(a, 0, b, 0, now)).toBe(true);
      expect(deleteBefore(b, 0, a, 0, now)).toBe(false);
    });
  }

  it('more co-located related pods first (rank 5), before readiness time', () => {
    const crowded = pod({ node: 3, readySince: now - 1000 * SEC });
    const alone = pod({ node: 4, readySince: now - 10 * SEC });
    const related = [crowded, alone, pod({ node: 3 }), pod({ node: 3 })];
    expect(podsToDelete([crowded, alone], related, 1, now)).toEqual([crowded]);
  });

  it('ready times in the same log2 bucket fall through to a pseudo-random UID order, not to restarts', () => {
    // 600 s and 700 s ago: floor(log2(ns)) is 39 for both.
    const a = pod({ readySince: now - 600 * SEC, restarts: 0 });
    const b = pod({ readySince: now - 700 * SEC, restarts: 5 });
    const bCalm = { ...b, restarts: 0 };
    expect(deleteBefore(a, 0, b, 0, now)).toBe(deleteBefore(a, 0, bCalm, 0, now));
    expect(deleteBefore(a, 0, b, 0, now)).toBe(!deleteBefore(b, 0, a, 0, now));
  });

  it('the cluster deletes not-ready pods before ready ones when scaled down', () => {
    const r = rig(fixture('replicaset'), 2);
    runUntil(r.ctx, () => podsOf(r.ctx, CACHE).filter((p) => p.ready).length === 6, 5 * MIN);
    // Two nodes' kubelets die before new pods start there: scale up to 9, three land, some stay Pending.
    const nodes = [...new Set(podsOf(r.ctx, CACHE).map((p) => p.node))];
    const frozen = r.ctx.store.nodes.map((n) => n.host).filter((h) => !nodes.includes(h)).slice(0, 12);
    for (const h of frozen) r.dp.frozen.add(h);
    scale(r.w, CACHE, 9, r.client);
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    const pending = podsOf(r.ctx, CACHE).filter((p) => !p.ready);
    expect(pending.length).toBe(3);
    scale(r.w, CACHE, 6, r.client);
    r.ctx.sim.run(r.ctx.sim.now + 10 * SEC);
    const deleted = podsOf(r.ctx, CACHE).filter((p) => p.deletionTimestamp >= 0);
    expect(deleted.map((p) => p.uid).sort()).toEqual(pending.map((p) => p.uid).sort());
    expect(r.ctx.events.byReason('SuccessfulDelete').map((e) => e.message).sort()).toEqual(pending.map((p) => `Deleted pod: ${p.name}`).sort());
  });
});

describe('ReplicaSet replacement', () => {
  it('replaces a pod stuck Terminating on a dead node at once', () => {
    const r = rig(fixture('replicaset'), 4);
    runUntil(r.ctx, () => podsOf(r.ctx, CACHE).filter((p) => p.ready).length === 6, 5 * MIN);
    const victim = podsOf(r.ctx, CACHE)[2];
    r.dp.frozen.add(victim.node);
    const t0 = r.ctx.sim.now;
    r.ctx.writePath.submit(r.client, 'client-apiserver', 'taint eviction', () => deletePod(r.ctx.store, victim, r.ctx.sim.now, 'TaintManagerEviction'));
    r.ctx.sim.run(t0 + 1 * MIN);
    const pods = podsOf(r.ctx, CACHE);
    expect(pods.length).toBe(7);
    expect(pods.filter(isActive).length).toBe(6);
    expect(r.ctx.store.pods.has(victim.uid)).toBe(true);
    const replacement = pods.find((p) => p.createdAt > t0)!;
    // Deletion commits at t0 + 1 ms; the controller reacts 1 ms later; its create commits 1 ms after.
    expect(replacement.createdAt - t0).toBeLessThanOrEqual(5_000);
    expect(replacement.name).toMatch(/^cache-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('slow start', () => {
  it('runs batches of 1, 2, 4, … and stops after the first batch with a failure', () => {
    const batches: number[] = [];
    let inBatch = 0;
    const pending: Array<(ok: boolean) => void> = [];
    let calls = 0;
    let result: [number, number] | undefined;
    slowStartBatch(20, (settled) => {
      calls++;
      inBatch++;
      pending.push(settled);
    }, (ok, skipped) => (result = [ok, skipped]));
    // Settle batch by batch; the 6th call fails (in the batch of 4).
    let n = 0;
    while (pending.length > 0) {
      batches.push(inBatch);
      inBatch = 0;
      const batch = pending.splice(0);
      for (const settle of batch) settle(++n !== 6);
    }
    expect(batches).toEqual([1, 2, 4]);
    expect(calls).toBe(7);
    expect(result).toEqual([6, 13]);
  });

  it('creates a scale-up of 20 pods in batches 1, 2, 4, 8, 5', () => {
    const r = rig(fixture('replicaset'), 6);
    runUntil(r.ctx, () => podsOf(r.ctx, CACHE).filter((p) => p.ready).length === 6, 5 * MIN);
    const t0 = r.ctx.sim.now;
    scale(r.w, CACHE, 26, r.client);
    r.ctx.sim.run(t0 + 1 * SEC);
    const byTime = new Map<number, number>();
    for (const e of r.ctx.events.byReason('SuccessfulCreate')) if (e.time > t0) byTime.set(e.time, (byTime.get(e.time) ?? 0) + 1);
    expect([...byTime.values()]).toEqual([1, 2, 4, 8, 5]);
  });
});
