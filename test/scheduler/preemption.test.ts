// DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go
// SelectVictimsOnNode; pkg/scheduler/framework/preemption/preemption.go pickOneNodeForPreemption,
// filterPodsWithPDBViolation) and the overprovisioning "pause pod" pattern in a whole run.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src/manifests/selector.js';
import { loadScenario } from '../../src/scenario/load.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { NodeResourcesFit } from '../../src/scheduler/plugins/NodeResourcesFit.js';
import { pickOneNodeForPreemption } from '../../src/scheduler/preemption/pick.js';
import { selectVictimsOnNode, type PdbView, type Victims } from '../../src/scheduler/preemption/victims.js';
import { runScenario } from '../../src/world/world.js';
import { SEC, toSeconds } from '../../src/kernel/time.js';
import { cacheWith, node, nodes, pod } from './build.js';

const fit = new NodeResourcesFit();
const pdb = (app: string, allowed: number): PdbView => ({
  namespace: 'default',
  spec: { selector: compileSelector({ matchLabels: { app } }, 'labelSelector') },
  status: { disruptionsAllowed: allowed, disruptedPods: new Map() },
});

/** A 4-cpu node holding two 2-cpu pods of priority 0 (created in order a, b); a 2-cpu preemptor of priority 100. */
function setup() {
  const a = pod('a', { cpu: 2000, labels: { app: 'a' } });
  const b = pod('b', { cpu: 2000, labels: { app: 'b' } });
  b.createdAt = 1;
  const { cache } = cacheWith(nodes(node('n1', { cpu: 4000 })), [[a, 0], [b, 0]]);
  const preemptor = new PodInfo(pod('p', { cpu: 2000, priority: 100 }));
  const fits = (n: number) => fit.filter(new CycleState(), preemptor, cache.nodes[n]);
  return { cache, preemptor, fits };
}

describe('SelectVictimsOnNode: fewest victims, PDB-protected pods reprieved first', () => {
  const cases: Array<{ name: string; pdbs: PdbView[]; victims: string[]; violations: number }> = [
    // No budget: both removed, then reprieved most important first: a (created first) fits back (2 + 2 ≤ 4), b does not.
    { name: 'no PDB: the less important pod goes', pdbs: [], victims: ['b'], violations: 0 },
    // a budget with 0 disruptions allowed protects b: b is reprieved first (violating ones first), so a is the victim.
    { name: 'PDB on b: a goes instead', pdbs: [pdb('b', 0)], victims: ['a'], violations: 0 },
    // both protected: a (more important) is reprieved, b must still go and counts as a violation.
    { name: 'both protected: one violation is unavoidable', pdbs: [pdb('a', 0), pdb('b', 0)], victims: ['b'], violations: 1 },
    // a budget that still allows one disruption is not violated.
    { name: 'PDB with a disruption allowed', pdbs: [pdb('a', 1), pdb('b', 1)], victims: ['b'], violations: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cache, preemptor, fits } = setup();
      const r = selectVictimsOnNode(cache, preemptor, 0, c.pdbs, fits) as Victims;
      expect(r.pods.map((p) => p.pod.name)).toEqual(c.victims);
      expect(r.numPdbViolations).toBe(c.violations);
      // The what-if leaves the cache as it was: both pods back on the node, 4000m requested.
      expect(cache.nodes[0].reqCpuMilli).toBe(4000);
      expect(cache.nodes[0].podCount).toBe(2);
    });
  }

  it('no lower-priority pod: "No preemption victims found for incoming pod"; a pod that cannot fit even then: the filter’s reason', () => {
    const { cache, fits } = setup();
    const equal = new PodInfo(pod('eq', { cpu: 2000, priority: 0 }));
    expect([...(selectVictimsOnNode(cache, equal, 0, [], fits) as unknown as { reasons: string[] }).reasons]).toEqual(['No preemption victims found for incoming pod']);
    const huge = new PodInfo(pod('huge', { cpu: 5000, priority: 100 }));
    const hugeFits = (n: number) => fit.filter(new CycleState(), huge, cache.nodes[n]);
    expect([...(selectVictimsOnNode(cache, huge, 0, [], hugeFits) as unknown as { reasons: string[] }).reasons]).toEqual(['Insufficient cpu']);
  });
});

