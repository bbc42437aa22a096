/**
 * StatefulSet: OrderedReady creates zk-0, zk-1, zk-2 each after its predecessor is Running and
 * Ready; a pod stuck Terminating on a dead node is not replaced while its object exists (issue
 * 54368) and is replaced once it is removed; Parallel creates every pod at once; RollingUpdate
 * goes from the highest ordinal down, one pod at a time, and stops at the partition.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../../src/apiserver/objects.js';
import { deletePod } from '../../../src/apiserver/eviction.js';
import { MIN } from '../../../src/kernel/time.js';
import { rollout } from '../../../src/operations/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { fixture, podsOf, rig, runUntil, type Rig } from './harness.js';

const ZK = 'statefulset/default/zk';
const KAFKA = 'statefulset/default/kafka';

/** When each pod (by name) was created and first became Ready. */
function timeline(r: Rig): { created: Map<string, number[]>; ready: Map<string, number[]> } {
  const created = new Map<string, number[]>();
  const ready = new Map<string, number[]>();
  r.ctx.store.onPod((p, change) => {
    const add = (m: Map<string, number[]>) => m.set(p.name, [...(m.get(p.name) ?? []), r.ctx.sim.now]);
    if (change === 'created') add(created);
    if (change === 'status' && p.ready && p.readySince === r.ctx.sim.now) add(ready);
  });
  return { created, ready };
}

function byName(r: Rig, key: string, name: string): PodObj | undefined {
  return podsOf(r.ctx, key).find((p) => p.name === name);
}

describe('StatefulSet', () => {
  it('OrderedReady creates each ordinal after its predecessor is Running and Ready', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rig(fixture('statefulset'), seed);
      const t = timeline(r);
      runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready).length === 3, 5 * MIN);
      expect(podsOf(r.ctx, ZK).map((p) => p.name).sort()).toEqual(['zk-0', 'zk-1', 'zk-2']);
      for (const i of [1, 2]) {
        const created = t.created.get(`zk-${i}`)![0];
        const predecessorReady = t.ready.get(`zk-${i - 1}`)![0];
        expect(created, `seed ${seed}: zk-${i} created before zk-${i - 1} was ready`).toBeGreaterThan(predecessorReady);
      }
      const msgs = r.ctx.events.byReason('SuccessfulCreate').filter((e) => e.object === ZK).map((e) => e.message);
      expect(msgs).toEqual(['create Pod zk-0 in StatefulSet zk successful', 'create Pod zk-1 in StatefulSet zk successful', 'create Pod zk-2 in StatefulSet zk successful']);
      const zk1 = byName(r, ZK, 'zk-1')!;
      expect(zk1.ordinal).toBe(1);
      expect(zk1.owner).toEqual({ kind: 'StatefulSet', key: ZK });
      expect(zk1.workloadKey).toBe(ZK);
    }
  });

  it('Parallel creates every pod at once', () => {
    const r = rig(fixture('statefulset'), 3);
    const t = timeline(r);
    runUntil(r.ctx, () => podsOf(r.ctx, KAFKA).filter((p) => p.ready).length === 4, 5 * MIN);
    const created = [0, 1, 2, 3].map((i) => t.created.get(`kafka-${i}`)![0]);
    const firstReady = Math.min(...[0, 1, 2, 3].map((i) => t.ready.get(`kafka-${i}`)![0]));
    // Slow-start batches of 1, 2, 4 only, all before any pod is ready.
    expect(Math.max(...created)).toBeLessThan(firstReady);
    expect(Math.max(...created) - Math.min(...created)).toBeLessThan(10_000);
  });

  it('does not replace a pod Terminating on a dead node until its object is removed', () => {
    const r = rig(fixture('statefulset'), 5);
    runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready).length === 3, 5 * MIN);
    const old = byName(r, ZK, 'zk-1')!;
    // The node dies silently, then the pod is deleted (taint eviction): it stays Terminating.
    r.dp.frozen.add(old.node);
    r.ctx.writePath.submit(r.client, 'client-apiserver', 'evict', () => deletePod(r.ctx.store, old, r.ctx.sim.now, 'TaintManagerEviction'));
    r.ctx.sim.run(r.ctx.sim.now + 30 * MIN);
    expect(old.deletionTimestamp).toBeGreaterThanOrEqual(0);
    expect(r.ctx.store.pods.has(old.uid)).toBe(true);
    expect(podsOf(r.ctx, ZK).filter((p) => p.name === 'zk-1')).toEqual([old]);
    expect(r.ctx.events.byReason('SuccessfulCreate').filter((e) => e.message.startsWith('create Pod zk-1 ')).length).toBe(1);
    // Force deletion (or the node object's removal) lets the controller create zk-1 again.
    const removedAt = r.ctx.sim.now;
    r.dp.forceRemove(old);
    runUntil(r.ctx, () => { const p = byName(r, ZK, 'zk-1'); return p !== undefined && p.uid !== old.uid && p.ready; }, r.ctx.sim.now + 5 * MIN);
    const fresh = byName(r, ZK, 'zk-1')!;
    expect(fresh.uid).not.toBe(old.uid);
    expect(fresh.createdAt - removedAt).toBeLessThan(10_000);
  });

  it('rolls pods from the highest ordinal down, one at a time, stopping at the partition', () => {
    const base = fixture('statefulset');
    const zk = base.manifests.workloads.find((w) => w.key === ZK)!;
    const scenario: Scenario = { ...base, manifests: { ...base.manifests, workloads: [{ ...zk, partition: 1 }] } };
    const r = rig(scenario, 11);
    runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready).length === 3, 5 * MIN);
    const deleted: string[] = [];
    const deletedAt = new Map<string, number>();
    r.ctx.store.onPod((p, change) => {
      if (change !== 'deleting') return;
      deleted.push(`${p.name}@${p.template.image}`);
      deletedAt.set(p.name, r.ctx.sim.now);
    });
    rollout(r.w, ZK, 'zk:2', r.client);
    r.ctx.sim.run(r.ctx.sim.now + 10 * MIN);
    expect(deleted).toEqual(['zk-2@zk:1', 'zk-1@zk:1']);
    const images = Object.fromEntries(podsOf(r.ctx, ZK).map((p) => [p.name, p.template.image]));
    expect(images).toEqual({ 'zk-0': 'zk:1', 'zk-1': 'zk:2', 'zk-2': 'zk:2' });
    // zk-1 went only after the new zk-2 was Ready.
    expect(deletedAt.get('zk-1')!).toBeGreaterThan(byName(r, ZK, 'zk-2')!.readySince);
    const set = r.w.statefulSets.get(ZK)!;
    expect(set.status.updatedReplicas).toBe(2);
    expect(set.status.currentRevision).not.toBe(set.updateRevision);
  });
});
