/**
 * Deployment status and the Progressing condition (pkg/controller/deployment/sync.go
 * `calculateStatus`, progress.go `syncRolloutStatus`, deployment_util.go `DeploymentComplete`,
 * `DeploymentProgressing`, `DeploymentTimedOut`). Pure functions of a sync's snapshot.
 */
import type { Time } from '../../kernel/time.js';
import { SEC } from '../../kernel/time.js';
import type { DeploymentCondition, DeploymentObj, DeploymentStatus } from './object.js';
import { actualSum, availableSum, specSum, type RsView } from './util.js';

/** Condition reasons (deployment_util.go). */
export const REASON = {
  newRSCreated: 'NewReplicaSetCreated',
  foundNewRS: 'FoundNewReplicaSet',
  rsUpdated: 'ReplicaSetUpdated',
  newRSAvailable: 'NewReplicaSetAvailable',
  timedOut: 'ProgressDeadlineExceeded',
} as const;

/** A fresh condition at `now`. */
export function condition(status: DeploymentCondition['status'], reason: string, message: string, now: Time): DeploymentCondition {
  return { status, reason, message, lastUpdate: now, lastTransition: now };
}

/** SetDeploymentCondition for Progressing: same status and reason → unchanged; same status keeps lastTransition. */
export function setProgressing(cur: DeploymentCondition | null, next: DeploymentCondition): DeploymentCondition {
  if (cur && cur.status === next.status && cur.reason === next.reason) return cur;
  if (cur && cur.status === next.status) return { ...next, lastTransition: cur.lastTransition };
  return next;
}

/** calculateStatus: counts from the ReplicaSets; conditions carried over from `base`. */
export function calculateStatus(d: DeploymentObj, all: readonly RsView[], newRS: RsView | null, base: DeploymentStatus): DeploymentStatus {
  const available = availableSum(all);
  let ready = 0;
  for (const v of all) ready += v.counts.ready;
  return {
    observedGeneration: d.generation,
    replicas: actualSum(all),
    updatedReplicas: newRS ? newRS.counts.replicas : 0,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specSum(all) - available),
    progressing: base.progressing,
  };
}

/** DeploymentComplete. */
export function deploymentComplete(d: DeploymentObj, s: DeploymentStatus): boolean {
  return s.updatedReplicas === d.replicas && s.replicas === d.replicas && s.availableReplicas === d.replicas && s.observedGeneration >= d.generation;
}

/** DeploymentProgressing: any sign of progress since the status `old`. */
export function deploymentProgressing(old: DeploymentStatus, s: DeploymentStatus): boolean {
  const oldOld = old.replicas - old.updatedReplicas;
  const newOld = s.replicas - s.updatedReplicas;
  return s.updatedReplicas > old.updatedReplicas || newOld < oldOld || s.readyReplicas > old.readyReplicas || s.availableReplicas > old.availableReplicas;
}

/** DeploymentTimedOut: no progress for progressDeadlineSeconds since the condition's lastUpdate. */
export function deploymentTimedOut(d: DeploymentObj, s: DeploymentStatus, now: Time): boolean {
  const c = s.progressing;
  if (!c || c.reason === REASON.newRSAvailable) return false;
  if (c.reason === REASON.timedOut) return true;
  return c.lastUpdate + d.progressDeadlineSeconds * SEC < now;
}

/**
 * syncRolloutStatus's condition logic: the status to write given the current one (`cur`, as
 * this sync sees it) and the freshly counted one.
 */
export function rolloutStatus(d: DeploymentObj, cur: DeploymentStatus, counted: DeploymentStatus, newRSName: string | null, now: Time): DeploymentStatus {
  const s = { ...counted };
  const c = cur.progressing;
  const isComplete = s.replicas === s.updatedReplicas && c !== null && c.reason === REASON.newRSAvailable;
  if (isComplete) return s;
  // `keeps` is setProgressing's "same status and reason: unchanged", tested before a message is
  // built: a complete Deployment's syncs (most of them) change no condition.
  if (deploymentComplete(d, s)) {
    s.progressing = keeps(c, 'True', REASON.newRSAvailable) ? c : setProgressing(c, condition('True', REASON.newRSAvailable, `${who(d, newRSName)} has successfully progressed.`, now));
  } else if (deploymentProgressing(cur, s)) {
    // Progress refreshes lastUpdate even with the same reason; lastTransition stays while True.
    const next = condition('True', REASON.rsUpdated, `${who(d, newRSName)} is progressing.`, now);
    if (c && c.status === 'True') next.lastTransition = c.lastTransition;
    s.progressing = next;
  } else if (deploymentTimedOut(d, s, now)) {
    s.progressing = keeps(c, 'False', REASON.timedOut) ? c : setProgressing(c, condition('False', REASON.timedOut, `${who(d, newRSName)} has timed out progressing.`, now));
  }
  return s;
}

/** Whether setProgressing would keep `c` for a condition of this status and reason. */
function keeps(c: DeploymentCondition | null, status: DeploymentCondition['status'], reason: string): boolean {
  return c !== null && c.status === status && c.reason === reason;
}

/** The object a Progressing message names. */
function who(d: DeploymentObj, newRSName: string | null): string {
  return newRSName ? `ReplicaSet "${newRSName}"` : `Deployment "${d.name}"`;
}

/**
 * requeueStuckDeployment: when a rollout is in progress, the delay after which it must be looked
 * at again to notice a deadline passing (deadline − now + 1 s; soon when under a second), or -1.
 *
 * A Deployment whose condition says NewReplicaSetAvailable and that later loses a pod (a node
 * died) is "not complete" yet can never time out (`deploymentTimedOut` is false for that reason).
 * Upstream requeues it rate-limited anyway, every sync, with no observable effect; kubeblast skips
 * that spin — any real change re-syncs the Deployment through its pod and ReplicaSet events.
 */
export function stuckRequeueUs(d: DeploymentObj, s: DeploymentStatus, now: Time): number {
  const c = s.progressing;
  if (!c || deploymentComplete(d, s) || c.reason === REASON.timedOut || c.reason === REASON.newRSAvailable) return -1;
  const after = c.lastUpdate + d.progressDeadlineSeconds * SEC - now;
  return after < SEC ? 5_000 : after + SEC;
}

/** Whether two statuses are equal (reflect.DeepEqual of the fields kubeblast keeps). */
export function sameStatus(a: DeploymentStatus, b: DeploymentStatus): boolean {
  const ca = a.progressing;
  const cb = b.progressing;
  const sameCond = ca === cb || (ca !== null && cb !== null && ca.status === cb.status && ca.reason === cb.reason && ca.message === cb.message && ca.lastUpdate === cb.lastUpdate && ca.lastTransition === cb.lastTransition);
  return sameCond && a.observedGeneration === b.observedGeneration && a.replicas === b.replicas && a.updatedReplicas === b.updatedReplicas
    && a.readyReplicas === b.readyReplicas && a.availableReplicas === b.availableReplicas && a.unavailableReplicas === b.unavailableReplicas;
}
