/**
 * Each invariant of src/check fires on a deliberately broken model, and stays silent on the
 * healthy one. Breaks are injected from the test: fake Raft members whose logs lack a commit,
 * leadership spans that overlap, and in a real World (test/fixtures/scenarios/e2e/vopr.yaml, seed
 * 1) a second binding of a bound pod, a pod whose requests overflow its node, extra pods of a
 * Deployment, an eviction past a budget, and availability rows that break serving ≤ ready and
 * convergence (serving above endpoints is legitimate: kube-proxy's rules lag or are frozen).
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import { attachChecks } from '../../src/check/index.js';
import { EtcdSafety } from '../../src/check/etcd.js';
import { allowedOverlapUs, leaseOverlaps } from '../../src/check/leases.js';
import { checkOutputs, CONVERGE_US } from '../../src/check/outputs.js';
import { runChecked } from '../../src/check/run.js';
import { WIDTH } from '../../src/metrics/availability.js';
import type { RunResult } from '../../src/world/result.js';
import { World } from '../../src/world/world.js';
import { loadE2E } from '../e2e/helpers.js';

const SEED = 1;

describe('etcd safety', () => {
  const member = (role: string, term: number, index: number, logTerm = term) => ({ role, term, log: { index, term: logTerm } });

  it('two leaders of one term fire', () => {
    const found: string[] = [];
    const members = [member('leader', 3, 10), member('leader', 3, 10), member('follower', 3, 10)];
    const etcd = new EtcdSafety(members, (w) => found.push(w));
    etcd.elected(0, 3);
    etcd.elected(1, 3);
    expect(found.some((f) => /both elected leader of term 3/.test(f)), found.join('\n')).toBe(true);
    expect(found.some((f) => /members 0, 1 lead term 3 at once/.test(f)), found.join('\n')).toBe(true);
  });

  it('a commit held by a minority fires; one held by a quorum does not', () => {
    const found: string[] = [];
    const members = [member('leader', 4, 12), member('follower', 4, 11), member('follower', 3, 9, 3)];
    const etcd = new EtcdSafety(members, (w) => found.push(w));
    etcd.committed(11, 4);
    expect(found).toEqual([]);
    etcd.committed(12, 4);
    expect(found).toEqual(['etcd: entry 12 of term 4 committed on 1 of 3 members (quorum 2)']);
  });
});

describe('lease overlap', () => {
  const cfg = { leaseDurationUs: 15e6, renewDeadlineUs: 10e6, retryPeriodUs: 2e6 };
  it('two leaders acting longer together than the lease allows fire', () => {
    const allow = allowedOverlapUs(cfg);
    expect(allow).toBe(2e6);
    const spans = [{ identity: 'a', startUs: 0, endUs: 50e6 }, { identity: 'b', startUs: 45e6, endUs: null }];
    expect(leaseOverlaps('kube-scheduler', spans, allow, 100e6)).toEqual(['kube-scheduler: a and b both acting for 5s from t=45s (allowed 2s)']);
    expect(leaseOverlaps('kube-scheduler', [spans[0], { ...spans[1], startUs: 49e6 }], allow, 100e6)).toEqual([]);
  });
});

/** A World of the vopr scenario with the checks attached, run `untilS`; then `breakIt` acts on it. */
function brokenWorld(untilS: number, breakIt: (w: World, pods: PodObj[]) => void): string[] {
  const world = new World(loadE2E('vopr'), { seed: SEED, untilUs: untilS * 1e6 });
  const checks = attachChecks(world);
  world.run(untilS * 1e6);
  const pods = [...world.ctx.store.pods.values()].filter((p) => p.node >= 0);
  breakIt(world, pods);
  return checks.violations;
}

/** The store's own notification, as a broken component committing the change would cause. */
function emit(world: World, pod: PodObj, change: 'bound' | 'created' | 'deleting'): void {
  (world.ctx.store as unknown as { emitPod(p: PodObj, c: string): void }).emitPod(pod, change);
}

