/**
 * Drain during a rollout never takes a workload below its PodDisruptionBudget: a Deployment of 6
 * (RollingUpdate maxSurge 1, maxUnavailable 0) with a PDB minAvailable 5 and a DaemonSet on every
 * node; a new image is rolled out and, a few seconds later, three nodes that run its pods are
 * drained at once. At every commit the Ready, non-terminating pods of the Deployment stay ≥ 5;
 * evictions refused with 429 are retried every 5 s and all eventually succeed; DaemonSet pods
 * stay where they are. Over 200 seeds (random start delays, drained nodes and drain start).
 */
import { describe, expect, it } from 'vitest';
import { deploymentComplete } from '../../src/controllers/deployment/progress.js';
import { formatSeconds, HOUR, MIN, SEC } from '../../src/kernel/time.js';
import { drain, rollout, type DrainResult } from '../../src/operations/index.js';
import { fixture, podsOf, rig, runUntil } from '../controllers/workloads/harness.js';

const WEB = 'deployment/default/web';
const AGENT = 'daemonset/default/agent';

interface Outcome {
  violations: string[];
  blocked: number;
}

function runSeed(seed: number): Outcome {
  const r = rig(fixture('drain'), seed);
  const { ctx, w } = r;
  const d = () => w.deployments.get(WEB)!;
  const pdb = () => w.pdbs.get('pdb/default/web')!;
  const violations: string[] = [];
  const steady = runUntil(ctx, () => deploymentComplete(d(), d().status) && podsOf(ctx, AGENT).filter((p) => p.ready).length === 12 && pdb().status.disruptionsAllowed === 1, 10 * MIN);
  if (!steady) return { violations: [`seed ${seed}: no steady state`], blocked: 0 };

  const healthy = () => podsOf(ctx, WEB).filter((p) => p.ready && p.deletionTimestamp < 0).length;
  ctx.store.onPod(() => {
    const n = healthy();
    if (n < 5) violations.push(`seed ${seed} t=${formatSeconds(ctx.sim.now)}s: ${n} Ready pods < minAvailable 5`);
  });

  const rng = ctx.streams.stream('test/drain');
  const webNodes = [...new Set(podsOf(ctx, WEB).map((p) => p.node))].sort((a, b) => a - b);
  const nodes = rng.shuffle(webNodes).slice(0, 3).sort((a, b) => a - b);
  const agentsBefore = podsOf(ctx, AGENT).filter((p) => nodes.includes(p.node));
  rollout(w, WEB, 'web:2', r.client);
  let result: DrainResult | undefined;
  ctx.sim.after(Math.round(rng.uniform(0, 5 * SEC)), 'test drain', () => drain(w, nodes, { parallel: true, timeoutUs: 0 }, r.client, (res) => (result = res)));
  const done = runUntil(ctx, () => result !== undefined && d().generation === 2 && deploymentComplete(d(), d().status), ctx.sim.now + 2 * HOUR);
  if (!done) violations.push(`seed ${seed}: drain or rollout unfinished at t=${formatSeconds(ctx.sim.now)}s`);
  else if (!result!.ok) violations.push(`seed ${seed}: drain failed: ${result!.message}`);

  // Drained nodes run no Deployment pod; their DaemonSet pods were never touched.
  for (const p of podsOf(ctx, WEB)) if (nodes.includes(p.node)) violations.push(`seed ${seed}: ${p.key} still on drained node ${p.node}`);
  for (const p of agentsBefore) {
    if (!ctx.store.pods.has(p.uid) || p.deletionTimestamp >= 0) violations.push(`seed ${seed}: DaemonSet pod ${p.key} was removed`);
  }
  if (ctx.events.rows.some((e) => e.reason === 'Evicted' && e.object.includes('/agent-'))) violations.push(`seed ${seed}: a DaemonSet pod was evicted`);

  // 429s are retried every 5 s (plus the 1 ms commit of the ideal control plane).
  const blocked = ctx.events.byReason('EvictionBlocked');
  const last = new Map<string, number>();
  for (const e of blocked) {
    expect(e.message).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    const prev = last.get(e.object);
    if (prev !== undefined && (e.time - prev < 5 * SEC || e.time - prev > 5 * SEC + 10_000)) violations.push(`seed ${seed}: retry of ${e.object} after ${formatSeconds(e.time - prev)}s`);
    last.set(e.object, e.time);
  }
  // Each refused pod eventually went: evicted on a retry, or deleted by the rollout meanwhile (then the retry gets 404).
  for (const pod of last.keys()) {
    if ([...ctx.store.pods.values()].some((p) => p.key === pod)) violations.push(`seed ${seed}: ${pod} was refused and is still there`);
  }
  return { violations, blocked: blocked.length };
}

describe('kubectl drain during a rollout', () => {
  it('never takes the Deployment below its PDB; 429s retried every 5 s succeed; DaemonSet pods skipped (200 seeds)', () => {
    const violations: string[] = [];
    let blocked = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const o = runSeed(seed);
      violations.push(...o.violations);
      blocked += o.blocked;
    }
    expect(violations).toEqual([]);
    // The budget really was exhausted and evictions really were refused.
    expect(blocked).toBeGreaterThan(200);
  });
});
