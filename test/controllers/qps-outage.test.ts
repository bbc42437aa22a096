/**
 * A lower controller-manager QPS measurably slows a big Service's endpoints emptying in a zone
 * outage: MarkPodsNotReady sends one UpdateStatus per pod through the node-controller client's
 * rate limiter (spec.controllerManager.kubeAPIQPS, burst kubeAPIBurst), so the time from the first
 * pod marked NotReady to the Service's last endpoint leaving is bounded by writes / QPS:
 *   lower: the other P − 1 pod writes, less the burst: (P − 1 − burst) / qps;
 *   upper: the passes that find the zone's nodes span ≤ 15 s (renewals 10 s apart + a 5 s grid),
 *          then every node-controller write — P pods + N Ready=Unknown + N NoSchedule taints + the
 *          NoExecute taints of the zone queue (a handful) — at qps, plus one EndpointSlice token.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { toSeconds } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { ScenarioRun } from '../scenarios/helpers.js';

const SVC = 'service/default/big';
const PODS = 500;
const NODES = 10;
const OUTAGE_S = 60;
const BURST = 30;

function run(qps: number, seed: number): { firstMarkedS: number; emptyS: number; run: ScenarioRun } {
  const base = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/controllers/big-service-outage.yaml', import.meta.url)));
  const s: Scenario = { ...base, seed, controllerManager: { kubeAPIQPS: qps, kubeAPIBurst: BURST } };
  const r = new ScenarioRun(s);
  expect(r.at(SVC, 'endpoints', OUTAGE_S - 1), `seed ${seed} qps ${qps}: converged before the outage`).toBe(PODS);
  const marked = r.events('NodeNotReady', OUTAGE_S, Infinity, 'pod/');
  expect(marked.length, `seed ${seed} qps ${qps}`).toBe(PODS);
  const [empty] = r.intervals(SVC, (row) => row.endpoints === 0, OUTAGE_S);
  expect(empty, `seed ${seed} qps ${qps}: endpoints reach zero`).toBeDefined();
  return { firstMarkedS: toSeconds(marked[0].time), emptyS: empty[0], run: r };
}

describe('controller-manager QPS and a zone outage of a 500-pod Service', () => {
  it.each([1, 2])('endpoints empty in about writes / QPS after the first pod is marked (seed %i)', (seed) => {
    const out: string[] = [];
    const spans = new Map<number, number>();
    for (const qps of [20, 5]) {
      const { firstMarkedS, emptyS } = run(qps, seed);
      const span = emptyS - firstMarkedS;
      spans.set(qps, span);
      const lower = (PODS - 1 - BURST) / qps;
      const upper = 15 + (PODS + 2 * NODES + 5) / qps + 1 / qps + 0.1;
      out.push(`qps ${qps}: first pod NotReady ${(firstMarkedS - OUTAGE_S).toFixed(2)} s after the outage, endpoints 0 after ${(emptyS - OUTAGE_S).toFixed(2)} s; span ${span.toFixed(2)} s ∈ [${lower.toFixed(2)}, ${upper.toFixed(2)}]`);
      expect(span, `seed ${seed} qps ${qps}`).toBeGreaterThanOrEqual(lower);
      expect(span, `seed ${seed} qps ${qps}`).toBeLessThanOrEqual(upper);
    }
    console.log(`seed ${seed}:\n  ${out.join('\n  ')}`);
    // A quarter of the QPS: at least (P − 1 − burst)/5 − upper(20) ≈ 94 − 41 = 53 s longer.
    expect(spans.get(5)! - spans.get(20)!, `seed ${seed}`).toBeGreaterThan(50);
  });
});
