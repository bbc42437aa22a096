/**
 * MarkPodsNotReady (pkg/controller/util/node/controller_utils.go): one UpdateStatus per Ready pod
 * of a node that stopped being Ready, each through the node-controller client's rate limiter
 * (spec.controllerManager.kubeAPIQPS / kubeAPIBurst), a NodeNotReady event per pod, and a node
 * whose marking failed is retried at a later pass (upstream `nodesToRetry`).
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../../src/apiserver/objects.js';
import { SEC } from '../../../src/kernel/time.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { addPods, buildWorld, crash, runTo, start, trace, type TestWorld } from '../../kubelet/harness.js';

const PODS = 60;
const CRASH_S = 100;

/** Counts the writes whose label starts with `MarkPodsNotReady`; fails the first `failFirst` of them. */
function spyWrites(w: TestWorld, failFirst = 0): { sent: string[] } {
  const sent: string[] = [];
  let toFail = failFirst;
  const inner = w.path.submit.bind(w.path);
  w.path.submit = (client, channel, label, commit, failed) => {
    if (!label.startsWith('MarkPodsNotReady')) return inner(client, channel, label, commit, failed);
    sent.push(label);
    if (toFail > 0) {
      toFail--;
      w.sim.after(0, `${label} failed`, () => failed?.('injected conflict'), 1);
      return;
    }
    inner(client, channel, label, commit, failed);
  };
  return { sent };
}

/** A node with PODS pods that crashes at CRASH_S; returns its pods and the trace. */
function crashOneNode(seed: number, rate?: { qps: number; burst: number }, failFirst = 0) {
  const tweak = rate ? (s: Scenario): Scenario => ({ ...s, controllerManager: { kubeAPIQPS: rate.qps, kubeAPIBurst: rate.burst } }) : undefined;
  const w = buildWorld('small', seed, tweak);
  const host = w.scenario.topology.nodes[0].id;
  const pods = addPods(w, 'web', [host], PODS);
  const t = trace(w);
  const spy = spyWrites(w, failFirst);
  start(w);
  w.sim.at(CRASH_S * SEC, 'test crash', () => crash(w, host), 5);
  runTo(w, CRASH_S + 120);
  return { w, pods, t, spy, nodeName: w.scenario.topology.nodes[0].name };
}

function spread(pods: PodObj[], t: ReturnType<typeof trace>): { first: number; last: number } {
  const times = pods.map((p) => t.reportedFalse.get(p.uid)!);
  return { first: Math.min(...times), last: Math.max(...times) };
}

describe('MarkPodsNotReady', () => {
  it('sends one rate-limited UpdateStatus per Ready pod, with a NodeNotReady event each', () => {
    const seed = 3;
    const { w, pods, t, spy, nodeName } = crashOneNode(seed);
    const msg = `seed ${seed}`;
    expect(spy.sent.length, msg).toBe(PODS);
    expect(new Set(spy.sent).size, msg).toBe(PODS);
    expect(pods.every((p) => !p.ready && t.reportedFalse.has(p.uid)), msg).toBe(true);
    const events = w.ctx.events.byReason('NodeNotReady');
    expect(events.filter((e) => e.object === `node/${nodeName}`).length, msg).toBe(1);
    expect(events.filter((e) => e.object.startsWith('pod/')).length, msg).toBe(PODS);
    // Burst 30 tokens: the Ready=Unknown write takes one, 29 pods go at once, the other 31 at 20/s.
    const { first, last } = spread(pods, t);
    console.log(`${PODS} pods at 20 qps / burst 30: NotReady from ${(first / SEC).toFixed(3)} s to ${(last / SEC).toFixed(3)} s (${((last - first) / SEC).toFixed(3)} s)`);
    expect((last - first) / SEC, msg).toBeGreaterThanOrEqual(31 / 20 - 0.01);
    expect((last - first) / SEC, msg).toBeLessThanOrEqual(31 / 20 + 0.01);
  });

  it('takes writes / QPS: a quarter of the QPS makes the tail four times longer', () => {
    const seed = 4;
    const fast = crashOneNode(seed, { qps: 20, burst: 1 });
    const slow = crashOneNode(seed, { qps: 5, burst: 1 });
    const f = spread(fast.pods, fast.t);
    const s = spread(slow.pods, slow.t);
    // Burst 1: after the Ready=Unknown write, every pod waits its own token: (PODS − 1)/qps after the first pod.
    expect((f.last - f.first) / SEC, `seed ${seed}`).toBeCloseTo((PODS - 1) / 20, 2);
    expect((s.last - s.first) / SEC, `seed ${seed}`).toBeCloseTo((PODS - 1) / 5, 2);
  });

  it('retries the node at a later pass when a write fails, and writes each pod only while it is still Ready', () => {
    const seed = 5;
    const { w, pods, t, spy } = crashOneNode(seed, undefined, 10);
    const msg = `seed ${seed}`;
    // 10 failed, then the retry pass re-marks exactly those 10 (the other 50 are already False).
    expect(spy.sent.length, msg).toBe(PODS + 10);
    expect(pods.every((p) => !p.ready), msg).toBe(true);
    const { first, last } = spread(pods, t);
    // The retry comes at the next monitor pass (5 s later), not at once.
    expect(last - first, msg).toBeGreaterThanOrEqual(4 * SEC);
    expect(last - first, msg).toBeLessThanOrEqual(5 * SEC + 100_000);
    // Upstream records the event after the request, failed or not: 60 successes + 10 failures.
    expect(w.ctx.events.byReason('NodeNotReady').filter((e) => e.object.startsWith('pod/')).length, msg).toBe(PODS + 10);
  });
});
