import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import { fixed } from '../../src/kernel/dist.js';
import { MS, SEC } from '../../src/kernel/time.js';
import type { Scenario } from '../../src/scenario/types.js';
import { addPods, at, buildWorld, crash, restore, runTo, start, truthLog, type TestWorld } from './harness.js';

/** Fixed kubelet timings, so the arithmetic below is exact: pull 3 s, start 1 s, stop 1 s, boot 30 s. */
function fixedTimings(s: Scenario): Scenario {
  return { ...s, kubelet: { ...s.kubelet, imagePull: fixed(3 * SEC), containerStart: fixed(1 * SEC), podStop: fixed(1 * SEC), bootTime: fixed(30 * SEC) } };
}

function eventTimes(w: TestWorld, reason: string, object: string): number[] {
  return w.ctx.events.rows.filter((e) => e.reason === reason && e.object === object).map((e) => e.time);
}

/** A client-side DELETE from the control-plane host (commits 1 ms later on the ideal path). */
function deletePod(w: TestWorld, pod: PodObj): void {
  w.ctx.writePath.submit(w.scenario.topology.controlPlane[0].id, 'client-apiserver', 'delete', () => w.ctx.store.markDeleting(pod, w.sim.now, 'Test'));
}

describe('kubelet pod lifecycle', () => {
  it('starts a bound pod: pull 3 s, start 1 s, readiness at the first probe tick ≥ start + 5 s; truth then report', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const truth = truthLog(w);
    const readyAt: number[] = [];
    w.ctx.store.onPod((p, c) => c === 'status' && p.ready && readyAt.push(w.sim.now));
    const [pod] = addPods(w, 'api', [0]);
    start(w);
    runTo(w, 30);
    expect(eventTimes(w, 'Started', pod.key)).toEqual([4 * SEC]);
    // Probe worker created at admission (0 s), ticks every 10 s: 0 s, 10 s, … Started at 4 s, the
    // first probe that counts is the first tick at or after 4 + initialDelaySeconds 5 = 9 s: 10 s.
    expect(truth.get(pod.uid)).toEqual([[10 * SEC, true]]);
    expect(readyAt).toEqual([10 * SEC + 1 * MS]); // the status write commits 1 ms later
    expect(pod).toMatchObject({ phase: 'Running', ready: true, restarts: 0 });
    expect(w.ctx.metrics.value('test/api', 2)).toBe(1);
  });

  it('skips the pull when the image is on disk, and pulls one image at a time', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const [a] = addPods(w, 'web', [0]);
    const [b] = addPods(w, 'api', [0]);
    const [c] = addPods(w, 'short', [0]); // same image as web: waits for the same pull
    start(w);
    let d!: PodObj;
    at(w, 60, () => ([d] = addPods(w, 'web', [0])));
    runTo(w, 70);
    expect(eventTimes(w, 'Started', a.key)).toEqual([4 * SEC]); // pull 0–3 s, start 3–4 s
    expect(eventTimes(w, 'Started', b.key)).toEqual([7 * SEC]); // pull 3–6 s (serialized), start 6–7 s
    expect(eventTimes(w, 'Started', c.key)).toEqual([4 * SEC]);
    expect(eventTimes(w, 'Started', d.key)).toEqual([61 * SEC + 1 * MS]); // seen 1 ms after binding; no pull
  });

  it('runs a Job pod for its run duration, then reports Succeeded', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const truth = truthLog(w);
    const [pod] = addPods(w, 'batch', [1]);
    start(w);
    runTo(w, 100);
    expect(truth.get(pod.uid)).toEqual([[4 * SEC, true], [34 * SEC, false]]); // run-duration 30s
    expect(pod).toMatchObject({ phase: 'Succeeded', ready: false });
  });

  it('kills a deleted pod at once and confirms after podStop, capped at the grace period', () => {
    const w = buildWorld('small', 1, (s) => ({ ...fixedTimings(s), kubelet: { ...fixedTimings(s).kubelet, podStop: fixed(10 * SEC) } }));
    const truth = truthLog(w);
    let removedAt = -1;
    w.ctx.store.onPod((_p, c) => c === 'removed' && (removedAt = w.sim.now));
    const [pod] = addPods(w, 'api', [2]); // terminationGracePeriodSeconds: 2
    start(w);
    at(w, 20, () => deletePod(w, pod));
    runTo(w, 40);
    // DELETE commits at 20.001 s, the kubelet sees it at 20.002 s: SIGTERM, then 2 s (not 10 s), then the confirming write.
    expect(truth.get(pod.uid)).toEqual([[10 * SEC, true], [20 * SEC + 2 * MS, false]]);
    expect(eventTimes(w, 'Killing', pod.key)).toEqual([20 * SEC + 2 * MS]);
    expect(removedAt).toBe(22 * SEC + 3 * MS);
    expect(w.ctx.store.pods.has(pod.uid)).toBe(false);
  });
});

