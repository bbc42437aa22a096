/**
 * The application's own failures (kubernetes.md §11; seed documents: rollout, history, rollback).
 *
 * A bad release of `web` (6 replicas, maxSurge 1, maxUnavailable 2, progressDeadlineSeconds 300)
 * stalls as upstream's rolling update does (pkg/controller/deployment/rolling.go): the old
 * ReplicaSet goes down only while at least replicas − maxUnavailable pods are available, the new
 * pods never become available, the Deployment reports ProgressDeadlineExceeded once the deadline
 * passes with no progress (progress.go) and nothing rolls back by itself. `kubectl rollout undo`
 * then re-applies the old template: the old ReplicaSet (same pod-template-hash) is scaled up
 * again — no third ReplicaSet — and the bad one goes to 0.
 *
 * A crash loop (`container-crash`) restarts the container as the kubelet's back-off allows: the
 * first restart at once, then 10 s doubling to 300 s (pkg/kubelet/kubelet.go backOffPeriod,
 * MaxContainerBackOff; kuberuntime doBackOff).
 */
import { describe, expect, it } from 'vitest';
import { templateHash } from '../../src/controllers/replicaset/names.js';
import { BACKOFF_INITIAL_US, BACKOFF_MAX_US, CRASH_AFTER_US } from '../../src/kubelet/appfaults.js';
import { SEC } from '../../src/kernel/time.js';
import { runE2E, scenarioWith } from './helpers.js';

const WEB = 'deployment/default/web';
const API = 'deployment/default/api';
const ROLLOUT_S = 300;
const ROLLBACK_S = 1500;
const REPLICAS = 6;
const MAX_UNAVAILABLE = 2;
const DEADLINE_S = 300;

describe('a bad release and its rollback', () => {
  it.each([
    ['never-ready', 1], ['crash-loop', 2], ['pull-error', 3],
  ] as const)('%s: at most maxUnavailable lost, ProgressDeadlineExceeded, no automatic rollback; the rollback restores the old ReplicaSet (seed %i)', (fails, seed) => {
    const msg = `${fails}, seed ${seed}`;
    const scenario = scenarioWith('release', {
      faults: [
        { at: `${ROLLOUT_S}s`, rollout: { workload: 'deployment/web', image: 'example/web:2', fails } },
        { at: `${ROLLBACK_S}s`, rollback: 'deployment/web' },
      ],
    });
    const r = runE2E(scenario, { seed });
    const oldHash = templateHash(scenario.manifests.workloads.find((w) => w.key === WEB)!.template);
    // Before the rollback: never fewer than replicas − maxUnavailable ready, and exactly that once stalled.
    const stalled = r.avail.between(WEB, ROLLOUT_S, ROLLBACK_S);
    for (const row of stalled) expect(row.ready, `${msg}: ready at ${row.t} s`).toBeGreaterThanOrEqual(REPLICAS - MAX_UNAVAILABLE);
    expect(r.avail.at(WEB, ROLLBACK_S - 1).ready, msg).toBe(REPLICAS - MAX_UNAVAILABLE);
    // The deadline passes with no progress: reported once, no rollback by the controller.
    const exceeded = r.events.filter((e) => e.reason === 'ProgressDeadlineExceeded' && e.object === WEB);
    expect(exceeded.length, msg).toBe(1);
    expect(exceeded[0].t - ROLLOUT_S, msg).toBeGreaterThanOrEqual(DEADLINE_S);
    expect(exceeded[0].t, msg).toBeLessThan(ROLLBACK_S);
    expect(r.events.filter((e) => e.reason === 'DeploymentRollback' && e.t < ROLLBACK_S), msg).toEqual([]);
    // After the rollback: the old ReplicaSet is whole again, the bad one empty, no third one.
    const sets = r.world.workloads.replicaSets.ofDeployment(WEB);
    expect(sets.length, msg).toBe(2);
    const old = sets.find((rs) => rs.hash === oldHash)!;
    const bad = sets.find((rs) => rs.hash !== oldHash)!;
    expect([old.replicas, bad.replicas], msg).toEqual([REPLICAS, 0]);
    expect(r.avail.at(WEB, 40 * 60 - 1).ready, msg).toBe(REPLICAS);
    expect(r.events.filter((e) => e.reason === 'DeploymentRollback').map((e) => e.t >= ROLLBACK_S), msg).toEqual([true]);
  });
});

describe('a crash loop', () => {
  it.each([1, 2, 3])('restarts immediately, then after 10 s doubling to 300 s (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const START_S = 120;
    const scenario = scenarioWith('release', {
      faults: [{ at: `${START_S}s`, 'container-crash': 'deployment/api', for: '30m' }],
      set: [[['kubelet', 'containerStart'], '2s']],
    });
    const r = runE2E(scenario, { seed });
    const starts = r.events.filter((e) => e.reason === 'Started' && e.object.startsWith('pod/default/api-') && e.t > START_S).map((e) => e.t);
    // Each start crashes CRASH_AFTER later; the next create begins after the back-off and takes containerStart (2 s).
    const crashAfter = CRASH_AFTER_US / SEC;
    const want: number[] = [];
    let delay = 0;
    let crash = START_S; // the running container crashes when the fault starts
    for (let t = 0; want.length < starts.length; t++) {
      const start = crash + delay + 2;
      want.push(start);
      crash = start + crashAfter;
      delay = delay === 0 ? BACKOFF_INITIAL_US / SEC : Math.min(2 * delay, BACKOFF_MAX_US / SEC);
    }
    expect(starts.length, msg).toBeGreaterThanOrEqual(8);
    for (let k = 0; k < starts.length; k++) expect(starts[k], `${msg}: start ${k + 1}`).toBeCloseTo(want[k], 3);
    // Not ready from the crash to the end of the fault.
    for (const row of r.avail.between(API, START_S + 1, START_S + 1800)) expect(row.ready, `${msg}: at ${row.t} s`).toBe(0);
  });
});
