/**
 * kubectl operations: cordon (spec.unschedulable + taint), rollout and rollback (an old
 * template re-applied as a new revision, `DeploymentRollback`), scale (desired follows), the
 * progress deadline of a stuck rollout (no automatic rollback), and drain's timeout and order.
 */
import { describe, expect, it } from 'vitest';
import { TAINT_UNSCHEDULABLE } from '../../src/apiserver/objects.js';
import { deploymentComplete } from '../../src/controllers/deployment/progress.js';
import { DESIRED } from '../../src/metrics/availability.js';
import { MIN, SEC } from '../../src/kernel/time.js';
import { cordon, drain, RESTARTED_AT, rollback, rollout, scale, type DrainResult, type OpResult } from '../../src/operations/index.js';
import { fixture, podsOf, rig, runUntil, type Rig } from '../controllers/workloads/harness.js';

const WEB = 'deployment/default/web';
const ZK = 'statefulset/default/zk';

function complete(r: Rig, generation: number): boolean {
  const d = r.w.deployments.get(WEB)!;
  return d.generation === generation && deploymentComplete(d, d.status);
}

describe('cordon', () => {
  it('sets spec.unschedulable and the unschedulable taint, and undoes both', () => {
    const r = rig(fixture('rolling'), 1);
    const node = r.ctx.store.nodes[3];
    let res: OpResult | undefined;
    cordon(r.ctx, 3, true, r.client, (x) => (res = x));
    r.ctx.sim.run(10_000);
    expect(res).toEqual({ ok: true, message: `node/${node.name} cordoned` });
    expect(node.unschedulable).toBe(true);
    expect(node.taints).toContainEqual({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    expect(r.ctx.events.byReason('NodeNotSchedulable').map((e) => e.message)).toEqual([`Node ${node.name} status is now: NodeNotSchedulable`]);
    runUntil(r.ctx, () => podsOf(r.ctx, WEB).filter((p) => p.ready).length === 10, 5 * MIN);
    expect(podsOf(r.ctx, WEB).some((p) => p.node === 3)).toBe(false);
    cordon(r.ctx, 3, false, r.client);
    r.ctx.sim.run(r.ctx.sim.now + 10_000);
    expect(node.unschedulable).toBe(false);
    expect(node.taints.some((t) => t.key === TAINT_UNSCHEDULABLE)).toBe(false);
  });
});

describe('rollout, rollback and scale', () => {
  it('rolls back a Deployment to the previous template as a new revision', () => {
    const r = rig(fixture('rolling'), 2);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    const first = r.w.replicaSets.ofDeployment(WEB)[0];
    rollout(r.w, WEB, 'web:2', r.client);
    runUntil(r.ctx, () => complete(r, 2), r.ctx.sim.now + 30 * MIN);
    rollback(r.w, WEB, r.client);
    runUntil(r.ctx, () => complete(r, 3), r.ctx.sim.now + 30 * MIN);
    const rss = r.w.replicaSets.ofDeployment(WEB);
    // The first ReplicaSet is the new one again, renumbered to revision 3.
    expect(rss.length).toBe(2);
    expect(rss[0]).toBe(first);
    expect(first.annotations.revision).toBe(3);
    expect(first.replicas).toBe(10);
    expect(podsOf(r.ctx, WEB).every((p) => p.template.image === 'web:1')).toBe(true);
    expect(r.ctx.events.byReason('DeploymentRollback').map((e) => e.message)).toEqual(['Rolled back deployment "web" to revision 1']);
  });

  it('restarts a Deployment (rollout with no image): a new revision, every pod replaced', () => {
    const r = rig(fixture('rolling'), 8);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    const before = new Set(podsOf(r.ctx, WEB).map((p) => p.uid));
    rollout(r.w, WEB, undefined, r.client);
    runUntil(r.ctx, () => complete(r, 2), r.ctx.sim.now + 30 * MIN);
    const pods = podsOf(r.ctx, WEB);
    expect(pods.length).toBe(10);
    expect(pods.some((p) => before.has(p.uid))).toBe(false);
    expect(pods.every((p) => p.template.image === 'web:1' && p.template.annotations[RESTARTED_AT] !== undefined)).toBe(true);
    expect(r.w.replicaSets.ofDeployment(WEB).length).toBe(2);
  });

  it('rolls back a StatefulSet to its previous revision', () => {
    const r = rig(fixture('statefulset'), 3);
    runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready).length === 3, 5 * MIN);
    rollout(r.w, ZK, 'zk:2', r.client);
    runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready && p.template.image === 'zk:2').length === 3, r.ctx.sim.now + 10 * MIN);
    rollback(r.w, ZK, r.client);
    runUntil(r.ctx, () => podsOf(r.ctx, ZK).filter((p) => p.ready && p.template.image === 'zk:1').length === 3, r.ctx.sim.now + 10 * MIN);
    expect(podsOf(r.ctx, ZK).map((p) => p.template.image)).toEqual(['zk:1', 'zk:1', 'zk:1']);
  });

  it('scales a Deployment and its desired count follows at commit', () => {
    const r = rig(fixture('rolling'), 4);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    scale(r.w, WEB, 4, r.client);
    r.ctx.sim.run(r.ctx.sim.now + 2_000);
    expect(r.ctx.metrics.value(WEB, DESIRED)).toBe(4);
    runUntil(r.ctx, () => complete(r, 2), r.ctx.sim.now + 5 * MIN);
    expect(podsOf(r.ctx, WEB).filter((p) => p.deletionTimestamp < 0).length).toBe(4);
    expect(r.ctx.events.byReason('ScalingReplicaSet').at(-1)!.message).toMatch(/^Scaled down replica set web-\w+ from 10 to 4$/);
  });

  it('reports ProgressDeadlineExceeded after 600 s without progress and does not roll back', () => {
    const r = rig(fixture('rolling'), 5);
    runUntil(r.ctx, () => complete(r, 1), 10 * MIN);
    // Every node's kubelet stops starting pods: the new revision's pods never become Ready.
    for (const n of r.ctx.store.nodes) r.dp.frozen.add(n.host);
    const t0 = r.ctx.sim.now;
    rollout(r.w, WEB, 'web:2', r.client);
    r.ctx.sim.run(t0 + 20 * MIN);
    const events = r.ctx.events.byReason('ProgressDeadlineExceeded');
    expect(events.length).toBe(1);
    expect(events[0].type).toBe('Warning');
    expect(events[0].message).toMatch(/^ReplicaSet "web-\w+" has timed out progressing\.$/);
    expect(events[0].time - t0).toBeGreaterThan(600 * SEC);
    expect(events[0].time - t0).toBeLessThan(603 * SEC);
    const d = r.w.deployments.get(WEB)!;
    expect(d.status.progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    // Still on the new template; the old pods keep serving (maxUnavailable 25 %: 8 of 10).
    expect(d.template.image).toBe('web:2');
    expect(podsOf(r.ctx, WEB).filter((p) => p.ready && p.deletionTimestamp < 0).length).toBe(8);
  });
});

