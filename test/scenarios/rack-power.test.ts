/**
 * scenarios/rack-power.yaml: the rack that holds cp-1 (etcd leader, active controller-manager and
 * scheduler) and four workers loses power for 3 h. etcd keeps quorum after one election;
 * single-replica Deployments in the rack come back after the controller-manager failover, grace
 * and 300 s; the StatefulSet's pod in the rack waits for the power to return.
 */
import { describe, expect, it } from 'vitest';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('rack-power');
const run = new ScenarioRun(s);
const START = 3600;
const END = START + 3 * 3600;
const cp = run.result.controlPlane;
const graceS = s.nodeLifecycle.gracePeriodUs / 1e6;

describe('rack-power: us-east-a/r1 (cp-1 and 4 workers) without power for 3 h', () => {
  it('etcd keeps quorum: one election of about a second, the API unwritable only meanwhile', () => {
    // cp-1 led etcd at the start; its rack's power takes it.
    expect(run.events('EtcdLeaderLost', START, START, 'etcd/cp-1')).toHaveLength(1);
    expect(cp.etcd.noQuorumS).toBe(0);
    expect(cp.etcd.leaderChanges).toBe(1);
    expect(cp.etcd.elections).toHaveLength(1);
    // ref: kubernetes.md §4 — a new leader after one randomized election timeout (1–2 s).
    expect(cp.etcd.elections[0].durationMs).toBeGreaterThan(1000);
    expect(cp.etcd.elections[0].durationMs).toBeLessThan(3000);
    expect(cp.apiserver.unavailableS).toBeCloseTo(cp.etcd.noLeaderS, 3);
    // ref: kubernetes.md §3 — failover within the 15 s lease plus a jittered retry (≤ 4.4 s).
    expect(cp.controllerManager.noLeaderS).toBeLessThanOrEqual(15 + 4.4);
  });

  it('single-replica Deployments in the rack are back after failover + grace + 300 s + restart', () => {
    const hit = run.services().filter((k) => run.at(k, 'serving', START + 1) === 0 && run.at(k, 'serving', START - 1) > 0);
    // Which services sat in the rack depends on where the seed's scheduling put them.
    expect(hit.length, `seed ${s.seed}: no single-replica service in the rack`).toBeGreaterThan(0);
    for (const k of hit) {
      const [out] = run.intervals(k, (r) => r.serving < r.desired, START - 1);
      expect(out[0], `seed ${s.seed}: ${k}`).toBe(START);
      // The new controller-manager gives every node a fresh grace from its start (kubernetes.md §5).
      expect(out[1] - START, `seed ${s.seed}: ${k}`).toBeGreaterThanOrEqual(graceS - 10 + 300);
      expect(out[1] - START, `seed ${s.seed}: ${k}`).toBeLessThanOrEqual(cp.controllerManager.noLeaderS + graceS + 5 + 10 * 3 + 300 + 30);
    }
  });

  it('the StatefulSet pod in the rack is not replaced until power returns; the database keeps 2 of 3', () => {
    const sts = 'statefulset/default/cockroachdb';
    expect(run.at(sts, 'ready', START + 1)).toBe(2);
    // ref: ground-truth.md §3 — StatefulSet pods on an unreachable node wait for the node.
    expect(run.range(sts, 'ready', START + 1, END).max).toBe(2);
    const [down] = run.intervals(sts, (r) => r.ready < 3, START - 1);
    expect(down[1]).toBeGreaterThan(END);
    expect(down[1] - END).toBeLessThan(300);
    expect(run.range('service/default/cockroachdb-public', 'serving', 0, s.durationUs / 1e6).min).toBeGreaterThanOrEqual(2);
    expect(run.object('service/default/cockroachdb-public').availability.slo).toBe(1);
  });
});
