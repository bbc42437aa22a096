import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../src/kernel/time.js';
import type { WorldContext } from '../../src/world/context.js';
import { LABEL_ZONE } from '../../src/topology/types.js';
import { createPods, fixture, placement, world } from './helpers.js';
import { INFORMER_SYNC_POLL_US } from '../../src/apiserver/informers.js';

/** When the first scheduler process starts: once its informers synced, one 100 ms poll for these small worlds. */
const SYNC_S = INFORMER_SYNC_POLL_US / SEC;

/** After every bind: no node holds more than its capacity (checked from the store). */
function watchOvercommit(ctx: WorldContext): string[] {
  const problems: string[] = [];
  ctx.store.onPod((pod, change) => {
    if (change !== 'bound') return;
    const n = ctx.store.nodes[pod.node];
    let cpu = 0;
    let mem = 0;
    for (const p of ctx.store.podsOnNode[pod.node]) {
      cpu += p.template.requests.cpuMilli;
      mem += p.template.requests.memoryBytes;
    }
    const cap = n.spec.capacity;
    if (cpu > cap.cpuMilli || mem > cap.memoryBytes || ctx.store.podsOnNode[pod.node].size > cap.pods) problems.push(`${n.name} over capacity at ${ctx.sim.now}`);
  });
  return problems;
}

