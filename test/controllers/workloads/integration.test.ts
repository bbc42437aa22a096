/**
 * The workload controllers with the real kubelets, scheduler, node lifecycle and taint-eviction
 * controllers (ideal control plane): a node dies silently. Its pods are marked NotReady when its
 * grace period runs out (endpoints drop them at once), deleted by taint eviction after their 300 s
 * toleration, and stay Terminating — the ReplicaSet replaces its pod at once, the StatefulSet
 * does not replace its pod while the object exists (kubernetes.md §1 dead-node timeline, §7).
 */
import { describe, expect, it } from 'vitest';
import { ControllerManager } from '../../../src/controllers/manager.js';
import { NodeLifecycleController } from '../../../src/controllers/nodelifecycle/controller.js';
import { TaintEvictionController } from '../../../src/controllers/tainteviction.js';
import { createWorkloads } from '../../../src/controllers/workloads.js';
import { MIN, SEC } from '../../../src/kernel/time.js';
import { Kubelets } from '../../../src/kubelet/kubelets.js';
import { ENDPOINTS } from '../../../src/metrics/availability.js';
import { Scheduler } from '../../../src/scheduler/scheduler.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { buildContext } from '../../../src/world/build-context.js';
import { fixture, podsOf } from './harness.js';

const API = 'deployment/default/api';
const ZK = 'statefulset/default/zk';
const SVC = 'service/default/api';

function world(seed: number) {
  const base = fixture('endpoints');
  const sts = fixture('statefulset').manifests.workloads.filter((w) => w.key === ZK);
  const scenario: Scenario = { ...base, manifests: { ...base.manifests, workloads: [...base.manifests.workloads, ...sts] } };
  const { ctx, controlPlane } = buildContext(scenario, { seed });
  for (const w of scenario.manifests.workloads) ctx.metrics.register(w.key, false, w.replicas);
  for (const s of scenario.manifests.services) ctx.metrics.register(s.key, true, 0);
  ctx.store.onPod((pod, change) => {
    if (change === 'removed') ctx.metrics.podGone(pod, ctx.sim.now);
    else ctx.metrics.podReported(pod, pod.ready && pod.deletionTimestamp < 0, ctx.sim.now);
  });
  const kubelets = new Kubelets(ctx);
  const kcm = new ControllerManager(ctx);
  kcm.add(new NodeLifecycleController(kcm, kubelets));
  kcm.add(new TaintEvictionController(kcm));
  const w = createWorkloads(ctx, kcm);
  new Scheduler(ctx);
  kubelets.start();
  controlPlane.start();
  return { ctx, w };
}

describe('a silent node death with the real data plane', () => {
  it('drops endpoints at NotReady, replaces the ReplicaSet pod at deletion, keeps the StatefulSet pod Terminating', () => {
    const { ctx } = world(1);
    ctx.sim.run(2 * MIN);
    expect(ctx.metrics.value(SVC, ENDPOINTS)).toBe(3);
    const zk1 = podsOf(ctx, ZK).find((p) => p.name === 'zk-1')!;
    const api = podsOf(ctx, API).find((p) => p.node !== zk1.node)!;
    for (const node of [api.node, zk1.node]) {
      ctx.network.hostDown(node, 'crash');
      ctx.hosts.down(node);
    }
    ctx.sim.run(ctx.sim.now + 20 * MIN);

    // NotReady marking (the node's grace period) → the endpoint goes with the controller's next write.
    const notReady = ctx.events.rows.find((e) => e.reason === 'NodeNotReady' && e.object === api.key)!;
    const endpointDrop = ctx.metrics.all().find((s) => s.key === SVC)!;
    const dropAt = endpointDrop.times.find((t, i) => t >= notReady.time && endpointDrop.values[i * 5 + ENDPOINTS] === 2)!;
    expect(dropAt - notReady.time).toBeLessThan(10_000);

    // Taint eviction deletes both pods; the ReplicaSet replaces its own at once.
    const evicted = ctx.events.rows.find((e) => e.reason === 'TaintManagerEviction' && e.object === api.key)!;
    expect(api.deletionTimestamp).toBeGreaterThanOrEqual(0);
    const replacement = podsOf(ctx, API).find((p) => p.createdAt >= evicted.time)!;
    expect(replacement.createdAt - evicted.time).toBeLessThan(10_000);
    expect(replacement.ready).toBe(true);
    expect(ctx.metrics.value(SVC, ENDPOINTS)).toBe(3);

    expect(zk1.deletionTimestamp).toBeGreaterThanOrEqual(0);
    expect(ctx.store.pods.has(zk1.uid)).toBe(true);
    expect(podsOf(ctx, ZK).filter((p) => p.name === 'zk-1')).toEqual([zk1]);
    expect(evicted.time).toBeGreaterThan(300 * SEC);
  });
});
