/**
 * `kubectl delete pod` of some pods of a workload (a chaos tool's pod kill): `count` pods, or a
 * `share` of them (rounded up), chosen at random among its live pods from a named stream, each
 * deleted gracefully as `kubectl delete pod` does. The workload's controller replaces them.
 */
import { deletePod } from '../apiserver/eviction.js';
import type { Workloads } from '../controllers/workloads.js';
import type { HostId } from '../topology/types.js';
import { request, type OpResult } from './client.js';

/** Which pods of `key` to kill: `count`, or `share` of them rounded up. */
export interface KillSpec {
  count?: number;
  share?: number;
}

/** Deletes pods of the workload `key`; `done` hears each delete's result (one per pod, or one failure when none is live). */
export function podKill(w: Workloads, key: string, spec: KillSpec, client: HostId, done?: (r: OpResult) => void): void {
  const ctx = w.ctx;
  // kubectl lists the pods first (a read of the committed store), then deletes each by name.
  const live = [...ctx.store.pods.values()].filter((p) => p.workloadKey === key && p.deletionTimestamp < 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const n = Math.min(live.length, spec.count ?? Math.ceil((spec.share ?? 0) * live.length));
  if (n === 0) {
    done?.({ ok: false, message: `no live pod of ${key} to delete` });
    return;
  }
  const rng = ctx.streams.stream(`faults/pod-kill/${key}`);
  for (let i = 0; i < n; i++) {
    const j = i + rng.int(live.length - i);
    [live[i], live[j]] = [live[j], live[i]];
    const pod = live[i];
    request(ctx, client, `delete ${pod.key}`, () => {
      if (!ctx.store.pods.has(pod.uid)) return { ok: false, message: `Error from server (NotFound): pods "${pod.name}" not found` };
      if (pod.deletionTimestamp < 0) deletePod(ctx.store, pod, ctx.sim.now, 'Killing');
      return { ok: true, message: `pod "${pod.name}" deleted` };
    }, done);
  }
}
