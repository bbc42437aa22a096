/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go `syncCronJob`,
 * utils.go `mostRecentScheduleTime`): at each scheduled time it creates a Job named
 * `<cronjob>-<scheduled time in minutes>` from the jobTemplate. A run whose time passed more than
 * `startingDeadlineSeconds` ago is missed (event MissSchedule); with concurrencyPolicy Forbid a
 * run is skipped while a Job is active (JobAlreadyActive), with Replace the active Jobs are stopped
 * first (⚠ kubeblast scales them to parallelism 0, where upstream deletes them with their pods);
 * `suspend` skips every run. Schedules read UTC minutes from cron.ts's calendar origin, the
 * controller's clock being the simulation's. The Jobs' pods count under the CronJob's output key.
 * History limits are not simulated (finished Jobs do not matter to availability).
 */
import { MIN, type Time } from '../../kernel/time.js';
import { nextCron, parseCron, type CronSchedule } from '../../manifests/cron.js';
import type { Workload } from '../../manifests/types.js';
import type { JobStore } from '../job/object.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';

/** utils.go: more than this many missed runs and the controller gives up on them (event TooManyMissedTimes). */
export const MAX_MISSED_RUNS = 100;

interface CronState {
  readonly w: Workload;
  readonly schedule: CronSchedule;
  /** The last scheduled minute handled (run, skipped or missed); starts at the CronJob's creation. */
  lastMinute: number;
  /** Keys of Jobs it created that have not finished. */
  active: string[];
}

/** The CronJob controller. */
export class CronJobController extends Reconciler<string> {
  private readonly crons = new Map<string, CronState>();

  constructor(kcm: ControllerManager, private readonly jobs: JobStore, workloads: readonly Workload[]) {
    super(kcm, 'cronjob');
    for (const w of workloads) {
      if (w.kind === 'CronJob' && w.cron) this.crons.set(w.key, { w, schedule: parseCron(w.cron.schedule), lastMinute: 0, active: [] });
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
    if (!c || !this.inflight.satisfied(key)) return;
    const ctx = this.kcm.ctx;
    const now = ctx.sim.now;
    c.active = c.active.filter((k) => !this.jobs.get(k)?.status.condition);
    const nowMinute = Math.floor(now / MIN);
    // mostRecentScheduleTime: the latest scheduled minute in (last, now], counting the ones missed.
    let due: number | null = null;
    let missed = 0;
    for (let m = nextCron(c.schedule, c.lastMinute); m !== null && m <= nowMinute; m = nextCron(c.schedule, m)) {
      if (due !== null) missed++;
      due = m;
      if (missed > MAX_MISSED_RUNS) break;
    }
    const next = nextCron(c.schedule, Math.max(nowMinute, c.lastMinute));
    if (next !== null) this.wakeups.wakeAt(key, next * MIN);
    if (due === null) return;
    c.lastMinute = due;
    if (missed > MAX_MISSED_RUNS) ctx.events.add(now, 'Warning', 'TooManyMissedTimes', key, `too many missed start times: > ${MAX_MISSED_RUNS}`);
    this.run(c, due, now);
  }

  private run(c: CronState, due: number, now: Time): void {
    const ctx = this.kcm.ctx;
    const spec = c.w.cron!;
    if (spec.suspend) return;
    if (spec.startingDeadlineSeconds !== null && now - due * MIN > spec.startingDeadlineSeconds * 1_000_000) {
      ctx.events.add(now, 'Warning', 'MissSchedule', c.w.key, `Missed scheduled time to start a job at minute ${due}`);
      return;
    }
    if (c.active.length > 0 && spec.concurrencyPolicy === 'Forbid') {
      ctx.events.add(now, 'Normal', 'JobAlreadyActive', c.w.key, 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return;
    }
    if (spec.concurrencyPolicy === 'Replace') {
      for (const k of c.active) {
        const job = this.jobs.get(k);
        if (!job) continue;
        this.submitFor(c.w.key, `update ${k}`, () => {
          this.jobs.setParallelism(job, 0);
          ctx.events.add(ctx.sim.now, 'Normal', 'SuccessfulDelete', c.w.key, `Deleted job ${job.name}`);
        }, 'cronjob-controller');
      }
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
