/**
 * Two of three etcd members crash for 10 minutes in a full run (kubernetes.md §4, §5): etcd has
 * no quorum, so every write fails — kubelets' Lease renewals, the leader leases, an operator's
 * `kubectl scale` (refused after client-go's 10 retries, recorded as FaultActionFailed), and probe writes from every host — and `controlPlane.etcd.noQuorumS` covers
 * the outage. The running pods are untouched: truth, reported state and endpoints never move, no
 * pod is evicted or replaced. The controller-manager and scheduler lose their leases ≈10 s in and
 * re-acquire them after recovery; the new controller-manager's node lifecycle controller starts
 * every node with a fresh grace period and the kubelets renew within 10 s, so no node goes
 * NotReady afterwards.
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { KUBECTL_MAX_RETRIES, SERVER_TIMEOUT_RETRY_AFTER_US } from '../../src/operations/client.js';
import { loadE2E, runE2E } from './helpers.js';

const SEEDS = [1, 2, 3, 4, 5];
const FROM_S = 300;
const TO_S = 900;
const KCM = 'lease/kube-system/kube-controller-manager';
const SCHED = 'lease/kube-system/kube-scheduler';

describe('losing 2 of 3 etcd members', () => {
  it.each(SEEDS)('every write fails, noQuorumS covers the outage, running pods untouched, leases lost and re-acquired, no NotReady after (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const probes: Array<{ at: number; host: string; ok: boolean | null }> = [];
    const r = runE2E(loadE2E('etcd-quorum'), { seed }, (w) => {
      // Probe times are run times: schedule them once the boot phase has fixed the run's t = 0.
      w.ctx.events.listen((e) => {
        if (e.reason !== 'RunStarted') return;
        for (const at of [FROM_S + 1, 600, TO_S - 10, TO_S + 60]) {
          w.ctx.sim.at(w.originUs + at * SEC, 'test write probes', () => {
          for (const h of w.ctx.topology.hosts) {
            const p = { at, host: h.name, ok: null as boolean | null };
            probes.push(p);
            const channel = h.role === 'node' ? 'kubelet-apiserver' : 'client-apiserver';
            w.ctx.writePath.submit(h.id, channel, 'test probe', () => (p.ok = true), () => (p.ok = false));
          }
          });
        }
      });
    });
    const { avail, events, summary } = r;
    // Writes: none commits during the outage, all commit after it.
    for (const p of probes) expect(p.ok, `${msg}: write from ${p.host} at ${p.at} s`).toBe(p.at < TO_S ? false : true);
    // The operator's scale to 5 at 480 s failed: the Deployment still wants 3.
    expect(avail.rows('deployment/default/web').map((x) => x.desired), msg).toEqual(avail.rows('deployment/default/web').map(() => 3));
    expect(events.filter((e) => e.reason === 'ScalingReplicaSet' && e.t > FROM_S), msg).toEqual([]);
    const refused = events.filter((e) => e.reason === 'FaultActionFailed');
    expect(refused.map((e) => e.object), msg).toEqual(['deployment/default/web']);
    // kubectl (client-go) retries the 504 ServerTimeout after its Retry-After, 10 times: refused
    // after 11 request timeouts and 10 waits.
    const timeoutS = r.world.ctx.scenario.etcd.requestTimeoutUs / SEC;
    const refusedAfterS = (KUBECTL_MAX_RETRIES + 1) * timeoutS + KUBECTL_MAX_RETRIES * (SERVER_TIMEOUT_RETRY_AFTER_US / SEC);
    expect(refused[0].t - 480, `${msg}: the scale was refused ${refused[0].t - 480} s after it was sent`).toBeCloseTo(refusedAfterS, 3);
    // The figures of summary.json.
    const etcd = summary.controlPlane.etcd;
    expect(etcd.noQuorumS, msg).toBeGreaterThanOrEqual(TO_S - FROM_S);
    expect(etcd.noQuorumS, msg).toBeLessThan(TO_S - FROM_S + 3);
    expect(summary.controlPlane.apiserver.unavailableS, msg).toBeGreaterThanOrEqual(TO_S - FROM_S);
    expect(events.find((e) => e.reason === 'EtcdQuorumLost')?.t, msg).toBe(FROM_S);
    // Running pods untouched: every object keeps all its pods ready, reported and served.
    for (const obj of r.avail.objects()) {
      for (const row of r.avail.rows(obj).filter((x) => x.t >= 60)) {
        expect(row, `${msg}: ${obj} at ${row.t} s`).toMatchObject({ ready: 3, reported: 3 });
        if (row.endpoints !== null) expect(row, `${msg}: ${obj} at ${row.t} s`).toMatchObject({ endpoints: 3, serving: 3 });
      }
    }
    expect(events.filter((e) => ['TaintManagerEviction', 'Killing', 'NodeNotReady', 'FailedScheduling'].includes(e.reason)), msg).toEqual([]);
    expect(events.filter((e) => e.reason === 'SuccessfulCreate' && e.t > 60), msg).toEqual([]);
    // Leases: lost ≈ renewDeadline (10 s, + up to a retry period) in, re-acquired after recovery.
    for (const lease of [KCM, SCHED]) {
      const lost = events.filter((e) => e.reason === 'LeaderElectionLost' && e.object === lease);
      expect(lost.length, `${msg}: ${lease}`).toBe(1);
      expect(lost[0].t - FROM_S, `${msg}: ${lease} lost after ${lost[0].t - FROM_S} s`).toBeGreaterThanOrEqual(8);
      expect(lost[0].t - FROM_S, `${msg}: ${lease}`).toBeLessThanOrEqual(12.1);
      const won = events.filter((e) => e.reason === 'LeaderElection' && e.object === lease && e.t > FROM_S);
      expect(won.length, `${msg}: ${lease} re-acquired`).toBe(1);
      expect(won[0].t, `${msg}: ${lease}`).toBeGreaterThan(TO_S);
      expect(won[0].t - TO_S, `${msg}: ${lease} re-acquired ${won[0].t - TO_S} s after recovery`).toBeLessThan(60);
    }
    const kcmBack = events.find((e) => e.reason === 'LeaderElection' && e.object === KCM && e.t > FROM_S)!.t;
    const noLeader = summary.controlPlane.controllerManager.noLeaderS;
    expect(Math.abs(noLeader - (kcmBack - events.find((e) => e.reason === 'LeaderElectionLost' && e.object === KCM)!.t)), msg).toBeLessThan(1e-6);
    console.log(`seed ${seed}: noQuorumS ${etcd.noQuorumS}, etcd leader back ${(etcd.elections.at(-1)!.endS - TO_S).toFixed(3)} s after recovery, `
      + `controller-manager back ${(kcmBack - TO_S).toFixed(3)} s after (no leader ${noLeader.toFixed(1)} s)`);
  });
});
