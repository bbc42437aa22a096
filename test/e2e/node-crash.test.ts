/**
 * A node that holds a web pod dies silently in a full run (ground-truth.md §3; kubernetes.md §1
 * dead-node timeline), read from the run's availability.csv and events.csv:
 * - at the crash its pods stop serving (`serving` and `ready` drop) while the Service's
 *   endpoints still list them — traffic sent into a black hole;
 * - once the grace period (50 s, 40 s before v1.32) has passed since the node's last Lease
 *   renewal (to within one 5 s monitor period) the node is NotReady, the pods are marked
 *   NotReady (`reported` drops) and the endpoints drop them, at the same moment;
 * - the node is tainted unreachable:NoExecute at the next pass (+ ≤100 ms tainting tick), and
 *   the pods are deleted 300 s later (default toleration); the ReplicaSet replaces them at once;
 * - a replacement is Ready after scheduling + image pull + container start.
 */
import { describe, expect, it } from 'vitest';
import { TAINT_UNREACHABLE } from '../../src/apiserver/objects.js';
import { distMean, distVariance } from '../../src/kernel/dist.js';
import { Rng } from '../../src/kernel/rng.js';
import { SEC } from '../../src/kernel/time.js';
import { expectWithin, meanTolerance } from '../helpers/stats.js';
import { placementAt, runE2E, scenarioWith } from './helpers.js';

const SEEDS = 20;
const SVC = 'service/default/web';
const WEB = 'deployment/default/web';
/** Commit latencies of the real control plane (fsync, cross-zone hops) and reaction delays, in seconds. */
const DELTA = 0.05;