describe('drain', () => {
  it('stops at its timeout while a budget blocks, and drains nodes one after another', () => {
    const r = rig(fixture('drain'), 6);
    runUntil(r.ctx, () => r.w.pdbs.get('pdb/default/web')!.status.disruptionsAllowed === 1, 10 * MIN);
    // Freeze every kubelet: evicted pods never go away and replacements never start, so the budget stays spent.
    for (const n of r.ctx.store.nodes) r.dp.frozen.add(n.host);
    const web = podsOf(r.ctx, 'deployment/default/web');
    // Spend the budget elsewhere first: that pod stays Terminating, the budget at 0.
    r.w.eviction.evict(r.client, web[5], () => undefined);
    r.ctx.sim.run(r.ctx.sim.now + 1 * SEC);
    const nodes = web.slice(0, 3).map((p) => p.node);
    let res: DrainResult | undefined;
    const t0 = r.ctx.sim.now;
    drain(r.w, nodes, { timeoutUs: 60 * SEC }, r.client, (x) => (res = x));
    r.ctx.sim.run(t0 + 5 * MIN);
    expect(res!.ok).toBe(false);
    expect(res!.errors).toEqual(['drain did not complete within 60s']);
    // One kubectl: the first node timed out, the others were cordoned but never drained.
    expect(res!.drained).toEqual([]);
    for (const n of nodes) expect(r.ctx.store.nodes[n].unschedulable).toBe(true);
    const failed = r.ctx.events.byReason('DrainFailed');
    expect(failed.map((e) => e.object)).toEqual([`node/${r.ctx.store.nodes[nodes[0]].name}`]);
    expect(failed[0].time - t0).toBeGreaterThanOrEqual(60 * SEC);
    expect(r.ctx.events.byReason('EvictionBlocked').length).toBeGreaterThan(0);
  });
});
