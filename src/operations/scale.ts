/**
 * `kubectl scale`: a new replica count for a Deployment, ReplicaSet or StatefulSet (a Job's
 * parallelism), written from a client host. The workload's desired count follows at commit.
 */
import type { Workloads } from '../controllers/workloads.js';
import type { HostId } from '../topology/types.js';
import { kindOf, request, type OpResult } from './client.js';

/** Scales the workload `key` to `replicas`. */
export function scale(w: Workloads, key: string, replicas: number, client: HostId, done?: (r: OpResult) => void): void {
  const ctx = w.ctx;
  request(ctx, client, `scale ${key} --replicas=${replicas}`, () => {
    const now = ctx.sim.now;
    const kind = kindOf(key);
    if (kind === 'deployment') {
      const d = w.deployments.get(key);
      if (!d) return notFound(key);
      if (d.replicas !== replicas) w.deployments.setSpec(d, { replicas });
    } else if (kind === 'statefulset') {
      const s = w.statefulSets.get(key);
      if (!s) return notFound(key);
      if (s.replicas !== replicas) w.statefulSets.setSpec(s, { replicas });
    } else if (kind === 'replicaset') {
      const rs = w.replicaSets.get(key);
      if (!rs) return notFound(key);
      rs.replicas = replicas;
      w.replicaSets.changed(rs, 'updated');
    } else if (kind === 'job') {
      const job = w.jobs.get(key);
      if (!job) return notFound(key);
      w.jobs.setParallelism(job, replicas);
      return { ok: true, message: `${key} scaled` };
    } else {
      return { ok: false, message: `cannot scale ${key}` };
    }
    ctx.metrics.setDesired(key, replicas, now);
    return { ok: true, message: `${key} scaled` };
  }, done);
}

function notFound(key: string): { ok: false; message: string } {
  return { ok: false, message: `Error from server (NotFound): ${key} not found` };
}
