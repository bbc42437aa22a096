import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/kernel/dist.js';
import { SEC, type Time } from '../../src/kernel/time.js';
import type { Readiness } from '../../src/manifests/types.js';
import { readinessPassesAt } from '../../src/kubelet/pod-run.js';
import type { Scenario } from '../../src/scenario/types.js';
import { addPods, at, buildWorld, crash, restore, runTo, start, truthLog } from './harness.js';

const probe = (initialDelayS: number, periodS: number, successThreshold = 1): Readiness => ({
  initialDelayUs: initialDelayS * SEC, periodUs: periodS * SEC, successThreshold, failureThreshold: 3,
});

describe('readinessPassesAt (probe ticks anchored at the worker, initial delay from the container start)', () => {
  const cases: Array<[string, Time, Time, Readiness | null, Time]> = [
    ['no probe: ready at start', 4 * SEC, 0, null, 4 * SEC],
    // ticks 0, 10, 20 …; first ≥ 4 + 5 = 9 → 10
    ['delay 5, period 10, worker at 0', 4 * SEC, 0, probe(5, 10), 10 * SEC],
    // ticks 2, 12 …; first ≥ 2 + 5 = 7 → 12
    ['delay 5, period 10, worker at 2, start 2', 2 * SEC, 2 * SEC, probe(5, 10), 12 * SEC],
    // first ≥ 10 + 5 = 15 is 20, then a second success one period later: 30
    ['successThreshold 2', 10 * SEC, 0, probe(5, 10, 2), 30 * SEC],
    // ticks 0, 10, …; tick 10 ≥ 10 + 0 → 10 exactly
    ['start on a tick, no delay… the manual trigger counts at the start', 10 * SEC, 0, probe(0, 10), 10 * SEC],
    // manual trigger at 3 (success 1), next tick 10 (success 2)
    ['no delay, successThreshold 2: trigger at start then the next tick', 3 * SEC, 0, probe(0, 10, 2), 10 * SEC],
    // worker sleeping until 7 when the container starts at 3: its first probe at 7, ≥ 3 + 0
    ['no delay, worker not probing yet', 3 * SEC, 7 * SEC, probe(0, 10), 7 * SEC],
    // worker at 7, ticks 7, 17 …; first ≥ 3 + 5 = 8 → 17
    ['worker after the start', 3 * SEC, 7 * SEC, probe(5, 10), 17 * SEC],
  ];
  for (const [name, startedUs, workerUs, r, want] of cases) {
    it(name, () => expect(readinessPassesAt(startedUs, workerUs, r)).toBe(want));
  }
});

/** Pull uniform on 0–10 s, start 1 s: the container starts at a uniform phase of the 10 s probe ticker. */
function uniformPull(s: Scenario): Scenario {
  return { ...s, kubelet: { ...s.kubelet, imagePull: { dist: 'uniform', min: 0, max: 10 * SEC }, containerStart: fixed(1 * SEC), bootTime: fixed(30 * SEC) } };
}

function startedAt(events: Array<{ reason: string; object: string; time: Time }>, key: string): Time[] {
  return events.filter((e) => e.reason === 'Started' && e.object === key).map((e) => e.time);
}

/** Mean of `xs` within 4 standard errors of a uniform [0, width)'s mean, and half of them below width / 2. */
function expectUniform(xs: number[], width: number, seeds: string): void {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const se = width / Math.sqrt(12) / Math.sqrt(n);
  expect(Math.abs(mean - width / 2), `mean ${mean} of ${n} (seeds ${seeds})`).toBeLessThan(4 * se);
  const below = xs.filter((x) => x < width / 2).length / n;
  expect(Math.abs(below - 0.5), `share below half ${below} (seeds ${seeds})`).toBeLessThan(4 * 0.5 / Math.sqrt(n));
}

describe('readiness probe timing in the kubelet (period 10 s, initialDelaySeconds 5)', () => {
  it('ready − container start is spread over [5 s, 15 s): the first 10 s tick from admission at or after start + 5 s', () => {
    const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
    const extra: number[] = [];
    for (const seed of seeds) {
      const w = buildWorld('small', seed, uniformPull);
      const truth = truthLog(w);
      const nodes = w.ctx.topology.nodes.map((n) => n.id);
      const pods = addPods(w, 'api', nodes);
      start(w); // every pod admitted at 0 s by a kubelet running since before the run: no start-up sleep
      runTo(w, 60);
      for (const pod of pods) {
        const [startUs] = startedAt(w.ctx.events.rows, pod.key);
        const readyUs = truth.get(pod.uid)![0][0];
        expect(readyUs % (10 * SEC), `tick anchored at admission, seed ${seed} ${pod.key}`).toBe(0);
        expect(readyUs - startUs, `seed ${seed} ${pod.key}`).toBeGreaterThanOrEqual(5 * SEC);
        expect(readyUs - startUs, `seed ${seed} ${pod.key}`).toBeLessThan(15 * SEC);
        extra.push(readyUs - startUs - 5 * SEC);
      }
    }
    // Before: always exactly 5 s (extra ≡ 0). Now uniform on [0, 10 s): mean 5 s.
    expectUniform(extra, 10 * SEC, '1–30');
    console.log(`probe timing: n = ${extra.length}, mean(ready − start) = ${(5 + extra.reduce((s, x) => s + x, 0) / extra.length / SEC).toFixed(2)} s`);
  });

  it('after a kubelet restart each worker first sleeps a random fraction of the period', () => {
    const seeds = Array.from({ length: 60 }, (_, i) => i + 1);
    const offsets: number[] = [];
    for (const seed of seeds) {
      const w = buildWorld('small', seed, uniformPull);
      const truth = truthLog(w);
      const [pod] = addPods(w, 'api', [0]);
      start(w);
      at(w, 100, () => crash(w, 0));
      at(w, 200, () => restore(w, 0));
      runTo(w, 300);
      // The kubelet starts at 230 s (boot 30 s), restarts the container (image on disk) at 231 s.
      expect(startedAt(w.ctx.events.rows, pod.key).at(-1), `seed ${seed}`).toBe(231 * SEC);
      const readyUs = truth.get(pod.uid)!.at(-1)![0];
      // Worker probes at 230 s + U × 10 s and every 10 s after: the first at or after 236 s.
      expect(readyUs, `seed ${seed}`).toBeGreaterThanOrEqual(236 * SEC);
      expect(readyUs, `seed ${seed}`).toBeLessThan(246 * SEC);
      offsets.push(readyUs - 236 * SEC);
    }
    expectUniform(offsets, 10 * SEC, '1–60');
  });
});
