/**
 * scenarios/drain-zone-during-rollout.yaml: `kubectl drain` of every node of eu-west-b (in
 * parallel, 20 min timeout) at the moment a rollout of the guestbook frontend starts. The drain
 * never takes a workload below its PodDisruptionBudget; the published CockroachDB budget
 * (minAvailable 67 % of 3, rounded up to 3) allows no eviction at all, so its node never drains.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEdited } from '../faults/helpers.js';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('drain-zone-during-rollout');
const run = new ScenarioRun(s);
const START = 3600;
const END = s.durationUs / 1e6;
const zoneB = s.topology.nodes.filter((n) => n.name.startsWith('eu-west-b-')).map((n) => `node/${n.name}`);

describe('drain-zone-during-rollout: drain eu-west-b while the frontend rolls out', () => {
  it('never below a PDB: frontend ≥ 2 ready (minAvailable 2), redis-replica ≥ 1 (maxUnavailable 1)', () => {
    const frontend = run.range('deployment/default/frontend', 'ready', START, END);
    // The scheduler spread the three frontend pods over the three zones, so the drain evicted the
    // only one in eu-west-b and the frontend went to exactly 2; here the budget allowed it (the
    // variant below is where the budget binds).
    expect(frontend.min).toBe(2);
    expect(run.range('service/default/frontend', 'serving', START, END).min).toBe(2);
    expect(run.range('deployment/default/redis-replica', 'ready', START, END).min).toBeGreaterThanOrEqual(1);
    expect(run.events('Evicted', START, END, 'pod/default/frontend').length).toBeGreaterThan(0);
  });

  it('never below a PDB over 20 seeds (other placements, other timings)', () => {
    for (let seed = 2; seed <= 21; seed++) {
      const r = new ScenarioRun(s, { seed });
      expect(r.range('deployment/default/frontend', 'ready', START, END).min, `frontend, seed ${seed}`).toBeGreaterThanOrEqual(2);
      expect(r.range('deployment/default/redis-replica', 'ready', START, END).min, `redis-replica, seed ${seed}`).toBeGreaterThanOrEqual(1);
      expect(r.range('statefulset/default/cockroachdb', 'ready', START, END).min, `cockroachdb, seed ${seed}`).toBe(3);
    }
  });

  it('the rollout completes during the drain', () => {
    const scaled = run.events('ScalingReplicaSet', START, END, 'deployment/default/frontend').map((e) => e.message);
    expect(scaled[scaled.length - 1]).toMatch(/^Scaled down replica set frontend-\w+ from 1 to 0$/);
    expect(run.at('deployment/default/frontend', 'ready', START + 600)).toBe(3);
  });

  it('the CockroachDB budget (67 % of 3 rounds up to 3) blocks its pod: that node never drains, the others do', () => {
    const blocked = run.events('EvictionBlocked', START, END);
    expect(new Set(blocked.map((e) => e.object)).size).toBe(1);
    expect(blocked[0].object).toMatch(/^pod\/default\/cockroachdb-\d$/);
    expect(blocked[0].message).toMatch(/Cannot evict pod as it would violate the pod's disruption budget/);
    // kubectl retries every 5 s until its 20 min timeout.
    expect(blocked.length).toBeGreaterThanOrEqual(1200 / 5 - 1);
    const failed = run.events('DrainFailed', START, END);
    expect(failed).toHaveLength(1);
    expect(failed[0].time / 1e6).toBeCloseTo(START + 1200, 0);
    const drained = new Set(run.events('NodeDrained', START, END).map((e) => e.object));
    expect([...drained, failed[0].object].sort()).toEqual([...zoneB].sort());
    expect(run.range('statefulset/default/cockroachdb', 'ready', START, END)).toEqual({ min: 3, max: 3 });
  });
});

describe('drain-zone-during-rollout with `for: 10m`: the end of the fault stops the drain', () => {
  const file = fileURLToPath(new URL('../../scenarios/drain-zone-during-rollout.yaml', import.meta.url));
  const manifests = fileURLToPath(new URL('../../scenarios/manifests/', import.meta.url));
  const tenMinutes = loadEdited(file, (t) => t.replaceAll('- manifests/', `- ${manifests}`).replace('timeout: 20m } }', 'timeout: 20m }, for: 10m }'));
  const r = new ScenarioRun(tenMinutes);
  const endS = START + 600;

  it('kubectl is killed at the end: no eviction retried after it, no DrainFailed from its timeout', () => {
    expect(r.events('FaultEnded', endS, endS)).toHaveLength(1);
    const blocked = r.events('EvictionBlocked', START, END);
    // 5 s retries for 10 min, then nothing.
    expect(blocked.length, `seed ${tenMinutes.seed}`).toBeGreaterThanOrEqual(600 / 5 - 1);
    expect(blocked.filter((e) => e.time / 1e6 > endS), `seed ${tenMinutes.seed}`).toEqual([]);
    expect(r.events('Evicted', endS + 0.001, END)).toEqual([]);
    expect(r.events('DrainFailed', START, END)).toEqual([]);
  });

  it('then uncordons every node of the zone', () => {
    const uncordoned = new Set(r.events('NodeSchedulable', endS, endS + 1).map((e) => e.object));
    expect([...uncordoned].sort()).toEqual([...zoneB].sort());
  });
});

describe('drain-zone-during-rollout with the frontend preferring eu-west-b: the budget is what binds', () => {
  // All three frontend pods start in eu-west-b (preferred node affinity), so the parallel drain asks
  // to evict the three at once. With minAvailable 2 the Eviction API allows one disruption at a time
  // (pkg/registry/core/pod/storage/eviction.go, checkAndDecrement: disruptionsAllowed = healthy −
  // minAvailable); without the budget nothing stops the three evictions.
  const file = fileURLToPath(new URL('../../scenarios/drain-zone-during-rollout.yaml', import.meta.url));
  const manifests = fileURLToPath(new URL('../../scenarios/manifests/', import.meta.url));
  const guestbook = join(mkdtempSync(join(tmpdir(), 'kubeblast-drain-')), 'guestbook.yaml');
  const preferB = `    spec:
      affinity:
        nodeAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              preference: { matchExpressions: [{ key: topology.kubernetes.io/zone, operator: In, values: [eu-west-b] }] }
      containers:
      - name: php-redis`;
  const text = readFileSync(join(manifests, 'guestbook-all-in-one.yaml'), 'utf8');
  writeFileSync(guestbook, text.replace('    spec:\n      containers:\n      - name: php-redis', preferB));
  const withBudget = loadEdited(file, (t) => t.replace('- manifests/guestbook-all-in-one.yaml', `- ${guestbook}`).replaceAll('- manifests/', `- ${manifests}`));
  const withoutBudget = { ...withBudget, manifests: { ...withBudget.manifests, pdbs: withBudget.manifests.pdbs.filter((p) => p.name !== 'frontend') } };
  const SEEDS = [1, 2, 3];

  it('the affinity puts every frontend pod in eu-west-b before the drain', () => {
    const r = new ScenarioRun(withBudget, { seed: SEEDS[0] });
    const placed = r.events('Scheduled', -Infinity, START).filter((e) => e.object.startsWith('pod/default/frontend-'));
    expect(placed.length, `seed ${SEEDS[0]}`).toBe(3);
    for (const e of placed) expect(e.message, `seed ${SEEDS[0]}`).toMatch(/to eu-west-b-/);
  });

  it('with the budget: evictions of the frontend are refused, and it never goes below 2', () => {
    for (const seed of SEEDS) {
      const r = new ScenarioRun(withBudget, { seed });
      const refused = r.events('EvictionBlocked', START, END).filter((e) => e.object.startsWith('pod/default/frontend-'));
      expect(refused.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(r.range('deployment/default/frontend', 'ready', START, END).min, `seed ${seed}`).toBe(2);
    }
  });

  it('without it: the same drain takes the frontend below 2', () => {
    for (const seed of SEEDS) {
      const r = new ScenarioRun(withoutBudget, { seed });
      expect(r.events('EvictionBlocked', START, END).filter((e) => e.object.startsWith('pod/default/frontend-')), `seed ${seed}`).toEqual([]);
      expect(r.range('deployment/default/frontend', 'ready', START, END).min, `seed ${seed}`).toBeLessThan(2);
    }
  });
});
