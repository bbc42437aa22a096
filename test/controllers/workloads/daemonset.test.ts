/**
 * DaemonSet: one pod per eligible node — node selector, required affinity and NoSchedule /
 * NoExecute taints decide; cordoned nodes keep theirs (DaemonSet pods tolerate unschedulable);
 * the desired count follows the nodes' eligibility as taints come and go; pods are created
 * unbound and pinned by `matchFields metadata.name`.
 */
import { describe, expect, it } from 'vitest';
import type { Taint } from '../../../src/topology/types.js';
import { DESIRED } from '../../../src/metrics/availability.js';
import { MIN } from '../../../src/kernel/time.js';
import { cordon, rollout } from '../../../src/operations/index.js';
import { fixture, podsOf, rig, runUntil, type Rig } from './harness.js';

const AGENT = 'daemonset/default/agent';
const SSD = 'daemonset/default/ssd-agent';
const DB = 'daemonset/default/db-agent';

/** Live, non-terminating pods of a DaemonSet by node. */
function nodesOf(r: Rig, key: string): number[] {
  return podsOf(r.ctx, key).filter((p) => p.deletionTimestamp < 0).map((p) => p.node).sort((a, b) => a - b);
}

function taint(r: Rig, node: number, t: Taint | null): void {
  const n = r.ctx.store.nodes[node];
  r.ctx.writePath.submit(r.client, 'client-apiserver', 'taint', () => r.ctx.store.setNodeTaints(n, t ? [...n.taints, t] : n.taints.filter((x) => x.key !== 'test')));
}

const desired = (r: Rig, key: string) => r.ctx.metrics.value(key, DESIRED);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('DaemonSet', () => {
  it('runs one pod per eligible node: selector, taints and tolerations', () => {
    const r = rig(fixture('daemonset'), 1);
    runUntil(r.ctx, () => podsOf(r.ctx, DB).filter((p) => p.ready).length === 12, 5 * MIN);
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    // Nodes 0–3 (zone a) carry disk=ssd; 4–7 (zone b) a dedicated=db:NoSchedule taint.
    expect(nodesOf(r, AGENT)).toEqual([...range(0, 4), ...range(8, 12)]);
    expect(nodesOf(r, SSD)).toEqual(range(0, 4));
    expect(nodesOf(r, DB)).toEqual(range(0, 12));
    expect([desired(r, AGENT), desired(r, SSD), desired(r, DB)]).toEqual([8, 4, 12]);
    const p = podsOf(r.ctx, SSD)[0];
    const terms = p.template.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms;
    expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [r.ctx.store.nodes[p.node].name] }] }]);
    expect(p.name).toMatch(/^ssd-agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.tolerations.some((t) => t.key === 'node.kubernetes.io/unschedulable' && t.effect === 'NoSchedule')).toBe(true);
  });

  it('follows taints: NoSchedule stops new pods (existing stay), NoExecute removes them, removal brings them back', () => {
    const r = rig(fixture('daemonset'), 2);
    runUntil(r.ctx, () => podsOf(r.ctx, DB).filter((p) => p.ready).length === 12, 5 * MIN);
    taint(r, 8, { key: 'test', effect: 'NoSchedule' });
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    expect(desired(r, AGENT)).toBe(7);
    expect(desired(r, DB)).toBe(11);
    expect(nodesOf(r, AGENT)).toContain(8);
    taint(r, 9, { key: 'test', effect: 'NoExecute' });
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    expect(desired(r, AGENT)).toBe(6);
    expect(nodesOf(r, AGENT)).not.toContain(9);
    expect(nodesOf(r, DB)).not.toContain(9);
    taint(r, 8, null);
    taint(r, 9, null);
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    expect(desired(r, AGENT)).toBe(8);
    expect(nodesOf(r, AGENT)).toEqual([...range(0, 4), ...range(8, 12)]);
  });

  it('keeps its pods on cordoned nodes', () => {
    const r = rig(fixture('daemonset'), 3);
    runUntil(r.ctx, () => podsOf(r.ctx, AGENT).filter((p) => p.ready).length === 8, 5 * MIN);
    const before = podsOf(r.ctx, AGENT).map((p) => p.uid);
    cordon(r.ctx, 0, true, r.client);
    r.ctx.sim.run(r.ctx.sim.now + 1 * MIN);
    expect(desired(r, AGENT)).toBe(8);
    expect(podsOf(r.ctx, AGENT).map((p) => p.uid)).toEqual(before);
  });

  it('rolls a new template out one node at a time (maxUnavailable 1)', () => {
    const r = rig(fixture('daemonset'), 4);
    runUntil(r.ctx, () => podsOf(r.ctx, AGENT).filter((p) => p.ready).length === 8, 5 * MIN);
    let worst = 8;
    r.ctx.store.onPod(() => {
      worst = Math.min(worst, podsOf(r.ctx, AGENT).filter((p) => p.ready && p.deletionTimestamp < 0).length);
    });
    rollout(r.w, AGENT, 'agent:2', r.client);
    runUntil(r.ctx, () => podsOf(r.ctx, AGENT).filter((p) => p.ready && p.template.image === 'agent:2').length === 8, r.ctx.sim.now + 30 * MIN);
    expect(podsOf(r.ctx, AGENT).map((p) => p.template.image)).toEqual(Array(8).fill('agent:2'));
    expect(worst).toBe(7);
  });
});
