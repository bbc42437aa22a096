// CronJob: the schedule parser (robfig/cron/v3 ParseStandard as pkg/controller/cronjob uses it)
// and the controller (pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob: Job names,
// concurrencyPolicy, suspend).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calendar, nextCron, parseCron } from '../../src/manifests/cron.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/world/world.js';
import { summarizeObject } from '../../src/metrics/summary.js';
import { SEC } from '../../src/kernel/time.js';
import { load, loadError } from '../manifests/helpers.js';

const DAY = 24 * 60;

describe('cron schedules (minutes from 2025-01-01 00:00 UTC, a Wednesday)', () => {
  it('the calendar of the origin and of 2025-03-01', () => {
    expect(calendar(0)).toEqual({ minute: 0, hour: 0, day: 1, month: 1, weekday: 3 });
    // 31 (Jan) + 28 (Feb 2025) days later: a Saturday
    expect(calendar(59 * DAY)).toEqual({ minute: 0, hour: 0, day: 1, month: 3, weekday: 6 });
  });
  const cases: Array<[string, number, number | null]> = [
    ['*/5 * * * *', 0, 5], // every fifth minute
    ['@hourly', 0, 60],
    ['30 2 * * *', 0, 2 * 60 + 30],
    ['0 9 * * mon-fri', 0, 9 * 60], // Wednesday 1 Jan is a weekday: 09:00 the same day
    ['0 9 * * sat,sun', 0, 3 * DAY + 9 * 60], // Saturday 4 Jan
    ['0 0 1 * *', 0, 31 * DAY], // 1 Feb
    ['0 0 * * 0', 0, 4 * DAY], // Sunday 5 Jan
    ['0 0 * * 7', 0, 4 * DAY], // 7 is Sunday too
    ['0 12 13 * 5', 0, 2 * DAY + 12 * 60], // both restricted: day 13 OR a Friday → Friday 3 Jan 12:00
    ['0 0 30 2 *', 0, null], // 30 February never comes
  ];
  for (const [schedule, after, want] of cases) it(`${schedule} after minute ${after} → ${want}`, () => expect(nextCron(parseCron(schedule), after)).toBe(want));

  it('refuses what the API server refuses, naming the field', () => {
    expect(() => parseCron('* * * *')).toThrow(/expected 5 fields/);
    expect(() => parseCron('61 * * * *')).toThrow(/minute: 61 is outside 0-59/);
    expect(() => parseCron('TZ=UTC 0 * * * *')).toThrow(/TZ is not allowed/);
    expect(() => parseCron('@every 5m')).toThrow(/unknown descriptor/);
    const cj = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: c }\nspec:\n  schedule: "0 25 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{ name: c, image: i }]\n';
    expect(loadError(cj).message).toMatch(/^spec\.schedule: invalid schedule "0 25 \* \* \*": hour: 25 is outside 0-23/);
    expect(load(cj.replace('0 25', '0 5')).workloads[0]).toMatchObject({ kind: 'CronJob', key: 'cronjob/default/c', cron: { concurrencyPolicy: 'Allow', suspend: false, startingDeadlineSeconds: null } });
  });
});

