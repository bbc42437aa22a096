/**
 * EndpointSlice: endpoints follow readiness and termination — `ready` = Ready ∧ not terminating
 * (any pod with publishNotReadyAddresses), `serving` = Ready, `terminating` = being deleted —
 * and change only when the controller acts and its write commits: while no controller-manager
 * acts they stay as they were.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../../src/apiserver/objects.js';
import { deletePod } from '../../../src/apiserver/eviction.js';
import { ENDPOINTS, SERVING } from '../../../src/metrics/availability.js';
import { MIN, SEC } from '../../../src/kernel/time.js';
import type { StaticLease } from '../../../src/world/ideal.js';
import { fixture, podsOf, rig, runUntil, type Rig } from './harness.js';

const API = 'deployment/default/api';
const SVC = 'service/default/api';
const ALL = 'service/default/api-all';

function conditions(r: Rig, svc: string, pod: PodObj) {
  return r.w.endpointSlices.of(svc).get(pod.uid)?.conditions;
}

/** The kubelet reports the pod not ready (a failing readiness probe; containers still serve nothing). */
function unready(r: Rig, pod: PodObj): void {
  r.ctx.metrics.podTruth(pod, false, r.ctx.sim.now);
  r.ctx.writePath.submit(pod.node, 'kubelet-apiserver', 'status', () => r.ctx.store.setPodStatus(pod, { ready: false }, r.ctx.sim.now));
}

describe('EndpointSlice', () => {
  it('lists ready pods, follows readiness and termination', () => {
    const r = rig(fixture('endpoints'), 1);
    runUntil(r.ctx, () => r.ctx.metrics.value(SVC, ENDPOINTS) === 3, 5 * MIN);
    const [a, b] = podsOf(r.ctx, API);
    expect(conditions(r, SVC, a)).toEqual({ ready: true, serving: true, terminating: false });
    expect(r.ctx.metrics.value(SVC, SERVING)).toBe(3);

    unready(r, a);
    r.ctx.sim.run(r.ctx.sim.now + 1 * SEC);
    expect(conditions(r, SVC, a)).toEqual({ ready: false, serving: false, terminating: false });
    expect(conditions(r, ALL, a)).toEqual({ ready: true, serving: false, terminating: false });
    expect(r.ctx.metrics.value(SVC, ENDPOINTS)).toBe(2);
    expect(r.ctx.metrics.value(ALL, ENDPOINTS)).toBe(3);

    // A pod being deleted on a dead node: terminating, not ready, still serving (its Ready condition stands).
    r.dp.frozen.add(b.node);
    r.ctx.writePath.submit(r.client, 'client-apiserver', 'delete', () => deletePod(r.ctx.store, b, r.ctx.sim.now, 'TaintManagerEviction'));
    r.ctx.sim.run(r.ctx.sim.now + 100_000);
    expect(conditions(r, SVC, b)).toEqual({ ready: false, serving: true, terminating: true });
    expect(conditions(r, ALL, b)).toEqual({ ready: true, serving: true, terminating: true });
  });

  it('goes stale while no controller-manager acts, and catches up when one does', () => {
    const r = rig(fixture('endpoints'), 2);
    runUntil(r.ctx, () => r.ctx.metrics.value(SVC, ENDPOINTS) === 3, 5 * MIN);
    const lease = r.ctx.controllerManagerLease as StaticLease;
    const home = lease.leaderHost();
    lease.set(-1);
    const [a] = podsOf(r.ctx, API);
    unready(r, a);
    r.ctx.sim.run(r.ctx.sim.now + 10 * MIN);
    // Clients are still sent to `a`, which no longer serves.
    expect(conditions(r, SVC, a)!.ready).toBe(true);
    expect(r.ctx.metrics.value(SVC, ENDPOINTS)).toBe(3);
    expect(r.ctx.metrics.value(SVC, SERVING)).toBe(2);
    lease.set(home);
    r.ctx.sim.run(r.ctx.sim.now + 1 * SEC);
    expect(conditions(r, SVC, a)!.ready).toBe(false);
    expect(r.ctx.metrics.value(SVC, ENDPOINTS)).toBe(2);
  });
});
