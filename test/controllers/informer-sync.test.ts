/**
 * A new kube-controller-manager process starts its controllers only once its informers have
 * listed the cluster (client-go reflector ListAndWatch; WaitForCacheSync polling every 100 ms):
 * the wait grows with the objects listed, INFORMER_LIST_PER_OBJECT_US each, rounded up to the poll.
 */
import { describe, expect, it } from 'vitest';
import { INFORMER_LIST_PER_OBJECT_US, INFORMER_SYNC_POLL_US, type Controller } from '../../src/controllers/manager.js';
import { SEC, type Time } from '../../src/kernel/time.js';
import { addPods, at, buildWorld, crash, runTo, start } from '../kubelet/harness.js';

/** Time from the lease change to the new process's controllers starting, with `extraPods` more pods in the store. */
function takeover(extraPods: number, seed: number): Time {
  const w = buildWorld('small', seed);
  const starts: Time[] = [];
  const probe: Controller = { start: () => starts.push(w.sim.now), stop: () => {} };
  w.kcm.add(probe);
  start(w);
  // The pods sit on a dead node: listed by the informers, never started by a kubelet.
  crash(w, 5);
  addPods(w, 'web', [5], extraPods);
  const cp2 = w.scenario.topology.controlPlane[1].id;
  at(w, 100, () => w.kcmLease.set(cp2));
  runTo(w, 105);
  const after = starts.filter((t) => t >= 100 * SEC);
  expect(after.length, `seed ${seed}, ${extraPods} pods: one start after the takeover`).toBe(1);
  return after[0] - 100 * SEC;
}

describe('informer sync after a controller-manager takeover', () => {
  it.each([1, 2])('waits one poll for a small cluster and 20 µs more per object listed (seed %i)', (seed) => {
    const small = takeover(0, seed);
    const big = takeover(20_000, seed);
    expect(small, `seed ${seed}`).toBe(INFORMER_SYNC_POLL_US);
    expect(big % INFORMER_SYNC_POLL_US, `seed ${seed}`).toBe(0);
    expect(big, `seed ${seed}`).toBeGreaterThanOrEqual(20_000 * INFORMER_LIST_PER_OBJECT_US);
    expect(big - small, `seed ${seed}`).toBe(Math.ceil((20_000 * INFORMER_LIST_PER_OBJECT_US) / INFORMER_SYNC_POLL_US) * INFORMER_SYNC_POLL_US);
  });
});
