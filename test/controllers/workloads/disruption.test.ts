/**
 * PodDisruptionBudget status arithmetic (disruption.go), the controller keeping it, and the
 * Eviction API's decisions (eviction.go).
 */
import { describe, expect, it } from 'vitest';
import { PDB_VIOLATION } from '../../../src/apiserver/eviction.js';
import type { EvictionResult } from '../../../src/apiserver/eviction.js';
import { disruptionsAllowed, expectedAndDesired } from '../../../src/controllers/disruption/budget.js';
import type { IntOrPercent, PdbSpec } from '../../../src/manifests/types.js';
import { MIN } from '../../../src/kernel/time.js';
import { fixture, podsOf, rig, runUntil, type Rig } from './harness.js';

describe('PDB status arithmetic', () => {
  // [budget, selected pods, controllers' scale, currentHealthy] → [expected, desiredHealthy, disruptionsAllowed]
  const rows: Array<[string, { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent }, number, number, number, [number, number, number]]> = [
    // 67 % of 3 = 2.01, rounded up: all 3 needed.
    ['minAvailable 67% of 3', { minAvailable: { percent: 67 } }, 3, 3, 3, [3, 3, 0]],
    // 3 − 1 = 2.
    ['maxUnavailable 1 of 3', { maxUnavailable: { int: 1 } }, 3, 3, 3, [3, 2, 1]],
    // An integer minAvailable counts the selected pods, not the controllers' scale.
    ['minAvailable 2, 4 pods selected', { minAvailable: { int: 2 } }, 4, 3, 4, [4, 2, 2]],
    // 50 % of 5 = 2.5 → 3 unavailable allowed, desired 2.
    ['maxUnavailable 50% of 5', { maxUnavailable: { percent: 50 } }, 5, 5, 5, [5, 2, 3]],
    // 10 % of 6 = 0.6 → 1 needed.
    ['minAvailable 10% of 6', { minAvailable: { percent: 10 } }, 6, 6, 1, [6, 1, 0]],
    // Neither field set: nothing expected, nothing allowed.
    ['no budget fields', {}, 3, 3, 3, [0, 0, 0]],
    ['budget met with slack 0', { minAvailable: { int: 3 } }, 3, 3, 2, [3, 3, 0]],
  ];
  for (const [why, spec, pods, scale, healthy, want] of rows) {
    it(why, () => {
      const { expected, desired } = expectedAndDesired(spec, pods, () => scale);
      expect([expected, desired, disruptionsAllowed(healthy, desired, expected)]).toEqual(want);
    });
  }
});

const API = 'deployment/default/api';

function settle(seed: number): Rig {
  const r = rig(fixture('endpoints'), seed);
  runUntil(r.ctx, () => podsOf(r.ctx, API).filter((p) => p.ready).length === 3 && r.w.pdbs.get('pdb/default/api')!.status.disruptionsAllowed === 1, 5 * MIN);
  return r;
}

function evict(r: Rig, podIndex: number): EvictionResult {
  let result: EvictionResult | undefined;
  r.w.eviction.evict(r.client, podsOf(r.ctx, API).filter((p) => p.deletionTimestamp < 0)[podIndex], (res) => (result = res));
  r.ctx.sim.run(r.ctx.sim.now + 2_000);
  return result!;
}

describe('disruption controller and Eviction API', () => {
  it('keeps the status of maxUnavailable 1 of 3 and refuses the second eviction with 429', () => {
    const r = settle(1);
    const pdb = r.w.pdbs.get('pdb/default/api')!;
    expect(pdb.status).toMatchObject({ observedGeneration: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1 });
    expect(evict(r, 0).code).toBe(200);
    // The approved eviction is counted at once, before the controller looks again.
    expect(pdb.status.disruptionsAllowed).toBe(0);
    expect(evict(r, 0)).toEqual({ code: 429, message: PDB_VIOLATION });
    // The replacement becomes Ready, and the budget reopens.
    runUntil(r.ctx, () => pdb.status.disruptionsAllowed === 1, r.ctx.sim.now + 5 * MIN);
    expect(pdb.status.currentHealthy).toBe(3);
    expect(evict(r, 1).code).toBe(200);
  });

  it('refuses before the controller first computed the status, deletes unprotected and unready pods, 500 on two budgets', () => {
    const r = rig(fixture('endpoints'), 2, { start: false });
    r.ctx.sim.run(1 * MIN);
    // No controller-manager acts: pods are made directly in the store to exercise the API alone.
    const pdb = r.w.pdbs.get('pdb/default/api')!;
    expect(pdb.status.observedGeneration).toBe(0);
    const pod = r.ctx.store.createPod({ namespace: 'default', name: 'lone', labels: { app: 'api' }, template: r.ctx.scenario.manifests.workloads[0].template, tolerations: [], owner: null, workloadKey: API, revision: '', ordinal: -1, node: 0 }, r.ctx.sim.now);
    r.ctx.store.setPodStatus(pod, { phase: 'Running', ready: true }, r.ctx.sim.now);
    expect(r.w.eviction.admit(pod, r.ctx.sim.now)).toEqual({ code: 429, message: PDB_VIOLATION });
    // IfHealthyBudget: an unready pod goes without using the budget when the budget is met.
    const s = r.w.pdbs.get('pdb/default/api')!;
    r.w.pdbs.setStatus(s, { ...s.status, observedGeneration: 1, currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0 });
    r.ctx.store.setPodStatus(pod, { ready: false }, r.ctx.sim.now);
    expect(r.w.eviction.admit(pod, r.ctx.sim.now).code).toBe(200);
    expect(pod.deletionTimestamp).toBeGreaterThanOrEqual(0);
    // No budget selects it: deleted.
    const free = r.ctx.store.createPod({ namespace: 'default', name: 'free', labels: { app: 'other' }, template: pod.template, tolerations: [], owner: null, workloadKey: 'x', revision: '', ordinal: -1, node: 1 }, r.ctx.sim.now);
    r.ctx.store.setPodStatus(free, { phase: 'Running', ready: true }, r.ctx.sim.now);
    expect(r.w.eviction.admit(free, r.ctx.sim.now).code).toBe(200);
    // Two budgets select it: 500.
    const spec: PdbSpec = { ...pdb.spec, key: 'pdb/default/api-2', name: 'api-2' };
    r.w.pdbs.create(spec);
    const twice = r.ctx.store.createPod({ namespace: 'default', name: 'twice', labels: { app: 'api' }, template: pod.template, tolerations: [], owner: null, workloadKey: API, revision: '', ordinal: -1, node: 2 }, r.ctx.sim.now);
    r.ctx.store.setPodStatus(twice, { phase: 'Running', ready: true }, r.ctx.sim.now);
    expect(r.w.eviction.admit(twice, r.ctx.sim.now).code).toBe(500);
  });
});
