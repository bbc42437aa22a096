/**
 * The rolling-update invariant over many seeds: while a Deployment rolls from one template to the
 * next, at every commit Σ ReplicaSet spec replicas ≤ replicas + maxSurge and the available pods
 * (active, Ready for more than minReadySeconds) ≥ replicas − maxUnavailable; the rollout completes.
 * Start delays are random per seed (the fake kubelet's stream); the settings cycle over
 * integer and percentage fenceposts and minReadySeconds. The fenceposts of each case are computed by
 * hand from upstream's rule (pkg/controller/deployment/util ResolveFenceposts: maxSurge rounds up,
 * maxUnavailable rounds down, both 0 → maxUnavailable 1), never by the code under test, and the
 * peaks are asserted exactly: the first scale-up of a rollout takes Σ spec to replicas + maxSurge, and
 * the first scale-down takes available to replicas − maxUnavailable.
 */
import { describe, expect, it } from 'vitest';
import { isActive } from '../../../src/apiserver/objects.js';
import { resolveFenceposts } from '../../../src/controllers/deployment/util.js';
import { deploymentComplete } from '../../../src/controllers/deployment/progress.js';
import { formatSeconds, MIN, SEC } from '../../../src/kernel/time.js';
import type { IntOrPercent } from '../../../src/manifests/types.js';
import { rollout } from '../../../src/operations/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { fixture, podsOf, rig, runUntil } from './harness.js';

interface Case {
  replicas: number;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  minReadySeconds: number;
  /** maxSurge resolved by hand (percentages round up). */
  surge: number;
  /** maxUnavailable resolved by hand (percentages round down; 1 when both resolve to 0). */
  unavailable: number;
}

const CASES: Case[] = [
  // 25 % of 10 = 2.5: surge ⌈2.5⌉ = 3, unavailable ⌊2.5⌋ = 2.
  { replicas: 10, maxSurge: { percent: 25 }, maxUnavailable: { percent: 25 }, minReadySeconds: 0, surge: 3, unavailable: 2 },
  { replicas: 10, maxSurge: { int: 1 }, maxUnavailable: { int: 0 }, minReadySeconds: 0, surge: 1, unavailable: 0 },
  { replicas: 10, maxSurge: { int: 0 }, maxUnavailable: { int: 1 }, minReadySeconds: 5, surge: 0, unavailable: 1 },
  // 50 % of 10 = 5 exactly.
  { replicas: 10, maxSurge: { percent: 50 }, maxUnavailable: { int: 0 }, minReadySeconds: 3, surge: 5, unavailable: 0 },
  { replicas: 10, maxSurge: { int: 3 }, maxUnavailable: { int: 2 }, minReadySeconds: 0, surge: 3, unavailable: 2 },
  // 30 % of 10 = 3 exactly.
  { replicas: 10, maxSurge: { int: 0 }, maxUnavailable: { percent: 30 }, minReadySeconds: 2, surge: 0, unavailable: 3 },
  // 25 % of 4 = 1 exactly.
  { replicas: 4, maxSurge: { percent: 25 }, maxUnavailable: { percent: 25 }, minReadySeconds: 5, surge: 1, unavailable: 1 },
  // 10 % of 5 = 0.5: surge ⌈0.5⌉ = 1, unavailable ⌊0.5⌋ = 0.
  { replicas: 5, maxSurge: { percent: 10 }, maxUnavailable: { percent: 10 }, minReadySeconds: 0, surge: 1, unavailable: 0 },
  // 0 % and 10 % of 3 = 0.3: both resolve to 0 → maxUnavailable 1.
  { replicas: 3, maxSurge: { percent: 0 }, maxUnavailable: { percent: 10 }, minReadySeconds: 1, surge: 0, unavailable: 1 },
  // 40 % of 7 = 2.8: surge 3; 20 % of 7 = 1.4: unavailable 1.
  { replicas: 7, maxSurge: { percent: 40 }, maxUnavailable: { percent: 20 }, minReadySeconds: 1, surge: 3, unavailable: 1 },
  // 40 % of 7 = 2.8 for both: surge 3, unavailable 2.
  { replicas: 7, maxSurge: { percent: 40 }, maxUnavailable: { percent: 40 }, minReadySeconds: 0, surge: 3, unavailable: 2 },
  // One replica, 25 % each = 0.25: surge 1, unavailable 0.
  { replicas: 1, maxSurge: { percent: 25 }, maxUnavailable: { percent: 25 }, minReadySeconds: 0, surge: 1, unavailable: 0 },
];

const KEY = 'deployment/default/web';

function variant(base: Scenario, c: Case): Scenario {
  const w = base.manifests.workloads[0];
  return { ...base, manifests: { ...base.manifests, workloads: [{ ...w, ...c }] } };
}