describe('control-plane invariants wired into a real World', () => {
  it('a write committed while the followers have stopped following the leader fires (through the cluster observer)', () => {
    const found = brokenWorld(60, (w) => {
      const etcd = w.controlPlane!.etcd;
      const l = etcd.leader();
      // A broken Raft: the followers drop the leader, yet the leader still commits.
      etcd.members.forEach((m, i) => {
        if (i !== l) m.lead = -1;
      });
      (etcd as unknown as { writes: { append(l: number, n: number): void } }).writes.append(l, 1);
    });
    expect(found.some((f) => /etcd: entry \d+ of term \d+ committed on 1 of 3 members \(quorum 2\)/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });

  it('a second scheduler acting alongside the first fires at finish (from the lease history)', () => {
    const world = new World(loadE2E('vopr'), { seed: SEED, untilUs: 60e6 });
    const checks = attachChecks(world);
    const result = world.run(60e6);
    const lease = world.controlPlane!.scheduler;
    const now = world.ctx.sim.now;
    lease.history.push({ identity: 'intruder', host: lease.history[0].host, startUs: now - 30e6, endUs: null, observedAtUs: -1 });
    const found = checks.finish(result);
    expect(found.some((f) => /kube-scheduler: .* and intruder both acting for \d+(\.\d+)?s/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });
});

describe('object invariants in a real World', () => {
  it('the healthy model has no violation', () => {
    const r = runChecked(loadE2E('vopr'), SEED, { untilUs: 5 * 60e6 });
    expect(r.violations, `seed ${SEED}`).toEqual([]);
  });

  it('a pod bound a second time, to another node, fires', () => {
    const found = brokenWorld(60, (w, pods) => {
      const pod = pods[0];
      pod.node = (pod.node + 1) % w.ctx.store.nodes.length;
      emit(w, pod, 'bound');
    });
    expect(found.some((f) => /bound to node \d+ after node \d+/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });

  it('a node over its allocatable fires', () => {
    const found = brokenWorld(60, (w, pods) => {
      const pod = pods[0];
      pod.template = { ...pod.template, requests: { cpuMilli: 1e6, memoryBytes: 0 } };
      emit(w, pod, 'bound');
    });
    expect(found.some((f) => /over allocatable binding .*cpu \d+\/3000m/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });

  it('a Deployment whose ReplicaSets ask for more than replicas + maxSurge fires', () => {
    const found = brokenWorld(60, (w, pods) => {
      const web = pods.find((p) => p.owner?.kind === 'ReplicaSet')!;
      // A broken deployment controller scales its ReplicaSet to 3 + 1 surge + 1; the RS creates a pod.
      w.workloads.replicaSets.get(web.owner!.key)!.replicas = 5;
      const clone = { ...web, uid: 1e9, key: `${web.key}-extra` };
      w.ctx.store.pods.set(clone.uid, clone);
      emit(w, clone, 'created');
    });
    expect(found.some((f) => /deployment\/default\/web: its ReplicaSets ask for 5 pods \(4 active\) .* above replicas 3 \+ maxSurge = 4/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });

  it('an eviction through the API past a current budget fires; taint eviction does not', () => {
    const found = brokenWorld(60, (w, pods) => {
      const web = pods.filter((p) => p.owner?.kind === 'ReplicaSet' && p.ready);
      const pdb = w.workloads.pdbs.forPod(web[0])[0];
      // The budget's status is current (3 healthy, 2 wanted); a broken Eviction API lets two go at once.
      pdb.status = { ...pdb.status, currentHealthy: 3, desiredHealthy: 2, observedGeneration: pdb.generation };
      w.ctx.store.markDeleting(web[0], w.ctx.sim.now, 'TaintManagerEviction');
      pdb.status = { ...pdb.status, currentHealthy: 2 };
      w.ctx.store.markDeleting(web[1], w.ctx.sim.now, 'Evicted');
    });
    expect(found.filter((f) => /poddisruptionbudget|pdb/i.test(f)), `seed ${SEED}: ${found.join('\n')}`).toHaveLength(1);
    expect(found.some((f) => /eviction of .* left 1 healthy pods, below desiredHealthy 2/.test(f)), `seed ${SEED}: ${found.join('\n')}`).toBe(true);
  });
});

/** A finished run's result holding only the given rows (desired, ready, reported, endpoints, serving). */
function rowsResult(rows: Array<[key: string, service: boolean, t: number, values: number[]]>, durationUs: number, faultEndS: number): RunResult {
  const byKey = new Map<string, { key: string; isService: boolean; times: number[]; values: number[] }>();
  for (const [key, isService, t, values] of rows) {
    const s = byKey.get(key) ?? { key, isService, times: [], values: [] };
    byKey.set(key, s);
    s.times.push(t);
    s.values.push(...values);
  }
  expect([...byKey.values()].every((s) => s.values.length === s.times.length * WIDTH)).toBe(true);
  return {
    durationUs,
    availability: { all: () => [...byKey.values()] },
    faults: [{ kind: 'node-crash', target: 'n', startS: 10, endS: faultEndS, origin: 'scheduled' }],
  } as unknown as RunResult;
}

describe('output invariants', () => {
  it('serving above ready fires; serving above endpoints (rules kept on cut-off nodes) does not', () => {
    const r = rowsResult([['service/default/web', true, 0, [3, 3, 3, 3, 3]], ['service/default/web', true, 5e6, [3, 2, 3, 3, 3]], ['service/default/web', true, 6e6, [3, 3, 3, 0, 3]]], 60e6, 20);
    expect(checkOutputs(r)).toEqual(['service/default/web: serving 3 > ready 2 at t=5s']);
  });

  it('a workload still below desired past the bound after the last heal fires; within it, not', () => {
    const heal = 100;
    const late = heal * 1e6 + CONVERGE_US + 1e6;
    const slow = rowsResult([['deployment/default/web', false, 0, [3, 3, 3, 0, 0]], ['deployment/default/web', false, 50e6, [3, 2, 2, 0, 0]], ['deployment/default/web', false, late, [3, 3, 3, 0, 0]]], late + 60e6, heal);
    expect(checkOutputs(slow).some((f) => /below desired from t=50s .* past the convergence bound/.test(f))).toBe(true);
    const fine = rowsResult([['deployment/default/web', false, 0, [3, 3, 3, 0, 0]], ['deployment/default/web', false, 50e6, [3, 2, 2, 0, 0]], ['deployment/default/web', false, late - 2e6, [3, 3, 3, 0, 0]]], late + 60e6, heal);
    expect(checkOutputs(fine)).toEqual([]);
    const never = rowsResult([['deployment/default/web', false, 0, [3, 3, 3, 0, 0]], ['deployment/default/web', false, 50e6, [3, 2, 2, 0, 0]]], late + 60e6, heal);
    expect(checkOutputs(never).some((f) => /not converged by the end of the run/.test(f))).toBe(true);
  });
});
