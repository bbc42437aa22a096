/**
 * Nodes that come back, kubelets that stop, and a controller-manager failover.
 */
import { describe, expect, it } from 'vitest';
import { fixed } from '../../../src/kernel/dist.js';
import { MS, SEC } from '../../../src/kernel/time.js';
import { INFORMER_SYNC_POLL_US } from '../../../src/controllers/manager.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { addPods, at, buildWorld, crash, restore, runTo, start, trace, truthLog, type TestWorld } from '../../kubelet/harness.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Fixed kubelet timings: pull 3 s, container start 1 s, stop 1 s, boot 30 s. */
function fixedTimings(s: Scenario): Scenario {
  return { ...s, kubelet: { ...s.kubelet, imagePull: fixed(3 * SEC), containerStart: fixed(1 * SEC), podStop: fixed(1 * SEC), bootTime: fixed(30 * SEC) } };
}

function eventTimes(w: TestWorld, reason: string, object: string): number[] {
  return w.ctx.events.rows.filter((e) => e.reason === reason && e.object === object).map((e) => e.time);
}

describe('a node that returns', () => {
  it.each(SEEDS)('loses its taints; pods still bound restart, pods deleted meanwhile are confirmed (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('small', seed, fixedTimings);
    const node = w.ctx.store.nodes[0];
    const web = addPods(w, 'web', [0], 2); // 300 s tolerations: deleted while the node is down
    const [agent] = addPods(w, 'agent', [0]); // tolerates unreachable forever: still bound when it returns
    const truth = truthLog(w);
    const t = trace(w);
    start(w);
    at(w, 100, () => crash(w, 0));
    at(w, 600, () => restore(w, 0));
    runTo(w, 629);
    expect(web.every((p) => p.deletionTimestamp > 0 && w.ctx.store.pods.get(p.uid) === p), msg).toBe(true);
    expect(node.taints.map((x) => `${x.key}:${x.effect}`).sort(), msg).toEqual(['node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule']);
    runTo(w, 700);
    // Boot 30 s: the kubelet starts at 630 s, posts Ready (630.001 s), confirms the deleted pods.
    expect(eventTimes(w, 'NodeReady', `node/${node.name}`), msg).toEqual([630 * SEC + 1 * MS]);
    expect(node.ready, msg).toBe('True');
    for (const p of web) expect(t.removed.get(p.uid), msg).toBe(630 * SEC + 1 * MS);
    expect(truth.get(agent.uid), msg).toEqual([[7 * SEC, true], [100 * SEC, false], [631 * SEC, true]]); // its pull queued behind web's; after the reboot: on disk, start 1 s
    expect(agent, msg).toMatchObject({ ready: true, restarts: 1, phase: 'Running' });
    // NoSchedule goes on the node update; NoExecute at the next monitor pass (≤ 5.001 s later).
    expect(node.taints, msg).toEqual([]);
    const [removed] = t.noExecuteRemoved.get(0)!;
    expect(removed - (630 * SEC + 1 * MS), msg).toBeGreaterThan(0);
    expect(removed - (630 * SEC + 1 * MS), msg).toBeLessThanOrEqual(5 * SEC + 10 * MS);
  });
});

