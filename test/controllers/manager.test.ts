/**
 * ControllerManager.write: every write ends in `commit` or `failed`, except that a process that has
 * stopped hears nothing more (its controllers were stopped; a new process rebuilt their state), and
 * the controller clients' rate limiters follow spec.controllerManager.kubeAPIQPS/kubeAPIBurst.
 */
import { describe, expect, it } from 'vitest';
import { NOT_ACTING } from '../../src/controllers/manager.js';
import { SEC } from '../../src/kernel/time.js';
import { buildWorld, start, type TestWorld } from '../kubelet/harness.js';

/** A world whose controller-manager acts on the first control-plane host from t = 0. */
function world(tweak?: Parameters<typeof buildWorld>[2]): TestWorld {
  const w = buildWorld('small', 1, tweak);
  start(w);
  w.sim.run(1);
  return w;
}

describe('ControllerManager.write', () => {
  it('fails a write issued while no process acts, with the reason, one event later', () => {
    const w = world();
    w.kcmLease.set(-1);
    expect(w.kcm.isActing).toBe(false);
    const outcome: string[] = [];
    w.kcm.write('orphan', () => outcome.push('committed'), (reason) => outcome.push(`failed: ${reason}`), 'test-controller');
    expect(outcome).toEqual([]); // never re-enters the caller
    w.sim.run(w.sim.now + SEC);
    expect(outcome).toEqual([`failed: ${NOT_ACTING}`]);
    expect(NOT_ACTING).toBe('controller-manager not acting');
  });

  it('never calls back a stopped process: a write queued behind the limiter when the leader changes is neither sent nor failed', () => {
    const w = world();
    const home = w.kcm.host;
    const other = w.scenario.topology.controlPlane[1].id;
    const outcome: string[] = [];
    // Burst 30: the 31st write waits for a token (50 ms at 20 qps).
    for (let i = 0; i < 31; i++) w.kcm.write(`w${i}`, () => outcome.push(`c${i}`), (r) => outcome.push(`f${i} ${r}`), 'test-controller');
    expect(w.kcm.limiter('test-controller').backlog).toBe(1);
    w.kcmLease.set(other);
    expect(w.kcm.host).not.toBe(home);
    w.sim.run(w.sim.now + 10 * SEC);
    // The 30 sent writes commit (the store change is real even though their process died); the queued one vanished.
    expect(outcome).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`));
  });

  it('drops the failure of a write whose process stopped before the write path gave up', () => {
    const w = world();
    const home = w.kcm.host;
    const outcome: string[] = [];
    w.network.hostDown(home, 'test');
    w.kcm.write('doomed', () => outcome.push('committed'), (r) => outcome.push(`failed: ${r}`), 'test-controller');
    w.kcmLease.set(-1); // the process on the dead host stops before its write's failure is delivered
    w.sim.run(w.sim.now + 10 * SEC);
    expect(outcome).toEqual([]);
    // The same write from a live process fails to its caller.
    w.network.hostUp(home, 'test');
    w.kcmLease.set(home);
    w.network.hostDown(home, 'test');
    w.kcm.write('doomed again', () => outcome.push('committed'), (r) => outcome.push(`failed: ${r}`), 'test-controller');
    w.sim.run(w.sim.now + 10 * SEC);
    expect(outcome).toEqual(['failed: client host is down']);
  });

  it('rate-limits each controller client at spec.controllerManager.kubeAPIQPS after kubeAPIBurst', () => {
    for (const [qps, burst] of [[20, 30], [5, 10], [100, 1]] as const) {
      const w = world((s) => ({ ...s, controllerManager: { kubeAPIQPS: qps, kubeAPIBurst: burst } }));
      const t0 = w.sim.now;
      const commits: number[] = [];
      const n = burst + 50;
      for (let i = 0; i < n; i++) w.kcm.write(`w${i}`, () => commits.push(w.sim.now - t0), undefined, 'test-controller');
      w.sim.run(w.sim.now + 60 * SEC);
      expect(commits.length, `qps ${qps} burst ${burst}`).toBe(n);
      // The burst goes at once (1 ms commit); the rest at 1/qps apart: the last 50/qps s later.
      expect(commits[burst - 1], `qps ${qps} burst ${burst}`).toBeLessThan(0.01 * SEC);
      const lastS = commits[n - 1] / SEC;
      expect(lastS, `qps ${qps} burst ${burst}`).toBeGreaterThanOrEqual(50 / qps);
      expect(lastS, `qps ${qps} burst ${burst}`).toBeLessThan(50 / qps + 0.01);
    }
  });
});