describe('scheduler in a world (ideal control plane)', () => {
  it('places the karpenter example (hostname maxSkew 2, zone maxSkew 5) within both skews at every bind', () => {
    const { ctx, scheduler } = world(fixture('spread-3zones.yaml'));
    const over = watchOvercommit(ctx);
    const violations: string[] = [];
    ctx.store.onPod((pod, change) => {
      if (change !== 'bound') return;
      // Every node carries both keys and all are domains: skew = max − min over all domains.
      const perNode = ctx.store.nodes.map((n) => [...ctx.store.podsOnNode[n.host]].filter((p) => p.labels.app === 'host-zone-spread').length);
      const perZone = new Map<string, number>();
      ctx.store.nodes.forEach((n, i) => perZone.set(n.labels[LABEL_ZONE], (perZone.get(n.labels[LABEL_ZONE]) ?? 0) + perNode[i]));
      const skew = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);
      if (skew(perNode) > 2 || skew([...perZone.values()]) > 5) violations.push(`${pod.name}: nodes ${perNode.join(',')} zones ${[...perZone.values()].join(',')}`);
    });
    const pods = createPods(ctx, 'deployment/default/host-zone-spread', 50);
    ctx.sim.run(30 * SEC);
    expect(violations).toEqual([]);
    expect(over).toEqual([]);
    expect(pods.every((p) => p.node >= 0)).toBe(true);
    expect(scheduler.stats).toMatchObject({ attempts: 50, bound: 50, unschedulable: 0 });
    expect(ctx.events.byReason('Scheduled')[0].message).toMatch(/^Successfully assigned default\/host-zone-spread-h1-\d+ to z-[abc]-r\d-n\d$/);
  });

  it('zookeeper with matching labels: 3 pods on 3 nodes, the 4th pending with upstream’s message, retried after 5 minutes', () => {
    const { ctx } = world(fixture('zookeeper-app-label.yaml'));
    const pods = createPods(ctx, 'statefulset/default/zk', 4);
    ctx.sim.run(11 * 60 * SEC + INFORMER_SYNC_POLL_US);
    const where = placement(ctx, pods);
    expect(new Set(where.slice(0, 3)).size).toBe(3);
    expect(where[3]).toBe('');
    const failed = ctx.events.byReason('FailedScheduling');
    expect(failed.map((e) => e.object)).toEqual(Array(3).fill('pod/default/zk-3'));
    expect(failed[0].message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
    );
    // Unschedulable since the process started: released by the 30 s flush once more than 5 min have passed (330 s later), then again 660 s later.
    expect(failed.map((e) => e.time / SEC)).toEqual([0, 330, 660].map((t) => t + SYNC_S));
  });

  it('zookeeper as published: the anti-affinity selects `app in (zk)`, which no zk pod carries, so it constrains nothing', () => {
    const { ctx } = world(fixture('zookeeper-3nodes.yaml'));
    const pods = createPods(ctx, 'statefulset/default/zk', 4);
    ctx.sim.run(10 * SEC);
    expect(pods.every((p) => p.node >= 0)).toBe(true);
    expect(ctx.events.byReason('FailedScheduling')).toEqual([]);
  });

  it('avoids cordoned and tainted nodes, and schedules the pending pod when a node is uncordoned', () => {
    const { ctx } = world(fixture('small.yaml'));
    const [a, b] = ctx.store.nodes;
    ctx.sim.at(0, 'cordon + taint', () => {
      ctx.store.setNodeUnschedulable(a, true);
      ctx.store.setNodeTaints(b, [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    });
    const pods = createPods(ctx, 'deployment/default/web', 3);
    ctx.sim.at(20 * SEC, 'uncordon', () => ctx.store.setNodeUnschedulable(a, false));
    ctx.sim.run(19 * SEC);
    expect(placement(ctx, pods)).toEqual(['z-c-r1-n1', 'z-c-r1-n1', '']);
    expect(ctx.events.byReason('FailedScheduling').map((e) => e.message)).toEqual([
      '0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
    ]);
    ctx.sim.run(30 * SEC);
    expect(placement(ctx, pods)[2]).toBe('z-a-r1-n1');
    expect(ctx.events.byReason('Scheduled').at(-1)!.time).toBe(20 * SEC + 1 * MS);
  });

  it('schedules an unschedulable pod when a pod that held the capacity is removed (not while it terminates)', () => {
    const { ctx } = world(fixture('small.yaml'));
    ctx.sim.at(0, 'cordon two', () => {
      ctx.store.setNodeUnschedulable(ctx.store.nodes[0], true);
      ctx.store.setNodeUnschedulable(ctx.store.nodes[1], true);
    });
    const pods = createPods(ctx, 'deployment/default/web', 3);
    ctx.sim.at(30 * SEC, 'delete', () => ctx.store.markDeleting(pods[0], ctx.sim.now, 'ScaleDown'));
    ctx.sim.at(31 * SEC, 'removed', () => ctx.store.removePod(pods[0]));
    ctx.sim.run(31 * SEC - 1);
    expect(pods[2].node).toBe(-1);
    ctx.sim.run(40 * SEC);
    expect(placement(ctx, pods)[2]).toBe('z-c-r1-n1');
    expect(ctx.events.byReason('Scheduled').at(-1)!.time).toBe(31 * SEC + 1 * MS);
  });

  it('keeps a requeued pod in backoff (1 s after its first failure) and releases it on the 1 s flush', () => {
    const { ctx } = world(fixture('small.yaml'));
    ctx.sim.at(0, 'cordon two', () => {
      ctx.store.setNodeUnschedulable(ctx.store.nodes[0], true);
      ctx.store.setNodeUnschedulable(ctx.store.nodes[1], true);
    });
    const pods = createPods(ctx, 'deployment/default/web', 3);
    ctx.sim.at(200 * MS, 'removed', () => ctx.store.removePod(pods[0]));
    ctx.sim.run(5 * SEC);
    // Failed when the process started (attempt 1, backoff 1 s); moved at 0.2 s into backoffQ; activeQ at the 1 s tick; bound 1 ms later.
    expect(ctx.events.byReason('Scheduled').at(-1)).toMatchObject({ object: pods[2].key, time: INFORMER_SYNC_POLL_US + 1 * SEC + 1 * MS });
  });

  it('retries a pod no node can take every 5 minutes (30 s flush), without events in between', () => {
    const { ctx } = world(fixture('small.yaml'));
    createPods(ctx, 'deployment/default/pinned', 1);
    ctx.sim.run(12 * 60 * SEC);
    const failed = ctx.events.byReason('FailedScheduling');
    expect(failed.map((e) => e.time / SEC)).toEqual([0, 330, 660].map((t) => t + SYNC_S));
    expect(failed[0].message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    expect(ctx.sim.eventsRun).toBeLessThan(20);
  });

  it('is deterministic for a seed and breaks ties differently for another', () => {
    const run = (seed: number): string[] => {
      const { ctx } = world(fixture('spread-3zones.yaml'), { seed });
      const pods = createPods(ctx, 'deployment/default/host-zone-spread', 50);
      ctx.sim.run(30 * SEC);
      return placement(ctx, pods);
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8)).not.toEqual(a);
  });

  it('binds 100 at once (burst) and then 50 per second (client rate limiter qps 50, burst 100)', () => {
    const { ctx } = world(fixture('wide.yaml'));
    const pods = createPods(ctx, 'deployment/default/batch', 300);
    ctx.sim.run(10 * SEC);
    expect(pods.every((p) => p.node >= 0)).toBe(true);
    const times = ctx.events.byReason('Scheduled').map((e) => e.time);
    // All 300 are assumed when the process starts (t0); bindings 1–100 use the burst (commit 1 ms later), then one
    // token every 20 ms: binding 100 + k is sent at t0 + k × 20 ms and commits 1 ms later; the 300th at t0 + 4.001 s.
    const t0 = INFORMER_SYNC_POLL_US;
    expect(times.filter((t) => t === t0 + 1 * MS).length).toBe(100);
    expect(times[100]).toBe(t0 + 20 * MS + 1 * MS);
    expect(times[299]).toBe(t0 + 4 * SEC + 1 * MS);
  });
});

describe('leadership', () => {
  it('does nothing while no process holds the lease, and a new leader rebuilds from the store', () => {
    const s = fixture('small.yaml');
    const { ctx, lease, scheduler } = world(s, { startLeases: false });
    const cp = s.topology.controlPlane.map((h) => h.id);
    const pods = createPods(ctx, 'deployment/default/web', 4);
    ctx.sim.run(10 * SEC);
    expect(pods.every((p) => p.node < 0)).toBe(true);
    expect(ctx.events.rows).toEqual([]);
    expect(scheduler.host).toBe(-1);

    ctx.sim.at(10 * SEC, 'lease to cp-1', () => lease.set(cp[0]));
    ctx.sim.run(15 * SEC);
    expect(pods.filter((p) => p.node >= 0).length).toBe(4);
    expect(scheduler.host).toBe(cp[0]);

    ctx.sim.at(20 * SEC, 'lease lost', () => lease.set(-1));
    const more = createPods(ctx, 'deployment/default/web', 2, 21 * SEC, { first: 4 });
    ctx.sim.run(30 * SEC);
    expect(more.every((p) => p.node < 0)).toBe(true);

    // cp-2 starts a fresh process: its cache holds the 4 bound pods (2 cpu per node, 6 in all), so
    // exactly 2 more fit, which is what it places.
    const over = watchOvercommit(ctx);
    ctx.sim.at(30 * SEC, 'lease to cp-2', () => lease.set(cp[1]));
    ctx.sim.run(40 * SEC);
    expect(more.every((p) => p.node >= 0)).toBe(true);
    expect(over).toEqual([]);
    expect(scheduler.stats.bound).toBe(6);
  });

  it('drops bindings queued by a process that lost the lease; the next leader schedules those pods', () => {
    const { ctx, lease, scheduler } = world(fixture('wide.yaml'));
    const cp = ctx.topology.controlPlane.map((h) => h.id);
    const over = watchOvercommit(ctx);
    const pods = createPods(ctx, 'deployment/default/batch', 200);
    // The first process starts at t0 (its informers synced). 100 bindings go out at once; the other 100 wait for
    // tokens (one per 20 ms). At t0 + 100 ms the lease moves (after the limiter sent its 100 ms binding): bindings
    // sent by then (100 + 5) commit, the rest are never sent. cp-2's process starts once its own informers synced,
    // 100 ms later: by then the binding that was in flight has committed, so it finds 95 pods unbound, assumes and
    // binds them all, and none of its bindings is refused.
    const t0 = INFORMER_SYNC_POLL_US;
    ctx.sim.at(t0 + 100 * MS, 'lease moves', () => lease.set(cp[1]));
    ctx.sim.run(10 * SEC);
    expect(pods.every((p) => p.node >= 0)).toBe(true);
    expect(over).toEqual([]);
    expect(scheduler.stats.assumed).toBe(200 + 95);
    expect(scheduler.stats.bindFailures).toBe(0);
    expect(ctx.events.byReason('Scheduled').filter((e) => e.time <= t0 + 100 * MS).length).toBe(104); // the 105th committed for a dead process: no event
    expect(ctx.events.byReason('Scheduled').length).toBe(104 + 95);
    expect(ctx.events.byReason('FailedScheduling')).toEqual([]);
  });
});
