/**
 * scenarios/fleet-year.yaml: a year of fleet-2009 failures (Dean 2009: machines, racks, PDUs) on
 * 120 nodes under the Online Boutique (one replica per service) and a 3-server ZooKeeper spread
 * over zones. The failures drawn match the profile; single-replica services, which can move,
 * do at least as well as the k-of-n formula for replicas that cannot; ZooKeeper, whose servers
 * cannot move (StatefulSet, one per zone), matches the formula for 3 of 3 over several seeds.
 *
 * Every expected figure is computed in the test from the published profile as the test writes it
 * (test/helpers/fleet-2009.ts: MTBF and MTTR per level, times the scenario's `scale`), closed-form
 * moments (test/helpers/moments.ts) and the domain counts of the scenario file's own topology —
 * nothing from src/scenario/profiles.ts, src/kernel/dist.ts or src/faults/random.ts, whose
 * expansion is checked against them. Tolerances have a false-failure rate of about ALPHA = 1e-6
 * for a correct simulator.
 */
import { describe, expect, it } from 'vitest';
import type { RandomLevel } from '../../src/faults/types.js';
import type { Dist } from '../../src/kernel/dist.js';
import type { Scenario } from '../../src/scenario/types.js';
import { expectWithin, mean, poissonLowerQuantile, poissonUpperQuantile, zFor } from '../helpers/stats.js';
import { loadEdited } from '../faults/helpers.js';
import { loadBundled, ScenarioRun } from './helpers.js';
import { fileURLToPath } from 'node:url';
import { FLEET_2009 } from '../helpers/fleet-2009.js';
import { domainCounts, meanOf, varianceOf } from '../helpers/moments.js';

const ALPHA = 1e-6;
const s = loadBundled('fleet-year');
/** Domains per level, counted from scenarios/fleet-year.yaml's topology (3 zones × 4 racks × 10 nodes). */
const COUNTS = domainCounts(fileURLToPath(new URL('../../scenarios/fleet-year.yaml', import.meta.url)));
const run = new ScenarioRun(s);
const graceS = s.nodeLifecycle.gracePeriodUs / 1e6;

/** One level as the profile defines it, failure rates × `scale` (every MTBF is per domain). */
interface Level {
  level: RandomLevel;
  mtbf: Dist;
  mttr: Dist;
  scale: number;
  /** Whether domains start at a random moment of their process (then one may be down at t = 0). */
  equilibrium: boolean;
}

/** The levels of the scenario's profile entries, with MTBF and MTTR from the published profile (test/helpers/fleet-2009.ts). */
function profileLevels(sc: Scenario): Level[] {
  return sc.faults.random.map((r) => {
    const name = r.profile?.name;
    if (name !== 'fleet-2009') throw new Error(`${r.level}: not from the fleet-2009 profile`);
    const l = FLEET_2009.find((x) => x.level === r.level)!;
    const start = (r as { start?: string }).start;
    return { level: r.level, mtbf: l.mtbf, mttr: l.mttr, scale: r.profile!.scale, equilibrium: start === undefined || start === 'equilibrium' };
  });
}

/**
 * One domain's alternating up/repair process: its up time G (mean and variance), repair D,
 * long-run down fraction U = E[D] / (E[G] + E[D]) and the variance rate of the observed down
 * fraction over a horizon T, Var(Û_T) ≈ σ²/T with σ² = ((1−U)² Var D + U² Var G) / (E[G] + E[D])
 * (renewal-reward CLT; see test/e2e/availability.test.ts).
 */
function domainProcess(l: Level): { up: number; cycle: number; u: number; sigma2: number; countVar: number } {
  const div = l.scale;
  const up = meanOf(l.mtbf) / div;
  const varUp = varianceOf(l.mtbf) / div ** 2;
  const down = meanOf(l.mttr);
  const cycle = up + down;
  const u = down / cycle;
  const varD = varianceOf(l.mttr);
  // Renewal count over T: Var ≈ T·(Var G + Var D)/cycle³ per unit T.
  return { up, cycle, u, sigma2: ((1 - u) ** 2 * varD + u ** 2 * varUp) / cycle, countVar: (varUp + varD) / cycle ** 3 };
}