describe('pickOneNodeForPreemption', () => {
  const v = (node: number, prios: number[], violations = 0): Victims => ({
    node,
    pods: prios.map((priority, i) => new PodInfo(pod(`v${node}-${i}`, { priority }))),
    numPdbViolations: violations,
  });
  it('fewest PDB violations first, even against lower-priority victims elsewhere', () => {
    expect(pickOneNodeForPreemption([v(0, [1], 1), v(1, [50])])!.node).toBe(1);
  });
  it('then the lowest highest-victim priority, then the smallest sum, then the fewest victims', () => {
    expect(pickOneNodeForPreemption([v(0, [10, 1]), v(1, [5, 5, 5])])!.node).toBe(1); // max 10 vs 5
    expect(pickOneNodeForPreemption([v(0, [5, 5]), v(1, [5, 1])])!.node).toBe(1); // max 5 = 5; sums 10 vs 6 (+2·2^31 each)
    expect(pickOneNodeForPreemption([v(0, [5, 0]), v(1, [5])])!.node).toBe(1); // sums 5+2·2^31 vs 5+2^31
  });
  it('then the latest start among each node’s highest-priority victims (GetEarliestPodStartTime), then the first found', () => {
    const started = (node: number, createdAt: number[]): Victims => {
      const c = v(node, createdAt.map(() => 5));
      c.pods.forEach((p, i) => (p.pod.createdAt = createdAt[i]));
      return c;
    };
    // Equal on every earlier criterion; node 1's earliest victim started later (100 vs 10).
    expect(pickOneNodeForPreemption([started(0, [10, 200]), started(1, [100, 150])])!.node).toBe(1);
    expect(pickOneNodeForPreemption([started(0, [100, 150]), started(1, [10, 200])])!.node).toBe(0);
    expect(pickOneNodeForPreemption([started(0, [50]), started(1, [50])])!.node).toBe(0);
  });
});

describe('overprovisioning: critical pods displace placeholders after a zone loss', () => {
  const scenario = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/preemption/overprovisioning.yaml', import.meta.url)));
  const r = runScenario(scenario, {});
  const seed = `seed ${scenario.seed}`;
  const rows = (reason: string) => r.events.rows.filter((e) => e.reason === reason);
  const zoneOf = (nodeName: string) => nodeName.replace(/-r\d+-n\d+$/, '');
  const outageS = 600;
  const backS = 3000;

  it('the web pods evicted from z-b preempt one placeholder each outside z-b, never more', () => {
    const bootPlaced = rows('Scheduled').filter((e) => toSeconds(e.time) < outageS && e.object.startsWith('pod/default/web-'));
    const inB = bootPlaced.filter((e) => zoneOf(/ to (\S+)$/.exec(e.message)![1]) === 'z-b').length;
    const preempted = rows('Preempted');
    expect(inB, seed).toBeGreaterThan(0);
    expect(preempted.length, seed).toBe(inB);
    for (const e of preempted) {
      expect(e.object, seed).toMatch(/^pod\/default\/pause-/);
      const m = /^Preempted by pod default\/(web-\S+) on node (\S+)$/.exec(e.message)!;
      expect(zoneOf(m[2]), seed).not.toBe('z-b');
      // The preemptor is bound to the node it was nominated to.
      const bound = rows('Scheduled').find((s) => s.object === `pod/default/${m[1]}`)!;
      expect(bound.message.endsWith(` to ${m[2]}`), seed).toBe(true);
    }
  });

  it('web is back to 6 ready long before z-b returns; placeholders (preemptionPolicy Never) preempt nobody', () => {
    const web = r.availability.all().find((s) => s.key === 'deployment/default/web')!;
    const readyAt = (tS: number) => {
      let i = 0;
      while (i + 1 < web.times.length && web.times[i + 1] <= tS * SEC) i++;
      return web.values[i * 5 + 1];
    };
    expect(readyAt(outageS - 1), seed).toBe(6);
    // The web pods of z-b died with it.
    expect(readyAt(outageS + 30), seed).toBeLessThan(6);
    // eviction after 50 s grace + 300 s toleration, then preemption, a 0 s placeholder grace and a pod start.
    expect(readyAt(outageS + 600), seed).toBe(6);
    expect(readyAt(backS - 1), seed).toBe(6);
    const pauseFailures = rows('FailedScheduling').filter((e) => e.object.startsWith('pod/default/pause-'));
    expect(pauseFailures.length, seed).toBeGreaterThan(0);
    for (const e of pauseFailures) expect(e.message, seed).toMatch(/preemption: not eligible due to preemptionPolicy=Never\.\.$/);
  });
});
