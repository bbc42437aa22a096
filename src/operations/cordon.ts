/**
 * `kubectl cordon` / `uncordon`: spec.unschedulable, and the `node.kubernetes.io/unschedulable`
 * NoSchedule taint the node lifecycle controller keeps in step with it (TaintNodesByCondition,
 * pkg/controller/nodelifecycle `doNoScheduleTaintingPass`) — applied here in the same commit, as
 * the controller would within milliseconds. The `NodeNotSchedulable` / `NodeSchedulable` event is
 * the kubelet's wording (pkg/kubelet/nodestatus `recordNodeSchedulableEvent`).
 */
import { TAINT_UNSCHEDULABLE } from '../apiserver/objects.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { request, type OpResult } from './client.js';

/** Cordons (`on`) or uncordons a node from client host `client`. */
export function cordon(ctx: WorldContext, node: HostId, on: boolean, client: HostId, done?: (r: OpResult) => void): void {
  const n = ctx.store.nodes[node];
  request(ctx, client, `${on ? 'cordon' : 'uncordon'} node/${n.name}`, () => {
    const has = n.taints.some((t) => t.key === TAINT_UNSCHEDULABLE && t.effect === 'NoSchedule');
    if (n.unschedulable === on && has === on) return { ok: true, message: `node/${n.name} already ${on ? 'cordoned' : 'uncordoned'}` };
    ctx.store.setNodeUnschedulable(n, on);
    if (on && !has) ctx.store.setNodeTaints(n, [...n.taints, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }]);
    if (!on && has) ctx.store.setNodeTaints(n, n.taints.filter((t) => !(t.key === TAINT_UNSCHEDULABLE && t.effect === 'NoSchedule')));
    const status = on ? 'NodeNotSchedulable' : 'NodeSchedulable';
    ctx.events.add(ctx.sim.now, 'Normal', status, `node/${n.name}`, `Node ${n.name} status is now: ${status}`);
    return { ok: true, message: `node/${n.name} ${on ? 'cordoned' : 'uncordoned'}` };
  }, done);
}