describe('CronJob controller in a run (seed 4)', () => {
  const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/cronjobs.yaml', import.meta.url)));
  const r = runScenario(s, {});
  const ev = (object: string, reason: string) => r.events.rows.filter((e) => e.object === object && e.reason === reason);

  it('Forbid: a 7-minute run every 5 minutes skips every other start', () => {
    const created = ev('cronjob/default/slow', 'SuccessfulCreate');
    const skipped = ev('cronjob/default/slow', 'JobAlreadyActive');
    expect(created.length, 'seed 4').toBeGreaterThan(5);
    // Each run lasts 7 min > 5: the next start finds it active, the one after does not.
    expect(Math.abs(created.length - skipped.length), 'seed 4').toBeLessThanOrEqual(1);
    // Job names are <cronjob>-<scheduled minute>, 10 minutes apart.
    const minutes = created.map((e) => Number(/slow-(\d+)$/.exec(e.message)![1]));
    for (let i = 1; i < minutes.length; i++) expect(minutes[i] - minutes[i - 1], 'seed 4').toBe(10);
  });

  it('history limit: the oldest completed Jobs beyond 3 are deleted with their pods (cleanupFinishedJobs)', () => {
    const created = ev('cronjob/default/slow', 'SuccessfulCreate').map((e) => /job (slow-\d+)$/.exec(e.message)![1]);
    const deleted = ev('cronjob/default/slow', 'SuccessfulDelete').map((e) => /job (slow-\d+)$/.exec(e.message)![1]);
    const completed = created.filter((n) => r.events.rows.some((e) => e.object === `job/default/${n}` && e.reason === 'Completed'));
    // Every completed Job but the last 3 is deleted, oldest first.
    expect(completed.length, 'seed 4').toBeGreaterThan(4);
    expect(deleted, 'seed 4').toEqual(completed.slice(0, completed.length - 3));
  });

  it('Allow ("" defaults to it): one run an hour; suspend: none', () => {
    // Minutes count from the run's t = 0: minute 120 is the end of the 2-hour run, not in it.
    expect(ev('cronjob/default/hourly', 'SuccessfulCreate').map((e) => e.message), 'seed 4').toEqual(['Created job hourly-60']);
    expect(r.events.rows.filter((e) => e.object === 'cronjob/default/paused'), 'seed 4').toEqual([]);
  });
  it('Replace: each start deletes the running Job (DELETE, background propagation) and the GC deletes its pod', () => {
    const created = ev('cronjob/default/replace', 'SuccessfulCreate');
    const deleted = ev('cronjob/default/replace', 'SuccessfulDelete');
    expect(created.length, 'seed 4').toBeGreaterThan(5);
    // Runs last 7 min and start every 5: every start but the first finds one running and deletes it.
    expect(deleted.length, 'seed 4').toBe(created.length - 1);
    const names = (rows: typeof created) => rows.map((e) => /job (replace-\d+)$/.exec(e.message)![1]);
    expect(names(deleted), 'seed 4').toEqual(names(created).slice(0, -1));
    // No Job of it ever completes: each is cut short at 5 min of its 7.
    expect(r.events.rows.filter((e) => e.object.startsWith('job/default/replace-') && e.reason === 'Completed'), 'seed 4').toEqual([]);
  });

  it('a run starting is not an outage: no CronJob shows one in a run without faults; the Jobs of one CronJob add up', () => {
    const objects = r.availability.all().map((x) => summarizeObject(x, r.durationUs, null));
    for (const o of objects) {
      expect(o.outages, `${o.object} seed 4`).toBe(0);
      // Never more than one Job of a CronJob wants a pod here (Forbid, Replace, short hourly runs).
      expect(o.desired, `${o.object} seed 4`).toBeLessThanOrEqual(1);
    }
    const replace = objects.find((o) => o.object === 'cronjob/default/replace')!;
    // Replace keeps a pod running nearly all the time after the first start at minute 5, and it counts
    // once Ready: desired 1 at the end (a run is always active), not 0.
    expect(replace.availability.any, 'seed 4').toBeGreaterThan(0.9);
    expect(replace.desired, 'seed 4').toBe(1);
    expect(replace.availability.full, 'seed 4').toBe(1);
  });
});

describe('missed start times (utils.go mostRecentScheduleTime, cronjob_controllerv2.go nextScheduleTime), seed 5', () => {
  const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/cronjobs-missed.yaml', import.meta.url)));
  const r = runScenario(s, {});
  const ev = (object: string, reason: string) => r.events.rows.filter((e) => e.object === object && e.reason === reason);
  const runs = (object: string) => ev(object, 'SuccessfulCreate').map((e) => Number(/-(\d+)$/.exec(e.message)![1]));

  it('runs start at each minute from t = 0 while the control plane is up', () => {
    const every = runs('cronjob/default/every');
    expect(every.slice(0, 9), 'seed 5').toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const e of ev('cronjob/default/every', 'SuccessfulCreate').slice(0, 9)) {
      const minute = Number(/-(\d+)$/.exec(e.message)![1]);
      // Created within a second of its minute (the write path's latency only).
      expect(e.time - minute * 60 * SEC, 'seed 5').toBeGreaterThanOrEqual(0);
      expect(e.time - minute * 60 * SEC, 'seed 5').toBeLessThan(SEC);
    }
  });

  it('after 120 missed minutes: one warning, only the latest start runs; a 300 s deadline window holds 5 starts, so no warning', () => {
    const every = runs('cronjob/default/every');
    const back = every.find((m) => m > 10)!;
    // The control plane is down from minute 10 to 130: the first run after it is the latest start, not minute 11.
    expect(back, 'seed 5').toBeGreaterThanOrEqual(130);
    expect(every.filter((m) => m > 9 && m < 130), 'seed 5').toEqual([]);
    expect(ev('cronjob/default/every', 'TooManyMissedTimes').length, 'seed 5').toBe(1);
    expect(ev('cronjob/default/deadline', 'TooManyMissedTimes'), 'seed 5').toEqual([]);
    expect(runs('cronjob/default/deadline').find((m) => m > 10), 'seed 5').toBe(back);
  });
});
