/**
 * `kubectl set image` and `kubectl rollout undo`: a new pod template for a Deployment or
 * StatefulSet (DaemonSet too) — a new revision the controller rolls out — or an old revision's
 * template re-applied as a new rollout (kubectl's DeploymentRollbacker / StatefulSetRollbacker:
 * staging/src/k8s.io/kubectl/pkg/polymorphichelpers/rollback.go). The `DeploymentRollback` event
 * keeps the wording of the old server-side rollback (pkg/controller/deployment/rollback.go).
 */
import { templateHash } from '../controllers/replicaset/names.js';
import type { Workloads } from '../controllers/workloads.js';
import type { PodTemplate } from '../manifests/types.js';
import { formatSeconds } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import { kindOf, nameOf, request, type OpResult } from './client.js';

/** The annotation `kubectl rollout restart` sets on the template. */
export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

/** The template with its (first container's) image replaced. */
export function withImage(t: PodTemplate, image: string): PodTemplate {
  return { ...t, image };
}

/**
 * Sets a new image on the workload `key` (Deployment, StatefulSet or DaemonSet) — or, with no
 * image, restarts it as `kubectl rollout restart` does (a template annotation with the time).
 */
export function rollout(w: Workloads, key: string, image: string | undefined, client: HostId, done?: (r: OpResult) => void): void {
  request(w.ctx, client, image === undefined ? `rollout restart ${key}` : `set image ${key} ${image}`, () => {
    const kind = kindOf(key);
    const obj = kind === 'deployment' ? w.deployments.get(key) : kind === 'statefulset' ? w.statefulSets.get(key) : kind === 'daemonset' ? w.daemonSets.get(key) : undefined;
    if (!obj) return { ok: false, message: `Error from server (NotFound): ${key} not found` };
    if (obj.template.image === image) return { ok: true, message: `${key} image unchanged` };
    const template = image !== undefined
      ? withImage(obj.template, image)
      : { ...obj.template, annotations: { ...obj.template.annotations, [RESTARTED_AT]: `${formatSeconds(w.ctx.sim.now)}s` } };
    if (kind === 'deployment') w.deployments.setSpec(w.deployments.get(key)!, { template });
    else if (kind === 'statefulset') w.statefulSets.setSpec(w.statefulSets.get(key)!, { template });
    else w.daemonSets.setTemplate(w.daemonSets.get(key)!, template);
    return { ok: true, message: `${key} image updated` };
  }, done);
}

/** A revision of a workload's history: its number and template. */
interface Revision {
  revision: number;
  template: PodTemplate;
}

/** The rollout history of a Deployment (its ReplicaSets) or StatefulSet (its ControllerRevisions), oldest first. */
export function history(w: Workloads, key: string): Revision[] {
  const kind = kindOf(key);
  if (kind === 'deployment') return w.replicaSets.ofDeployment(key).map((rs) => ({ revision: rs.annotations.revision, template: rs.template })).sort((a, b) => a.revision - b.revision);
  const set = w.statefulSets.get(key);
  if (kind === 'statefulset' && set) return [...set.revisions.values()].map((r) => ({ revision: r.revision, template: r.template })).sort((a, b) => a.revision - b.revision);
  return [];
}

/**
 * Rolls the workload back to `toRevision`, or (0) to the revision before the current one:
 * its template becomes the spec again, which the controller rolls out as a new revision.
 */
export function rollback(w: Workloads, key: string, client: HostId, toRevision = 0, done?: (r: OpResult) => void): void {
  const ctx = w.ctx;
  request(ctx, client, `rollout undo ${key}`, () => {
    const kind = kindOf(key);
    const obj = kind === 'deployment' ? w.deployments.get(key) : kind === 'statefulset' ? w.statefulSets.get(key) : undefined;
    if (!obj) return { ok: false, message: `Error from server (NotFound): ${key} not found` };
    const revs = history(w, key);
    let target: Revision | undefined;
    if (toRevision > 0) {
      target = revs.find((r) => r.revision === toRevision);
      if (!target) return { ok: false, message: `unable to find specified revision ${toRevision} in history` };
    } else {
      if (revs.length < 2) return { ok: false, message: 'no rollout history found' };
      target = revs[revs.length - 2];
    }
    if (templateHash(target.template) === templateHash(obj.template)) return { ok: true, message: `skipped rollback (current template already matches revision ${target.revision})` };
    if (kind === 'deployment') {
      w.deployments.setSpec(w.deployments.get(key)!, { template: target.template });
      ctx.events.add(ctx.sim.now, 'Normal', 'DeploymentRollback', key, `Rolled back deployment "${nameOf(key)}" to revision ${target.revision}`);
    } else {
      w.statefulSets.setSpec(w.statefulSets.get(key)!, { template: target.template });
    }
    return { ok: true, message: `${key} rolled back` };
  }, done);
}