describe.each([
  ['1.33', 50],
  ['1.31', 40],
] as const)('node crash timeline, Kubernetes %s (grace %i s)', (version, graceS) => {
  it(`in a full run with a Deployment behind a Service, seeds 1…${SEEDS}`, () => {
    const sinceRenewal: number[] = [];
    const startUp: number[] = [];
    let pullStart = { mean: 0, variance: 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const msg = `seed ${seed}, Kubernetes ${version}`;
      // A dry run of the same seed shows where the pods land (the fault does not change anything before it starts).
      const base = scenarioWith('crash', { kubernetesVersion: version });
      const victim = placementAt(base, seed, 60).get(WEB)![0].node;
      const crashMs = 100_000 + new Rng(`e2e-crash-${seed}`).int(30_000);
      const crashS = crashMs / 1000;
      const scenario = scenarioWith('crash', { kubernetesVersion: version, faults: [{ at: `${crashMs}ms`, 'node-crash': victim }] });
      const host = scenario.topology.hostByName.get(victim)!;
      let lastRenewalS = Number.NaN;
      let taintedS = Number.NaN;
      const run = runE2E(scenario, { seed }, (w) => {
        w.ctx.events.listen((e) => {
          if (e.reason === 'FaultStarted') lastRenewalS = (w.kubelets.lastRenewal(host, e.time) - w.originUs) / SEC;
        });
        w.ctx.store.onNode((n) => {
          if (n.host === host && Number.isNaN(taintedS) && n.taints.some((t) => t.key === TAINT_UNREACHABLE && t.effect === 'NoExecute')) taintedS = (w.ctx.sim.now - w.originUs) / SEC;
        });
      });
      const { avail, events } = run;
      const onVictim = events.filter((e) => e.reason === 'Scheduled' && e.t < crashS && e.message.endsWith(` to ${victim}`)).map((e) => e.object);
      const k = onVictim.length;
      expect(k, `${msg}: web pods on ${victim}`).toBeGreaterThanOrEqual(1);
      expect(crashS - lastRenewalS, msg).toBeLessThanOrEqual(10);

      // Before the crash: all three serve. At the crash: truth and serving drop, endpoints and reported do not.
      expect(avail.at(SVC, crashS - 1e-3), msg).toMatchObject({ ready: 3, reported: 3, endpoints: 3, serving: 3 });
      expect(avail.at(SVC, crashS), msg).toMatchObject({ t: crashS, ready: 3 - k, reported: 3, endpoints: 3, serving: 3 - k });
      // The black hole: endpoints keep the dead pods until the controller notices.
      const dropped = avail.first(SVC, crashS, (r) => r.endpoints! < 3)!;
      for (const r of avail.between(SVC, crashS, dropped.t)) expect(r.endpoints! - r.serving!, `${msg}: black hole at ${r.t}`).toBe(k);
      const reportedDrop = avail.first(WEB, crashS, (r) => r.reported < 3)!;
      expect(reportedDrop.reported, msg).toBe(3 - k);
      expect(Math.abs(dropped.t - reportedDrop.t), `${msg}: endpoints at ${dropped.t}, reported at ${reportedDrop.t}`).toBeLessThan(DELTA);
      const nodeNotReady = events.find((e) => e.reason === 'NodeNotReady' && e.object === `node/${victim}`)!;
      expect(reportedDrop.t - nodeNotReady.t, msg).toBeGreaterThanOrEqual(0);
      expect(reportedDrop.t - nodeNotReady.t, msg).toBeLessThan(DELTA);
      // Grace after the last renewal, to within one monitor period.
      expect(nodeNotReady.t - lastRenewalS, msg).toBeGreaterThanOrEqual(graceS);
      expect(nodeNotReady.t - lastRenewalS, msg).toBeLessThanOrEqual(graceS + 5 + DELTA);
      sinceRenewal.push(nodeNotReady.t - lastRenewalS);

      // Taint at the next pass (+ the 100 ms tainting tick); deletion 300 s after it; replacement at once.
      expect(taintedS - nodeNotReady.t, msg).toBeGreaterThanOrEqual(5 - DELTA);
      expect(taintedS - nodeNotReady.t, msg).toBeLessThanOrEqual(5.1 + DELTA);
      const evictions = events.filter((e) => e.reason === 'TaintManagerEviction');
      expect(evictions.map((e) => e.object).sort(), msg).toEqual([...onVictim].sort());
      for (const e of evictions) {
        expect(e.t - taintedS, msg).toBeGreaterThanOrEqual(300);
        expect(e.t - taintedS, msg).toBeLessThanOrEqual(300 + DELTA);
      }
      const deletedS = evictions[0].t;
      const created = events.filter((e) => e.reason === 'SuccessfulCreate' && e.t >= deletedS);
      expect(created.length, msg).toBe(k);
      for (const c of created) expect(c.t - deletedS, msg).toBeLessThan(DELTA + 0.1);
      // Replacements: Ready (ready back to 3) after scheduling, image pull and container start.
      const names = created.map((c) => `pod/default/${c.message.replace('Created pod: ', '')}`);
      const scheduled = names.map((n) => events.find((e) => e.reason === 'Scheduled' && e.object === n)!);
      const started = names.map((n) => events.find((e) => e.reason === 'Started' && e.object === n)!);
      const back = avail.first(WEB, deletedS, (r) => r.ready === 3)!;
      expect(back.t, msg).toBe(Math.max(...started.map((e) => e.t)));
      expect(avail.first(SVC, deletedS, (r) => r.serving === 3)!.t - back.t, msg).toBeLessThan(DELTA);
      for (let i = 0; i < k; i++) {
        expect(scheduled[i].t - created[i].t, msg).toBeLessThan(DELTA);
        startUp.push(started[i].t - scheduled[i].t);
      }
      // Nothing else moved: the two other pods served throughout.
      expect(Math.min(...avail.between(WEB, crashS, back.t).map((r) => r.ready)), msg).toBe(3 - k);
      pullStart = {
        mean: distMean(scenario.kubelet.imagePull) / SEC + distMean(scenario.kubelet.containerStart) / SEC,
        variance: (distVariance(scenario.kubelet.imagePull) + distVariance(scenario.kubelet.containerStart)) / SEC ** 2,
      };
    }
    // The probe pass falls anywhere in the 5 s after the last renewal: the seeds cover that window
    // (each seed's offset is uniform over it, so 20 seeds all missing a 1.5 s end has odds 0.7²⁰ ≈ 1e-3).
    expect(Math.min(...sinceRenewal), `seeds 1…${SEEDS}: earliest NotReady after the last renewal`).toBeLessThan(graceS + 1.5);
    expect(Math.max(...sinceRenewal), `seeds 1…${SEEDS}: latest NotReady after the last renewal`).toBeGreaterThan(graceS + 3.5);
    // Scheduled → Started is image pull + container start (+ a 1 ms watch delivery).
    const mean = startUp.reduce((a, b) => a + b, 0) / startUp.length;
    expectWithin(mean, pullStart.mean, meanTolerance(pullStart.variance, startUp.length) + 0.002,
      { seed: `1…${SEEDS}`, what: `mean start-up of a replacement (Kubernetes ${version})`, n: startUp.length });
    console.log(`Kubernetes ${version}: NotReady ${Math.min(...sinceRenewal).toFixed(3)}–${Math.max(...sinceRenewal).toFixed(3)} s after the last renewal; `
      + `replacement start-up mean ${mean.toFixed(3)} s (expected ${pullStart.mean.toFixed(3)} s), n=${startUp.length}`);
  });
});