describe('kubelet-stop', () => {
  it.each(SEEDS)('truth unchanged, reported drops after the grace, pods deleted after 300 s while their containers run (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('small', seed, fixedTimings);
    const pods = addPods(w, 'web', [2], 2);
    const truth = truthLog(w);
    const t = trace(w);
    let last = 0;
    start(w);
    at(w, 100, () => {
      w.kubelets.stopKubelet(2);
      last = w.kubelets.lastRenewal(2, w.sim.now);
    });
    at(w, 900, () => w.kubelets.startKubelet(2));
    runTo(w, 899);
    const reported = t.reportedFalse.get(pods[0].uid)!;
    expect(reported - last, msg).toBeGreaterThanOrEqual(50 * SEC);
    expect(reported - last, msg).toBeLessThanOrEqual(55 * SEC + 20 * MS);
    const [tainted] = t.noExecute.get(2)!;
    for (const p of pods) {
      const deleting = t.deleting.get(p.uid)!;
      expect(deleting - tainted, msg).toBeGreaterThanOrEqual(300 * SEC);
      expect(deleting - tainted, msg).toBeLessThanOrEqual(300 * SEC + 20 * MS);
      expect(truth.get(p.uid), msg).toEqual([[4 * SEC, true]]); // still serving, though Terminating
      expect(w.ctx.metrics.isTrulyReady(p), msg).toBe(true);
      expect(w.ctx.store.pods.get(p.uid), msg).toBe(p);
    }
    expect(w.ctx.metrics.value('test/web', 1), msg).toBe(2); // ready (truth)
    expect(w.ctx.metrics.value('test/web', 2), msg).toBe(0); // reported
    runTo(w, 1000);
    // The kubelet returns at 900 s: kills the containers (truth drops), confirms 1 s later.
    for (const p of pods) {
      expect(truth.get(p.uid), msg).toEqual([[4 * SEC, true], [900 * SEC, false]]);
      expect(t.removed.get(p.uid), msg).toBe(901 * SEC + 1 * MS);
    }
    expect(w.ctx.store.nodes[2].ready, msg).toBe('True');
    expect(w.ctx.store.nodes[2].taints, msg).toEqual([]);
  });
});

describe('controller-manager failover', () => {
  it.each(SEEDS)('a new leader gives every node a fresh grace period (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const w = buildWorld('small', seed);
    addPods(w, 'web', w.scenario.topology.nodes.map((n) => n.id));
    const cp2 = w.scenario.topology.controlPlane[1].id;
    start(w);
    at(w, 180, () => crash(w, 1)); // the old leader would mark it Unknown at ≈ 220–235 s
    at(w, 200, () => w.kcmLease.set(-1));
    at(w, 217.2, () => w.kcmLease.set(cp2)); // the new process starts its loop at 217.2 s
    runTo(w, 600);
    const notReady = w.ctx.events.byReason('NodeNotReady').filter((e) => e.object.startsWith('node/'));
    // Only the crashed node, and only 10 passes after the new leader's first one (its fresh probeTimestamp).
    expect(notReady.map((e) => e.object), msg).toEqual([`node/${w.scenario.topology.nodes[1].name}`]);
    // Its controllers start once its informers synced (one 100 ms poll for this small world).
    expect(notReady[0].time, msg).toBe(217.2 * SEC + INFORMER_SYNC_POLL_US + 10 * (5 * SEC + 1 * MS));
    // Nodes renewing normally are never NotReady within (or after) the new leader's first 50 s.
    expect(w.ctx.store.nodes.filter((n) => n.host !== 1 && n.ready !== 'True'), msg).toEqual([]);
  });

  it('while no controller-manager acts, nothing is marked and nothing is evicted', () => {
    const w = buildWorld('small', 1);
    const pods = addPods(w, 'web', [4]);
    const t = trace(w);
    start(w);
    at(w, 50, () => w.kcmLease.set(-1));
    at(w, 60, () => crash(w, 4));
    runTo(w, 1000);
    expect(w.ctx.store.nodes[4].ready).toBe('True');
    expect(pods[0].ready).toBe(true); // stale: what the API still says
    expect(t.deleting.size).toBe(0);
  });
});

describe('managed taints set by someone else', () => {
  it('the next pass removes unreachable:NoExecute from a Ready node, before any pod is evicted', () => {
    const w = buildWorld('small', 1);
    const pods = addPods(w, 'web', [6]);
    const t = trace(w);
    const node = w.ctx.store.nodes[6];
    start(w);
    at(w, 100, () => w.ctx.writePath.submit(w.scenario.topology.controlPlane[0].id, 'client-apiserver', 'taint',
      () => w.ctx.store.setNodeTaints(node, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])));
    runTo(w, 1000);
    const [removed] = t.noExecuteRemoved.get(6)!;
    expect(removed - 100 * SEC).toBeLessThanOrEqual(5 * SEC + 10 * MS);
    expect(node.taints).toEqual([]);
    expect(t.deleting.has(pods[0].uid)).toBe(false);
    expect(w.ctx.events.byReason('TaintManagerEviction').map((e) => e.message)).toEqual([`Cancelling deletion of Pod default/${pods[0].name}`]);
  });
});