/** Expected failures of a level over T: T / cycle per domain, plus the one in progress at t = 0 with probability U under an equilibrium start. */
function expectedFailures(l: Level, T: number): { mean: number; variance: number } {
  // Every domain of a level runs the same process.
  const n = COUNTS[l.level as keyof typeof COUNTS];
  const p = domainProcess(l);
  return { mean: n * (T / p.cycle + (l.equilibrium ? p.u : 0)), variance: n * T * p.countVar };
}


/** Availability of one replica that cannot move: its node, its rack and its zone all up (independent processes in series). */
function replicaAvailability(sc: Scenario): number {
  return profileLevels(sc).reduce((a, l) => a * (1 - domainProcess(l).u), 1);
}

/** σ² of one non-moving replica's down fraction: the sum over its node, rack and zone (independent; overlaps are second order). */
function replicaSigma2(sc: Scenario): number {
  return profileLevels(sc).reduce((a, l) => a + domainProcess(l).sigma2, 0);
}

describe('fleet-year: one year of fleet-2009 failures', () => {
  it('draws node, rack and zone failures at the profile\'s rates for this topology', () => {
    const T = s.durationUs;
    const lines: string[] = [];
    for (const l of profileLevels(s)) {
      const r = s.faults.random.find((x) => x.level === l.level)!;
      // The scenario's entry is the profile's level (the loader expanded it, nothing else).
      expect(meanOf(r.mtbf), `${l.level}: the scenario's MTBF against the published profile's`).toBeCloseTo(meanOf(l.mtbf) / l.scale, 3);
      expect(meanOf(r.mttr), `${l.level}: the scenario's MTTR against the published profile's`).toBeCloseTo(meanOf(l.mttr), 3);
      const e = expectedFailures(l, T);
      const observed = run.summary.faults.filter((f) => f.kind === r.kind).length;
      // Rare failures of many independent domains: the count is close to Poisson(mean) — a
      // renewal count is slightly under-dispersed (Var/mean = (Var G + Var D)/cycle² ≤ 1 here),
      // so Poisson bounds are conservative; exact quantiles also cover means near 0.
      const lo = poissonLowerQuantile(e.mean, ALPHA / 2);
      const hi = poissonUpperQuantile(e.mean, ALPHA / 2);
      lines.push(`${l.level}: ${observed} failures (expected ${e.mean.toFixed(2)}, SD ${Math.sqrt(e.variance).toFixed(2)}, Poisson range [${lo}, ${hi}])`);
      expect(e.variance, `${l.level}: renewal variance within the Poisson's`).toBeLessThanOrEqual(e.mean);
      expect(observed >= lo && observed <= hi, `seed ${s.seed}: ${observed} ${l.level} failures in a year, expected ${e.mean.toFixed(2)} (range [${lo}, ${hi}] at α = ${ALPHA})`).toBe(true);
    }
    console.log(`fleet-year seed ${s.seed}: ${lines.join('; ')}`);
  });

  it('single-replica services move: each hit costs minutes, and availability beats the no-move formula', () => {
    const bound = replicaAvailability(s);
    // ref: ground-truth.md §2 — 1 of 1: A = Π over node, rack, zone of MTTF/(MTTF+MTTR), from the
    // profile; the loader's expansion must give the same figure.
    expect(bound, 'replica availability from the published profile against the expanded scenario').toBeCloseTo(
      s.faults.random.reduce((a, r) => a * (1 - domainProcess({ level: r.level, mtbf: r.mtbf, mttr: r.mttr, scale: 1, equilibrium: true }).u), 1), 12);
    const perZone = s.topology.zones[0].nodes.length;
    // Worst case per hit: grace, a monitor pass, the zone's taint queue, 300 s, a restart.
    const worstHitS = graceS + 5 + 10 * (perZone - 1) + 300 + 30;
    // A moving service falls below the no-move bound only after (1 − bound)·year / worstHit hits
    // in the year, against the few (its node's, rack's and zone's failure rates) it expects: for
    // these rates a Poisson tail far below ALPHA, so the comparison is a deterministic one.
    console.log(`fleet-year seed ${s.seed}: no-move replica availability ${bound.toFixed(6)}; a moving one would need ${((1 - bound) * (s.durationUs / 1e6) / worstHitS).toFixed(0)} worst-case hits to fall below it`);
    for (const o of run.summary.objects.filter((x) => x.object.startsWith('service/') && x.desired === 1)) {
      expect(o.availability.full, `${o.object}, seed ${s.seed}`).toBeGreaterThanOrEqual(bound);
      if (o.timeToRecoverS.max !== null) expect(o.timeToRecoverS.max, `${o.object}, seed ${s.seed}: longest recovery`).toBeLessThanOrEqual(worstHitS);
    }
  });

  it('ZooKeeper keeps its quorum all year', () => {
    expect(run.object('service/default/zk-cs').availability.slo, `seed ${s.seed}`).toBe(1);
  });

  it('ZooKeeper servers cannot move: 3-of-3 availability matches A³ over seeds (rates ×10)', () => {
    // The same cluster with ZooKeeper alone and ten times the failure rates, so a year holds ~50 hits.
    const file = fileURLToPath(new URL('../../scenarios/fleet-year.yaml', import.meta.url));
    const zk = loadEdited(file, (t) => t.replace('- random: { profile: fleet-2009 }', '- random: { profile: fleet-2009, scale: 10 }')
      .replace(/ {4}- manifests\/microservices-demo.yaml\n/, '').replace(/ {4}- \{ service: frontend, minReady: 1 \}\n/, '')
      .replace('manifests/zookeeper-zones.yaml', fileURLToPath(new URL('../../scenarios/manifests/zookeeper-zones.yaml', import.meta.url))));
    const seeds = [1, 2, 3, 4, 5, 6];
    const down = seeds.map((seed) => 1 - new ScenarioRun(zk, { seed }).object('statefulset/default/zk').availability.full);
    // The edit must have taken (the header comment quotes the same text: replace the fault line).
    expect(zk.faults.random.map((r) => r.profile?.scale), 'the ×10 edit of fleet-year.yaml').toEqual(zk.faults.random.map(() => 10));
    const a = replicaAvailability(zk);
    // ref: ground-truth.md §2 — k of n identical independent replicas; here k = n = 3. The
    // servers sit in three zones, so their processes are independent and, to first order, the
    // 3-of-3 down fraction is the sum of three replicas' — and so is its variance: the standard
    // error comes from the model (renewal-reward, σ² per replica summed), not from 6 samples
    // (whose t-statistic with 5 degrees of freedom would make Z = 4.5 a 0.6 % false failure).
    // Each hit also costs a boot and a start (about a minute against hours of repair), a bias
    // of ≈ 0.4 % of the down fraction, well inside the tolerance (SE ≈ 7 % of it for ~300 hits).
    const T = seeds.length * zk.durationUs;
    const tol = zFor(ALPHA) * Math.sqrt((3 * replicaSigma2(zk)) / T);
    console.log(`fleet-year ×10, seeds ${seeds.join(',')}: ZooKeeper 3-of-3 unavailability ${mean(down).toExponential(3)}, formula ${(1 - a ** 3).toExponential(3)} ± ${tol.toExponential(2)}`);
    expectWithin(mean(down), 1 - a ** 3, tol, { seed: seeds.join(','), what: 'ZooKeeper 3-of-3 unavailability, fleet-2009 ×10', n: seeds.length });
  });
});
