import { describe, expect, it } from 'vitest';
import { SEC, type Time } from '../../src/kernel/time.js';
import { addPods, at, buildWorld, crash, restore, runTo, start } from './harness.js';

/** Node 0's lease renewal times, sampled every second, and its kubelet starts, for a run with `extraPod` or not. */
function renewals(seed: number, extraPod: boolean): { renewed: Time[]; starts: Time[] } {
  const w = buildWorld('small', seed); // default (random) pull, start, stop and boot times
  addPods(w, 'web', [0]);
  if (extraPod) addPods(w, 'api', [0]); // one more image pull and container start on node 0
  start(w);
  at(w, 100, () => crash(w, 0));
  at(w, 200, () => restore(w, 0));
  runTo(w, 400);
  const renewed: Time[] = [];
  for (let t = 0; t <= 400; t++) renewed.push(w.kubelets.lastRenewal(0, t * SEC));
  const starts = w.ctx.events.rows.filter((e) => e.reason === 'Starting' && e.object === 'node/r1-a-r1-n1').map((e) => e.time);
  return { renewed, starts };
}

describe('kubelet sub-streams', () => {
  it('one more pod on a node leaves its lease renewals (and its boot after a power loss) unchanged', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const a = renewals(seed, false);
      const b = renewals(seed, true);
      expect(a.starts.length, `seed ${seed}: the kubelet restarted once`).toBe(1);
      expect(b.starts, `seed ${seed}`).toEqual(a.starts);
      expect(b.renewed, `seed ${seed}`).toEqual(a.renewed);
    }
  });
});
