/**
 * The Job controller (pkg/controller/job/job_controller.go `syncJob`, `manageJob`,
 * backoff_utils.go): runs up to parallelism pods until `completions` succeed; a pod that fails —
 * or is deleted before it succeeds (`isPodFailed`) — counts toward backoffLimit, and its
 * replacement waits the pod-failure backoff: 10 s doubling per failure since the last success,
 * capped at 10 minutes. ref: job_controller.go DefaultJobPodFailureBackOff = 10s,
 * MaxJobPodFailureBackOff = 10m (kubernetes.md §7: the docs say 6 min; the code is what runs,
 * so kubeblast takes the code's value). Pod events reach a sync after syncJobBatchPeriod (1 s).
 *
 * Availability: a Job is not a service, so the start of a CronJob's run is not an outage. Such a
 * Job's desired count is the pods it wants, but at most as many as have been Ready together so far
 * (`peakReady`, read at each sync): a run's pods count once they have started, and a pod lost
 * mid-run is an outage until its replacement is Ready (kubeblast's choice; upstream has no such
 * figure). A manifest's own Job is already running at t = 0 (the boot waits for its pods), so it
 * wants its pods from the start. The Jobs of one CronJob add up under the CronJob's key. A
 * deleted Job (CronJob Replace or history limit) counts for nothing, and its pods are deleted as
 * the garbage collector does for a background-propagated DELETE (pkg/controller/garbagecollector;
 * ⚠ issued at the Job controller's sync).
 */
import { deletePod } from '../../apiserver/eviction.js';
import { isActive, type PodObj } from '../../apiserver/objects.js';
import { SEC, type Time } from '../../kernel/time.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { POD_CONTROL_WORDING, type PodControl } from '../replicaset/podcontrol.js';
import { podsToDelete } from '../replicaset/ranks.js';
import type { JobObj, JobStatus, JobStore } from './object.js';

/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff (job_controller.go). */
export const JOB_BACKOFF_INITIAL_US: Time = 10 * SEC;
export const JOB_BACKOFF_MAX_US: Time = 10 * 60 * SEC;
/** syncJobBatchPeriod: pod events are batched into one sync per second. */
export const JOB_SYNC_BATCH_US: Time = 1 * SEC;
/** MaxPodCreateDeletePerSync. */
export const JOB_MAX_CREATE_DELETE = 500;

/** Backoff after `failures` failures since the last success (getRemainingTimeForFailuresCount's duration). */
export function jobBackoffUs(failures: number): Time {
  if (failures <= 0) return 0;
  let d = JOB_BACKOFF_INITIAL_US;
  for (let i = 1; i < failures && d < JOB_BACKOFF_MAX_US; i++) d *= 2;
  return Math.min(d, JOB_BACKOFF_MAX_US);
}

/** isPodFailed: phase Failed, or deleted before succeeding. */
function podFailed(p: PodObj): boolean {
  return p.phase === 'Failed' || (p.deletionTimestamp >= 0 && p.phase !== 'Succeeded');
}

/** The Job controller. */
export class JobController extends Reconciler<string> {
  /** Per Job: the most pods Ready at once so far. */
  private readonly peakReady = new Map<string, number>();
  /** Per output key: each Job's part of the desired count. */
  private readonly parts = new Map<string, Map<string, number>>();