/** Runs one seed; returns the violations (empty when the invariant held and the rollout completed). */
function runSeed(seed: number, c: Case): string[] {
  const r = rig(variant(fixture('rolling'), c), seed);
  const { ctx, w } = r;
  const d = () => w.deployments.get(KEY)!;
  const settled = runUntil(ctx, () => deploymentComplete(d(), d().status), 10 * MIN);
  if (!settled) return [`seed ${seed}: initial rollout did not complete`];
  const { surge, unavailable } = c;
  const violations: string[] = [];
  let checking = true;
  let peakSpec = 0;
  let lowestAvailable = c.replicas;
  const check = () => {
    if (!checking) return;
    const now = ctx.sim.now;
    const spec = w.replicaSets.ofDeployment(KEY).reduce((n, rs) => n + rs.replicas, 0);
    peakSpec = Math.max(peakSpec, spec);
    if (spec > c.replicas + surge) violations.push(`seed ${seed} t=${formatSeconds(now)}s: Σ spec replicas ${spec} > ${c.replicas} + ${surge}`);
    const available = podsOf(ctx, KEY).filter((p) => isActive(p) && p.ready && (c.minReadySeconds === 0 || p.readySince + c.minReadySeconds * SEC < now)).length;
    lowestAvailable = Math.min(lowestAvailable, available);
    if (available < c.replicas - unavailable) violations.push(`seed ${seed} t=${formatSeconds(now)}s: available ${available} < ${c.replicas} − ${unavailable}`);
  };
  ctx.store.onPod(check);
  w.replicaSets.onChange(check);
  rollout(w, KEY, 'web:2', r.client);
  const done = runUntil(ctx, () => {
    const dep = d();
    const pods = podsOf(ctx, KEY);
    return dep.generation === 2 && deploymentComplete(dep, dep.status) && pods.length === c.replicas && pods.every((p) => p.template.image === 'web:2');
  }, ctx.sim.now + 30 * MIN);
  checking = false;
  if (!done) violations.push(`seed ${seed}: rollout did not complete by t=${formatSeconds(ctx.sim.now)}s`);
  // The bounds are reached, not merely respected: a controller that rounds a fencepost the wrong way
  // stays inside a looser bound but misses these equalities.
  if (peakSpec !== c.replicas + surge) violations.push(`seed ${seed}: peak Σ spec replicas ${peakSpec}, expected exactly ${c.replicas} + ${surge}`);
  if (lowestAvailable !== c.replicas - unavailable) violations.push(`seed ${seed}: lowest available ${lowestAvailable}, expected exactly ${c.replicas} − ${unavailable}`);
  return violations;
}

describe('Deployment rolling update', () => {
  it('resolves maxSurge / maxUnavailable to the hand-computed fenceposts of every case', () => {
    for (const c of CASES) {
      expect(resolveFenceposts(c.maxSurge, c.maxUnavailable, c.replicas), JSON.stringify(c)).toEqual({ surge: c.surge, unavailable: c.unavailable });
    }
  });

  it('keeps Σ spec ≤ replicas + maxSurge and available ≥ replicas − maxUnavailable at every commit, reaching both exactly, over 200 seeds', () => {
    const violations: string[] = [];
    for (let seed = 1; seed <= 200; seed++) violations.push(...runSeed(seed, CASES[seed % CASES.length]));
    expect(violations).toEqual([]);
  });

  it('names the ReplicaSets after the template hash and records revisions', () => {
    const r = rig(fixture('rolling'), 7);
    const d = () => r.w.deployments.get(KEY)!;
    runUntil(r.ctx, () => deploymentComplete(d(), d().status), 10 * MIN);
    rollout(r.w, KEY, 'web:2', r.client);
    runUntil(r.ctx, () => d().generation === 2 && deploymentComplete(d(), d().status), r.ctx.sim.now + 30 * MIN);
    const rss = r.w.replicaSets.ofDeployment(KEY);
    expect(rss.map((rs) => rs.annotations.revision)).toEqual([1, 2]);
    expect(rss.map((rs) => rs.replicas)).toEqual([0, 10]);
    for (const rs of rss) expect(rs.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const pods = podsOf(r.ctx, KEY);
    for (const p of pods) {
      expect(p.name).toMatch(new RegExp(`^${rss[1].name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.owner).toEqual({ kind: 'ReplicaSet', key: rss[1].key });
      expect(p.revision).toBe(rss[1].hash);
    }
    const scaling = r.ctx.events.byReason('ScalingReplicaSet').map((e) => e.message);
    expect(scaling[0]).toBe(`Scaled up replica set ${rss[0].name} from 0 to 10`);
    expect(scaling).toContain(`Scaled down replica set ${rss[0].name} from 1 to 0`);
  });
});
