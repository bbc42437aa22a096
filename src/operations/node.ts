/**
 * `kubectl delete node` and the non-graceful-shutdown taint (KEP-2268:
 * `kubectl taint nodes NODE node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`), from an
 * operator's kubectl. What follows is the controllers': taint eviction deletes the pods that do
 * not tolerate the taint, pod GC force-deletes those left terminating on a NotReady node with it
 * (pkg/controller/podgc `gcTerminating`) and the pods of a deleted Node after its quarantine
 * (`gcOrphaned`).
 */
import { TAINT_OUT_OF_SERVICE } from '../apiserver/objects.js';
import type { HostId, Taint } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { request, type OpResult } from './client.js';

/** The taint as the KEP's example sets it. */
export const OUT_OF_SERVICE_TAINT: Taint = { key: TAINT_OUT_OF_SERVICE, value: 'nodeshutdown', effect: 'NoExecute' };

/** Deletes the Node object of `node`. */
export function deleteNode(ctx: WorldContext, node: HostId, client: HostId, done?: (r: OpResult) => void): void {
  const n = ctx.store.nodes[node];
  request(ctx, client, `delete node/${n.name}`, () => {
    if (n.deleted) return { ok: false, message: `Error from server (NotFound): nodes "${n.name}" not found` };
    ctx.store.deleteNode(n);
    return { ok: true, message: `node "${n.name}" deleted` };
  }, done);
}

/** Adds (`on`) or removes the out-of-service taint of `node`. */
export function taintOutOfService(ctx: WorldContext, node: HostId, on: boolean, client: HostId, done?: (r: OpResult) => void): void {
  const n = ctx.store.nodes[node];
  request(ctx, client, `taint node/${n.name} ${TAINT_OUT_OF_SERVICE}${on ? '' : '-'}`, () => {
    if (n.deleted) return { ok: false, message: `Error from server (NotFound): nodes "${n.name}" not found` };
    const has = n.taints.some((t) => t.key === TAINT_OUT_OF_SERVICE);
    if (has === on) return { ok: true, message: `node/${n.name} ${on ? 'already tainted' : 'not tainted'}` };
    ctx.store.setNodeTaints(n, on ? [...n.taints, OUT_OF_SERVICE_TAINT] : n.taints.filter((t) => t.key !== TAINT_OUT_OF_SERVICE));
    return { ok: true, message: `node/${n.name} ${on ? 'tainted' : 'untainted'}` };
  }, done);
}