  constructor(
    kcm: ControllerManager,
    private readonly jobs: JobStore,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'job');
    jobs.onChange((job) => this.enqueue(job.key));
    pods.index.onOwned('Job', (pod) => this.wakeups.wakeAt(pod.owner!.key, kcm.ctx.sim.now + JOB_SYNC_BATCH_US));
  }

  protected allKeys(): Iterable<string> {
    // Jobs deleted while no process acted are still to be collected.
    const keys = new Set([...this.jobs.values()].map((j) => j.key));
    for (const k of this.peakReady.keys()) keys.add(k);
    return keys;
  }

  protected reconcile(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return this.collectDeleted(key);
    if (!this.inflight.satisfied(key)) return;
    const now = this.kcm.ctx.sim.now;
    const owned = [...this.pods.index.owned(key)];
    const active = owned.filter(isActive);
    const status = this.countPods(job, owned, active.length, now);
    const want = status.condition ? 0 : this.wantActive(job, status, active.length);
    let ready = 0;
    for (const p of active) if (p.ready) ready++;
    const peak = Math.max(this.peakReady.get(key) ?? 0, ready);
    // A finished Job wants nothing more: forgotten, so a year of CronJob runs does not pile up here.
    if (status.condition) this.peakReady.delete(key);
    else this.peakReady.set(key, peak);
    // A manifest's Job runs already at t = 0 (the boot waits for it): only a CronJob's runs start later.
    const part = job.metricsKey === undefined ? want : Math.min(want, peak);
    this.setPart(job.metricsKey ?? key, key, status.condition ? null : part);
    if (status !== job.status) this.writeStatus(job, status);
    if (active.length > want) {
      const victims = podsToDelete(active, active, Math.min(active.length - want, JOB_MAX_CREATE_DELETE), now);
      this.inflight.expect(key, victims.length);
      for (const p of victims) this.pods.delete(p, key, 'JobScaleDown', POD_CONTROL_WORDING, () => this.inflight.observe(key));
      return;
    }
    if (active.length === want) return;
    const wait = status.failuresSinceSuccess > 0 ? status.lastFailureAt + jobBackoffUs(status.failuresSinceSuccess) - now : 0;
    if (wait > 0) {
      this.wakeups.wakeAt(key, now + wait);
      return;
    }
    this.createPods(job, Math.min(want - active.length, JOB_MAX_CREATE_DELETE));
  }

  /** Sets one Job's part of its output key's desired count (null: the Job is gone). */
  private setPart(metricsKey: string, jobKey: string, part: number | null): void {
    let m = this.parts.get(metricsKey);
    if (!m) this.parts.set(metricsKey, (m = new Map()));
    if (part === null) {
      if (!m.has(jobKey) && m.size > 0) return;
      m.delete(jobKey);
    } else m.set(jobKey, part);
    let sum = 0;
    for (const v of m.values()) sum += v;
    this.kcm.ctx.metrics.setDesired(metricsKey, sum, this.kcm.ctx.sim.now);
  }

  /** A deleted Job: it counts for nothing; the garbage collector deletes its pods, finished ones too (background propagation). */
  private collectDeleted(key: string): void {
    const pods = [...this.pods.index.owned(key)];
    for (const [metricsKey, m] of this.parts) if (m.has(key)) this.setPart(metricsKey, key, null);
    this.peakReady.delete(key);
    const ctx = this.kcm.ctx;
    for (const p of pods) {
      this.pods.write(`delete ${p.key}`, () => {
        if (ctx.store.pods.has(p.uid)) deletePod(ctx.store, p, ctx.sim.now, 'GarbageCollected');
      }, undefined, 'generic-garbage-collector');
    }
  }

  /** The status after counting newly finished pods and deciding the terminal condition (the same object when nothing changed). */
  private countPods(job: JobObj, owned: PodObj[], active: number, now: Time): JobStatus {
    const s = job.status;
    if (s.condition) return s;
    let succeeded = 0;
    let failed = 0;
    const counted = new Set(s.counted);
    for (const p of owned) {
      if (counted.has(p.uid)) continue;
      if (p.phase === 'Succeeded') succeeded++;
      else if (podFailed(p)) failed++;
      else continue;
      counted.add(p.uid);
    }
    const next: JobStatus = {
      ...s,
      counted,
      succeeded: s.succeeded + succeeded,
      failed: s.failed + failed,
      failuresSinceSuccess: succeeded > 0 ? failed : s.failuresSinceSuccess + failed,
      lastFailureAt: failed > 0 ? now : s.lastFailureAt,
    };
    if (next.failed > job.backoffLimit) next.condition = 'Failed';
    else if (job.completions !== null ? next.succeeded >= job.completions : next.succeeded > 0 && active === 0) next.condition = 'Complete';
    return succeeded + failed > 0 || next.condition ? next : s;
  }

  /** manageJob's wantActive: parallelism, bounded by the completions still missing; a work queue that saw a success leaves what runs running. */
  private wantActive(job: JobObj, s: JobStatus, active: number): number {
    if (job.completions === null) return s.succeeded > 0 ? active : job.parallelism;
    return Math.max(0, Math.min(job.parallelism, job.completions - s.succeeded));
  }

  private writeStatus(job: JobObj, status: JobStatus): void {
    const ctx = this.kcm.ctx;
    this.submitFor(job.key, `update ${job.key} status`, () => {
      if (this.jobs.get(job.key) !== job || job.status.condition) return;
      this.jobs.setStatus(job, status);
      if (status.condition === 'Complete') ctx.events.add(ctx.sim.now, 'Normal', 'Completed', job.key, 'Job completed');
      if (status.condition === 'Failed') ctx.events.add(ctx.sim.now, 'Warning', 'BackoffLimitExceeded', job.key, 'Job has reached the specified backoff limit');
    }, 'job-controller');
  }

  private createPods(job: JobObj, n: number): void {
    const key = job.key;
    const t = job.template;
    const spec = { namespace: job.namespace, labels: t.labels, template: t, tolerations: t.tolerations, owner: { kind: 'Job' as const, key }, workloadKey: job.metricsKey ?? key, revision: '', ordinal: -1 };
    const naming = { generate: `${job.name}-` };
    this.createInBatches(key, n, (_i, done) => this.pods.create(spec, naming, key, POD_CONTROL_WORDING, (pod) => done(pod !== null)));
  }
}
