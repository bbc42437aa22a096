import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/kernel/dist.js';
import { MS, SEC } from '../../src/kernel/time.js';
import type { Scenario } from '../../src/scenario/types.js';
import { addPods, at, buildWorld, runTo, start, type TestWorld } from './harness.js';

function fixedTimings(s: Scenario): Scenario {
  return { ...s, kubelet: { ...s.kubelet, imagePull: fixed(3 * SEC), containerStart: fixed(1 * SEC), podStop: fixed(1 * SEC), bootTime: fixed(30 * SEC) } };
}

/** Cuts node `host`'s path to the API servers over [fromS, toS) seconds. */
function blip(w: TestWorld, host: number, fromS: number, toS: number): void {
  at(w, fromS, () => w.path.setCut([host], true));
  at(w, toS, () => w.path.setCut([host], false));
}

function notReadyEvents(w: TestWorld): number {
  return w.ctx.events.rows.filter((e) => e.reason === 'NodeNotReady').length;
}

describe('a short API blip under a running kubelet (heartbeat client timeout 10 s)', () => {
  for (const seed of [1, 2, 3]) {
    it(`a 3 s blip over a renewal delays it to the return and costs none (seed ${seed})`, () => {
      const w = buildWorld('small', seed);
      start(w);
      const g = w.kubelets.lastRenewal(0, 100 * SEC) + 10 * SEC; // node 0's first renewal after 100 s
      blip(w, 0, (g - 1 * SEC) / SEC, (g + 2 * SEC) / SEC);
      runTo(w, (g + 120 * SEC) / SEC);
      expect(w.kubelets.lastRenewal(0, g + 2 * SEC - 1), `seed ${seed}`).toBe(g - 10 * SEC);
      // Sent at g, it waited 2 s (less than the blip) and committed when the path came back.
      expect(w.kubelets.lastRenewal(0, g + 2 * SEC), `seed ${seed}`).toBe(g + 2 * SEC);
      expect(w.kubelets.lastRenewal(0, g + 12 * SEC), `seed ${seed}`).toBe(g + 12 * SEC);
      expect(w.kubelets.renewalFailures(0), `seed ${seed}`).toBe(0);
      expect(notReadyEvents(w), `seed ${seed}`).toBe(0);
      expect(w.ctx.store.nodes[0].ready, `seed ${seed}`).toBe('True');
    });

    it(`a 15 s blip (longer than the timeout) fails the renewal; its retry commits at the return (seed ${seed})`, () => {
      const w = buildWorld('small', seed);
      start(w);
      const g = w.kubelets.lastRenewal(0, 100 * SEC) + 10 * SEC;
      blip(w, 0, (g - 1 * SEC) / SEC, (g + 14 * SEC) / SEC);
      runTo(w, (g + 120 * SEC) / SEC);
      expect(w.kubelets.renewalFailures(0), `seed ${seed}: the Update sent at g timed out at g + 10 s`).toBe(1);
      expect(w.kubelets.lastRenewal(0, g + 14 * SEC - 1), `seed ${seed}`).toBe(g - 10 * SEC);
      expect(w.kubelets.lastRenewal(0, g + 14 * SEC), `seed ${seed}`).toBe(g + 14 * SEC);
      expect(notReadyEvents(w), `seed ${seed}`).toBe(0);
    });
  }

  it('a pod status written during a 3 s blip commits when the path returns, not at the next status sync', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const [pod] = addPods(w, 'api', [1]); // admitted at 0 s, started at 4 s, Ready at the 10 s probe tick
    start(w);
    blip(w, 1, 9, 12);
    runTo(w, 40);
    // The Ready write sent at 10 s waited 2 s for the path and commits 1 ms after it returned.
    expect(pod.ready).toBe(true);
    expect(pod.readySince).toBe(12 * SEC + 1 * MS);
  });
});