describe('kubelet and its host', () => {
  it('dies with its host; after boot restarts pods still bound (restarts + 1) and confirms pods deleted meanwhile', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const truth = truthLog(w);
    const [kept, gone] = addPods(w, 'web', [0], 2);
    const node = w.ctx.store.nodes[0];
    start(w);
    at(w, 100, () => crash(w, 0));
    at(w, 150, () => deletePod(w, gone));
    at(w, 200, () => restore(w, 0));
    runTo(w, 229);
    expect(truth.get(kept.uid)).toEqual([[4 * SEC, true], [100 * SEC, false]]);
    expect(gone.deletionTimestamp).toBe(150 * SEC + 1 * MS);
    expect(w.ctx.store.pods.has(gone.uid)).toBe(true); // Terminating: nobody can confirm
    expect(node.ready).toBe('Unknown');
    runTo(w, 300);
    // Boot 30 s: the kubelet starts at 230 s, posts Ready, re-syncs: the image is on disk, start 1 s.
    expect(eventTimes(w, 'Starting', 'node/r1-a-r1-n1')).toEqual([230 * SEC]);
    expect(eventTimes(w, 'Rebooted', 'node/r1-a-r1-n1')).toEqual([230 * SEC]);
    expect(eventTimes(w, 'NodeReady', 'node/r1-a-r1-n1')).toEqual([230 * SEC + 1 * MS]);
    expect(node.ready).toBe('True');
    expect(truth.get(kept.uid)).toEqual([[4 * SEC, true], [100 * SEC, false], [231 * SEC, true]]);
    expect(kept).toMatchObject({ phase: 'Running', ready: true, restarts: 1 });
    expect(w.ctx.store.pods.has(gone.uid)).toBe(false);
    expect(w.kubelets.lastRenewal(0, 299 * SEC)).toBe(290 * SEC); // renews from its start, every 10 s
  });

  it('keeps an image whose pods were all deleted mid-pull across a crash: the pull finished in the runtime', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const [a] = addPods(w, 'web', [0]);
    start(w);
    at(w, 1, () => deletePod(w, a)); // mid-pull (0–3 s): the pod dies, the pull goes on
    at(w, 10, () => crash(w, 0));
    at(w, 20, () => restore(w, 0)); // boot 30 s: the kubelet is back at 50 s
    let b!: PodObj;
    at(w, 60, () => ([b] = addPods(w, 'web', [0])));
    runTo(w, 70);
    expect(eventTimes(w, 'Started', a.key)).toEqual([]);
    expect(eventTimes(w, 'Started', b.key)).toEqual([61 * SEC + 1 * MS]); // no second pull
  });

  it('cut off from the API servers for 40 s, it misses bindings; its status writes time out and are retried at the first sync tick after the path returns', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const truth = truthLog(w);
    const changes: number[] = [];
    w.kubelets.onRenewalChange((h) => h === 0 && changes.push(w.sim.now));
    let early!: PodObj;
    let late!: PodObj;
    start(w);
    // Seen at 99.001 s (probe ticks from there every 10 s), started at 103.001 s, ready at the first
    // tick ≥ 108.001 s: 109.001 s, while cut off.
    at(w, 99, () => ([early] = addPods(w, 'api', [0])));
    at(w, 100, () => w.path.setCut([0], true));
    at(w, 110, () => ([late] = addPods(w, 'web', [0])));
    // The Ready write sent at 109.001 s waits for the path and times out at 116.001 s (7 s).
    let eventsAt117 = 0;
    at(w, 117, () => (eventsAt117 = w.sim.eventsRun));
    runTo(w, 139.9);
    expect(w.sim.eventsRun - eventsAt117).toBe(0); // no retry event every 10 s while cut off
    expect(truth.get(early.uid)).toEqual([[109 * SEC + 1 * MS, true]]);
    expect(early.ready).toBe(false);
    expect(truth.get(late.uid)).toBeUndefined();
    expect(w.kubelets.lastRenewal(0, 139 * SEC)).toBeLessThan(100 * SEC);
    at(w, 140, () => w.path.setCut([0], false));
    runTo(w, 170);
    expect(changes).toEqual([100 * SEC, 140 * SEC]);
    // The renewal due after 100 s waited, timed out after 10 s and was retried at once, again and
    // again (5 Updates back to back): the one in flight at 140 s commits then.
    expect(w.kubelets.lastRenewal(0, 140 * SEC)).toBe(140 * SEC);
    expect(w.kubelets.lastRenewal(0, 150 * SEC)).toBe(150 * SEC);
    expect(w.kubelets.renewalFailures(0)).toBeGreaterThanOrEqual(3);
    expect(early.ready).toBe(true);
    expect(early.readySince).toBeGreaterThan(140 * SEC);
    expect(early.readySince).toBeLessThanOrEqual(150 * SEC + 1 * MS); // the next 10 s status tick, + commit
    expect(eventTimes(w, 'Started', late.key)).toEqual([144 * SEC]); // re-sync at 140 s, then pull 3 s and start 1 s
    expect(w.ctx.store.nodes[0].ready).toBe('True'); // 40 s without renewals: within the grace period
  });

  it('kubelet-stop: containers keep running, nothing is reported or confirmed until it starts again', () => {
    const w = buildWorld('small', 1, fixedTimings);
    const truth = truthLog(w);
    const [pod] = addPods(w, 'web', [3]);
    start(w);
    at(w, 30, () => w.kubelets.stopKubelet(3));
    at(w, 40, () => deletePod(w, pod));
    at(w, 60, () => w.kubelets.startKubelet(3));
    runTo(w, 59);
    expect(truth.get(pod.uid)).toEqual([[4 * SEC, true]]);
    expect(w.ctx.store.pods.has(pod.uid)).toBe(true);
    expect(w.kubelets.isRenewing(3)).toBe(false);
    runTo(w, 70);
    expect(eventTimes(w, 'Starting', 'node/r1-a-r1-n4')).toEqual([60 * SEC]);
    expect(eventTimes(w, 'Rebooted', 'node/r1-a-r1-n4')).toEqual([]);
    expect(truth.get(pod.uid)).toEqual([[4 * SEC, true], [60 * SEC, false]]);
    expect(w.ctx.store.pods.has(pod.uid)).toBe(false); // stop 1 s, confirmation commits at 61.001 s
    expect(w.kubelets.lastRenewal(3, 65 * SEC)).toBe(60 * SEC);
  });
});
