/**
 * scenarios/etcd-leader-crash-loop.yaml: whichever member leads etcd crashes every 5 min, 12
 * times, for 2 min each. Every crash costs exactly one election of about a second; writes are
 * unavailable during the elections and never otherwise; workloads do not notice.
 */
import { describe, expect, it } from 'vitest';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('etcd-leader-crash-loop');
const run = new ScenarioRun(s);
const cp = run.result.controlPlane;
const crashes = Array.from({ length: 12 }, (_, i) => 1800 + 300 * i);

describe('etcd-leader-crash-loop: the etcd leader crashes every 5 min, 12 times', () => {
  it('each crash hits the leader of the moment and costs one election', () => {
    expect(run.summary.faults.map((f) => f.startS)).toEqual(crashes);
    for (const t of crashes) expect(run.events('EtcdLeaderLost', t, t), `crash at ${t}s`).toHaveLength(1);
    expect(cp.etcd.leaderChanges).toBe(crashes.length);
    expect(cp.etcd.elections.map((e) => e.startS)).toEqual(crashes);
    // ref: kubernetes.md §4 — randomized election timeout 1.0–1.9 s plus a round of votes. Lower
    // bound: a survivor heard the dead leader's last heartbeat at most one heartbeat interval
    // (100 ms) before the crash and cannot campaign before its randomized timeout (≥ 1000 ms) has
    // run from then, so no election ends before 900 ms; the pre-vote, the vote and the first
    // heartbeat each add a cross-zone trip on top, hence strictly more.
    for (const e of cp.etcd.elections) {
      expect(e.durationMs, `seed ${s.seed}: election at ${e.startS}s`).toBeGreaterThan(1000 - 100);
      expect(e.durationMs, `seed ${s.seed}: election at ${e.startS}s`).toBeLessThan(3000);
    }
  });

  it('writes are unavailable only during elections; quorum is never lost', () => {
    expect(cp.etcd.noQuorumS).toBe(0);
    const electionS = cp.etcd.elections.reduce((sum, e) => sum + e.durationMs / 1000, 0);
    expect(cp.etcd.noLeaderS).toBeCloseTo(electionS, 3);
    expect(cp.apiserver.unavailableS).toBeCloseTo(electionS, 3);
    expect(cp.apiserver.unavailableS).toBeLessThan(12 * 3);
  });

  it('no workload or service loses a replica', () => {
    for (const o of run.summary.objects) expect(o.availability.full, o.object).toBe(1);
  });
});
