/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go `syncCronJob`,
 * utils.go `mostRecentScheduleTime`): at each scheduled time it creates a Job named
 * `<cronjob>-<scheduled time in minutes>` from the jobTemplate. A start time more than
 * `startingDeadlineSeconds` ago is not run (the window starts there); with concurrencyPolicy Forbid a
 * run is skipped while a Job is active (JobAlreadyActive), with Replace the active Jobs are deleted
 * first (background propagation: their pods go after them); `suspend` skips every run. More than
 * 100 start times since the last one handled only warn (TooManyMissedTimes); the latest runs.
 * Schedules read UTC minutes from cron.ts's calendar origin, placed at the run's t = 0 (the end
 * of the boot; nothing runs during the boot). The Jobs' pods count under the CronJob's output key.
 * Finished Jobs beyond successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1) are deleted
 * with their pods, which also keeps a long run's memory bounded.
 */
import { MIN, SEC, type Time } from '../../kernel/time.js';
import { nextCron, parseCron, type CronSchedule } from '../../manifests/cron.js';
import type { Workload } from '../../manifests/types.js';
import type { JobStore } from '../job/object.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';

/** utils.go: more start times than this in the window and the controller warns (event TooManyMissedTimes). */
export const MAX_MISSED_RUNS = 100;

interface CronState {
  readonly w: Workload;
  readonly schedule: CronSchedule;
  /** The last scheduled minute handled (run, skipped or missed); starts at the CronJob's creation. */
  lastMinute: number;
  /** Keys of Jobs it created that have not finished. */
  active: string[];
  /** Finished Jobs still kept, oldest first (cleanupFinishedJobs deletes beyond the history limits). */
  succeeded: string[];
  failed: string[];
}

/** The CronJob controller. */
export class CronJobController extends Reconciler<string> {
  private readonly crons = new Map<string, CronState>();
  /** The run's t = 0 in simulated time, once the boot is over; null before (no run while booting). */
  private originUs: Time | null = null;

  /**
   * The cluster runs from `originUs` (the end of the boot): schedules count minutes from it, so a
   * CronJob's first run is its first start time after t = 0, as in a cluster already running.
   */
  startAt(originUs: Time): void {
    this.originUs = originUs;
    for (const key of this.crons.keys()) this.enqueue(key);
  }

  constructor(kcm: ControllerManager, private readonly jobs: JobStore, workloads: readonly Workload[]) {
    super(kcm, 'cronjob');
    for (const w of workloads) {
      if (w.kind === 'CronJob' && w.cron) this.crons.set(w.key, { w, schedule: parseCron(w.cron.schedule), lastMinute: 0, active: [], succeeded: [], failed: [] });
    }
    jobs.onChange((job) => {
      if (job.status.condition && job.metricsKey) this.enqueue(job.metricsKey);
    });
  }

  protected allKeys(): Iterable<string> {
    return this.crons.keys();
  }

  protected reconcile(key: string): void {
    const c = this.crons.get(key);
    if (!c || this.originUs === null || !this.inflight.satisfied(key)) return;
    const ctx = this.kcm.ctx;
    const origin = this.originUs;
    const now = ctx.sim.now - origin;
    this.sortFinished(c);
    const nowMinute = Math.floor(now / MIN);
    // mostRecentScheduleTime (utils.go): the latest scheduled minute in (earliest, now], where
    // earliest is the last one handled, or now − startingDeadlineSeconds if that is later; the
    // number of start times in that window is what "too many missed" counts.
    const deadline = c.w.cron!.startingDeadlineSeconds;
    const earliest = deadline === null ? c.lastMinute : Math.max(c.lastMinute, Math.floor((now - deadline * SEC) / MIN));
    let due: number | null = null;
    let starts = 0;
    for (let m = nextCron(c.schedule, earliest); m !== null && m <= nowMinute; m = nextCron(c.schedule, m)) {
      starts++;
      due = m;
    }
    const next = nextCron(c.schedule, Math.max(nowMinute, c.lastMinute));
    if (next !== null) this.wakeups.wakeAt(key, origin + next * MIN);
    if (due === null) return;
    // nextScheduleTime: more than 100 only warns; the most recent start still runs (v2 controller).
    if (starts > MAX_MISSED_RUNS) ctx.events.add(ctx.sim.now, 'Warning', 'TooManyMissedTimes', key, 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    c.lastMinute = due;
    this.run(c, due, now);
  }

  /**
   * Moves the Jobs that finished out of `active`, then cleanupFinishedJobs: the oldest finished
   * Jobs beyond successfulJobsHistoryLimit / failedJobsHistoryLimit are deleted (removeOldestJobs;
   * kubeblast's creation order stands for byJobStartTime).
   */
  private sortFinished(c: CronState): void {
    const still: string[] = [];
    for (const k of c.active) {
      const j = this.jobs.get(k);
      if (!j) continue;
      if (j.status.condition === 'Complete') c.succeeded.push(k);
      else if (j.status.condition === 'Failed') c.failed.push(k);
      else still.push(k);
    }
    c.active = still;
    const spec = c.w.cron!;
    while (c.succeeded.length > spec.successfulJobsHistoryLimit) this.deleteJob(c, c.succeeded.shift()!);
    while (c.failed.length > spec.failedJobsHistoryLimit) this.deleteJob(c, c.failed.shift()!);
  }

  /** deleteJob: DELETE with background propagation; the Job controller and the garbage collector take its pods. */
  private deleteJob(c: CronState, k: string): void {
    const ctx = this.kcm.ctx;
    this.submitFor(c.w.key, `delete ${k}`, () => {
      const job = this.jobs.get(k);
      if (!job) return;
      this.jobs.delete(job);
      ctx.events.add(ctx.sim.now, 'Normal', 'SuccessfulDelete', c.w.key, `Deleted job ${job.name}`);
    }, 'cronjob-controller');
  }

  private run(c: CronState, due: number, now: Time): void {
    const ctx = this.kcm.ctx;
    const spec = c.w.cron!;
    if (spec.suspend) return;
    if (spec.startingDeadlineSeconds !== null && now - due * MIN > spec.startingDeadlineSeconds * 1_000_000) {
      ctx.events.add(ctx.sim.now, 'Warning', 'MissSchedule', c.w.key, `Missed scheduled time to start a job at minute ${due}`);
      return;
    }
    if (c.active.length > 0 && spec.concurrencyPolicy === 'Forbid') {
      ctx.events.add(ctx.sim.now, 'Normal', 'JobAlreadyActive', c.w.key, 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return;
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const k of c.active) this.deleteJob(c, k);
      c.active = [];
    }
    const name = `${c.w.name}-${due}`;
    const jobKey = `job/${c.w.namespace}/${name}`;
    this.submitFor(c.w.key, `create ${jobKey}`, () => {
      if (this.jobs.get(jobKey)) return;
      this.jobs.create({ ...c.w, kind: 'Job', name, key: jobKey }, c.w.key);
      c.active.push(jobKey);
      ctx.events.add(ctx.sim.now, 'Normal', 'SuccessfulCreate', c.w.key, `Created job ${name}`);
    }, 'cronjob-controller');
  }
}
