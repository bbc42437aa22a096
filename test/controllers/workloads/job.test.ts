/**
 * Job: completions and parallelism (at most `parallelism` pods at once until `completions`
 * succeed, then `Completed`); a work queue (no completions) stops starting pods once one
 * succeeds; pods that fail or are deleted count toward backoffLimit, replacements wait the pod
 * failure backoff (10 s, 20 s, …), and past the limit the Job fails with BackoffLimitExceeded.
 */
import { describe, expect, it } from 'vitest';
import { isActive } from '../../../src/apiserver/objects.js';
import { deletePod } from '../../../src/apiserver/eviction.js';
import { jobBackoffUs } from '../../../src/controllers/job/controller.js';
import { DESIRED } from '../../../src/metrics/availability.js';
import { HOUR, MIN, SEC } from '../../../src/kernel/time.js';
import { fixture, podsOf, rig, runUntil } from './harness.js';

const BATCH = 'job/default/batch';
const QUEUE = 'job/default/queue';
const FLAKY = 'job/default/flaky';

describe('Job', () => {
  it('runs completions 5 with parallelism 2 and completes', () => {
    const r = rig(fixture('job'), 1);
    let maxActive = 0;
    const desired: number[] = [];
    r.ctx.store.onPod(() => {
      maxActive = Math.max(maxActive, podsOf(r.ctx, BATCH).filter(isActive).length);
      const d = r.ctx.metrics.value(BATCH, DESIRED);
      if (desired.at(-1) !== d) desired.push(d);
    });
    runUntil(r.ctx, () => r.w.jobs.get(BATCH)!.status.condition !== null, 1 * HOUR);
    const job = r.w.jobs.get(BATCH)!;
    expect(job.status.condition).toBe('Complete');
    expect(job.status.succeeded).toBe(5);
    expect(maxActive).toBe(2);
    expect(podsOf(r.ctx, BATCH).filter((p) => p.phase === 'Succeeded').length).toBe(5);
    expect(r.ctx.events.rows.filter((e) => e.object === BATCH && e.reason === 'Completed').map((e) => e.message)).toEqual(['Job completed']);
    // Wants 2, then 1 once 4 are done, then none.
    expect(desired).toContain(1);
    r.ctx.sim.run(r.ctx.sim.now + 1 * SEC);
    expect(r.ctx.metrics.value(BATCH, DESIRED)).toBe(0);
  });

  it('runs a work queue (parallelism 3, no completions) until its pods succeed', () => {
    const r = rig(fixture('job'), 2);
    runUntil(r.ctx, () => r.w.jobs.get(QUEUE)!.status.condition !== null, 1 * HOUR);
    const job = r.w.jobs.get(QUEUE)!;
    expect(job.status.condition).toBe('Complete');
    expect(job.status.succeeded).toBe(3);
    expect(podsOf(r.ctx, QUEUE).length).toBe(3);
  });

  it('counts deleted pods as failures, backs off 10 s then 20 s, and fails past backoffLimit 2', () => {
    expect([1, 2, 3, 7, 8].map(jobBackoffUs)).toEqual([10 * SEC, 20 * SEC, 40 * SEC, 600 * SEC, 600 * SEC]);
    const r = rig(fixture('job'), 3);
    const created: number[] = [];
    const killedAt: number[] = [];
    r.ctx.store.onPod((p, change) => {
      if (p.workloadKey !== FLAKY) return;
      if (change === 'created') created.push(r.ctx.sim.now);
      // Whenever a pod of the Job starts running, it is deleted (as by an eviction): a failure.
      if (change === 'status' && p.phase === 'Running' && p.deletionTimestamp < 0) {
        killedAt.push(r.ctx.sim.now);
        r.ctx.writePath.submit(r.client, 'client-apiserver', 'kill', () => deletePod(r.ctx.store, p, r.ctx.sim.now, 'Evicted'));
      }
    });
    runUntil(r.ctx, () => r.w.jobs.get(FLAKY)!.status.condition !== null, 1 * HOUR);
    const job = r.w.jobs.get(FLAKY)!;
    expect(job.status.condition).toBe('Failed');
    expect(job.status.failed).toBe(3);
    expect(created.length).toBe(3);
    // Each replacement waits its backoff after the failure was counted (≈1 s batching after the kill).
    expect(created[1] - killedAt[0]).toBeGreaterThanOrEqual(10 * SEC);
    expect(created[1] - killedAt[0]).toBeLessThan(12 * SEC);
    expect(created[2] - killedAt[1]).toBeGreaterThanOrEqual(20 * SEC);
    expect(created[2] - killedAt[1]).toBeLessThan(22 * SEC);
    const failed = r.ctx.events.rows.filter((e) => e.object === FLAKY && e.reason === 'BackoffLimitExceeded');
    expect(failed.map((e) => [e.type, e.message])).toEqual([['Warning', 'Job has reached the specified backoff limit']]);
    expect(r.ctx.metrics.value(FLAKY, DESIRED)).toBe(0);
    r.ctx.sim.run(r.ctx.sim.now + 10 * MIN);
    expect(podsOf(r.ctx, FLAKY).filter(isActive).length).toBe(0);
  });
});
