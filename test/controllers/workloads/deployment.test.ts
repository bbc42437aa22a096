/**
 * Deployment beyond the rolling invariant: Recreate (no old and new pods at once; waits for the
 * old ones to be gone), proportional scaling during a rollout, and a controller-manager failover
 * mid-rollout (the new leader rebuilds from the store and finishes the job).
 */
import { describe, expect, it } from 'vitest';
import { isActive } from '../../../src/apiserver/objects.js';
import { deploymentComplete } from '../../../src/controllers/deployment/progress.js';
import { MIN, SEC } from '../../../src/kernel/time.js';
import { rollout, scale } from '../../../src/operations/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import type { StaticLease } from '../../../src/world/ideal.js';
import { fixture, podsOf, rig, runUntil, type Rig } from './harness.js';

const KEY = 'deployment/default/web';

function complete(r: Rig, generation: number): boolean {
  const d = r.w.deployments.get(KEY)!;
  return d.generation === generation && deploymentComplete(d, d.status);
}

describe('Deployment', () => {
  it('Recreate: old pods are all gone before any new one is created', () => {
    const base = fixture('rolling');
    const s: Scenario = { ...base, manifests: { ...base.manifests, workloads: [{ ...base.manifests.workloads[0], strategy: 'Recreate' }] } };
    const r = rig(s, 3);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    let mixed = false;
    r.ctx.store.onPod(() => {
      if (new Set(podsOf(r.ctx, KEY).map((p) => p.template.image)).size > 1) mixed = true;
    });
    rollout(r.w, KEY, 'web:2', r.client);
    expect(runUntil(r.ctx, () => complete(r, 2), r.ctx.sim.now + 30 * MIN)).toBe(true);
    expect(mixed).toBe(false);
    const msgs = r.ctx.events.byReason('ScalingReplicaSet').map((e) => e.message.replace(/web-\w+/, 'RS'));
    expect(msgs).toEqual(['Scaled up replica set RS from 0 to 10', 'Scaled down replica set RS from 10 to 0', 'Scaled up replica set RS from 0 to 10']);
  });

  it('deletes old, empty ReplicaSets beyond revisionHistoryLimit, oldest revision first', () => {
    const base = fixture('rolling');
    const s: Scenario = { ...base, manifests: { ...base.manifests, workloads: [{ ...base.manifests.workloads[0], revisionHistoryLimit: 1 }] } };
    const r = rig(s, 5);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    for (const [i, image] of ['web:2', 'web:3', 'web:4'].entries()) {
      rollout(r.w, KEY, image, r.client);
      runUntil(r.ctx, () => complete(r, i + 2) && r.w.replicaSets.ofDeployment(KEY).length <= 2, r.ctx.sim.now + 30 * MIN);
    }
    const rss = r.w.replicaSets.ofDeployment(KEY);
    expect(rss.map((rs) => [rs.annotations.revision, rs.replicas, rs.template.image])).toEqual([[3, 0, 'web:3'], [4, 10, 'web:4']]);
  });

  it('scales proportionally during a rollout and finishes on the new template', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rig(fixture('rolling'), seed);
      runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
      rollout(r.w, KEY, 'web:2', r.client);
      r.ctx.sim.run(r.ctx.sim.now + 3 * SEC + seed * 100_000);
      scale(r.w, KEY, 20, r.client);
      expect(runUntil(r.ctx, () => complete(r, 3), r.ctx.sim.now + 30 * MIN), `seed ${seed}`).toBe(true);
      const pods = podsOf(r.ctx, KEY).filter(isActive);
      expect(pods.length).toBe(20);
      expect(pods.every((p) => p.template.image === 'web:2')).toBe(true);
    }
  });

  it('survives a controller-manager failover mid-rollout without exceeding the surge', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = rig(fixture('rolling'), seed);
      runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
      let maxSpec = 0;
      r.w.replicaSets.onChange(() => {
        maxSpec = Math.max(maxSpec, r.w.replicaSets.ofDeployment(KEY).reduce((n, rs) => n + rs.replicas, 0));
      });
      rollout(r.w, KEY, 'web:2', r.client);
      r.ctx.sim.run(r.ctx.sim.now + 2 * SEC + seed * 100_000);
      const lease = r.ctx.controllerManagerLease as StaticLease;
      const home = lease.leaderHost();
      lease.set(-1);
      r.ctx.sim.run(r.ctx.sim.now + 15 * SEC);
      lease.set(home);
      expect(runUntil(r.ctx, () => complete(r, 2), r.ctx.sim.now + 30 * MIN), `seed ${seed}`).toBe(true);
      // maxSurge 25 % of 10 = 2.5 rounds up to 3 (ResolveFenceposts): the rollout surges to exactly
      // 13 and never past it, failover or not.
      expect(maxSpec, `seed ${seed}`).toBe(13);
      expect(podsOf(r.ctx, KEY).filter(isActive).every((p) => p.template.image === 'web:2')).toBe(true);
    }
  });
});
