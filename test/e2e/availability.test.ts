/**
 * Availability math (ground-truth.md §2) through the whole simulator: 3 nodes that fail at
 * random (exponential, MTTF 1000 h, MTTR 10 h), a 3-replica Deployment with required
 * anti-affinity on the hostname, so a lost pod waits for its own node. The fraction of time with
 * at least k of 3 truly ready (read from availability.csv) must match the k-of-3 binomial
 * A_sys = Σ_{j≥k} C(3,j) Aʲ (1−A)³⁻ʲ for k = 1, 2, 3.
 *
 * Start-up is accounted for, not ignored: a replica is down from its node's crash until its pod
 * runs again, i.e. the node's repair plus ε — kubelet boot (≈45 s), the node lifecycle pass that
 * lifts the taints, scheduling, image pull and container start. Each ε is measured from
 * events.csv (FaultEnded of the node → Started of the pod on it); with ε̄ their mean, a replica's
 * alternating up/down cycle has the node's mean length MTTF + MTTR and mean down time MTTR + ε̄, so
 * A' = (MTTF − ε̄) / (MTTF + MTTR). Replicas depend on their own node only, so the binomial holds
 * with A' (independent alternating renewal processes). ε̄ ≈ 1 min shifts 2-of-3 unavailability by
 * ≈ 2ε̄/MTTR ≈ 0.3 %, far inside the statistical tolerance — but it is applied, not waved away.
 *
 * Tolerance (renewal-reward). For one objective let U be the long-run fraction of time below it
 * and Û_T the observed fraction over T. The process regenerates at the start of every down
 * period (the state then is always "n−k+1 down" with every clock exponential), so time splits into
 * i.i.d. cycles: an up gap G then a down period D, independent of each other. The renewal-reward
 * central limit theorem gives √T (Û_T − U) → N(0, σ²) with σ² = Var(D − U·(G + D)) / E[G + D].
 * With G and D independent, Var(D − U(G+D)) = (1−U)² Var(D) + U² Var(G); when G is nearly
 * exponential (rare failures) U² Var(G) ≈ (1−U)² E[D]², so σ²·T ≈ (1−U)² N E[D²] with
 * N = T / E[G+D] the expected number of down periods: for exponential D, SE(Û)/U ≈ √(2/N). The
 * precision is set by the number of independent outages, not by the length of the horizon. The
 * test computes E[D], E[D²], E[G], E[G²] exactly (first-passage moments of the birth–death chain
 * of failed nodes, `markov.ts`) and allows Z = 4.5 standard errors. The 1-of-3 objective fails
 * so rarely (≈4 all-down periods in 1500 years) that no normal approximation holds; its downtime is
 * a compound Poisson sum, and the test bounds it by the exact 1e-6 quantile of that sum:
 * - the number of all-down periods is Poisson (rare entries into a state of a superposition of
 *   independent processes), with mean Λ = T × the chain's rate 3U²/E[cycle] (for replicas that
 *   fail at the node's exponential rate 1/MTTF the true rate is smaller by a factor 1 − ε̄/MTTF,
 *   so Λ errs on the safe side); the count is bounded by the Poisson's 1e-6 quantile;
 * - an all-down period ends when the first replica runs again: at most the first of the nodes
 *   still in repair to come back (residual repairs are exponential, so their minimum is at most
 *   an exponential of mean MTTR/3 — or no wait at all when a node is already back) plus that pod's
 *   start-up, at most the largest ε seen. Marks of MTTR/3 + ε_max dominate the true periods, so
 *   the bound holds; the chain's own marks (mean (MTTR + ε̄)/3, no shift) would not: a sum of
 *   several periods each near their mean exceeds it more often than the chain says.
 *
 * Horizon: 60 seeds × 25 simulated years = 1500 years (≈39 000 single-node outages, ≈770 periods
 * with two nodes down); about 2 s of wall time per seed.
 */
import { describe, expect, it } from 'vitest';
import { YEAR } from '../../src/kernel/time.js';
import { expectWithin, poissonUpperQuantile, Z } from '../helpers/stats.js';
import { READY } from '../../src/metrics/availability.js';
import { World } from '../../src/world/world.js';
import { loadE2E, type EventRow } from './helpers.js';
import { atLeast, compoundPoissonQuantile, cycles } from './markov.js';

const SEEDS = Array.from({ length: 60 }, (_, i) => i + 1);
const WEB = 'deployment/default/web';
const HOUR_S = 3600;
const MTTF_S = 1000 * HOUR_S;
const MTTR_S = 10 * HOUR_S;

/** What one seed shows, in seconds. */
interface SeedFigures {
  /** Measured window: from the first instant all 3 were ready to the end. */
  windowS: number;
  /** Time with fewer than k ready, k = 1, 2, 3. */
  downS: number[];
  /** Down periods (maximal intervals below the objective), k = 1, 2, 3. */
  periods: number[];
  /** Start-up after each repair: FaultEnded → Started of the node's pod. */
  eps: number[];
  /** Time below the objective predicted from the node outages alone, each extended by its start-up. */
  predictedDownS: number[];
}

/** Per node, the intervals its replica is down: from the crash to the start of its pod after the repair. */
function replicaOutages(events: readonly EventRow[]): { outages: Map<string, Array<[number, number]>>; eps: number[] } {
  const podNode = new Map<string, string>();
  const faultNode = new Map<string, string>();
  const state = new Map<string, { down: number; repaired: number }>();
  const outages = new Map<string, Array<[number, number]>>();
  const eps: number[] = [];
  for (const e of events) {
    if (e.reason === 'Scheduled') podNode.set(e.object, e.message.slice(e.message.lastIndexOf(' to ') + 4));
    else if (e.reason === 'FaultStarted') {
      const node = e.message.split(' ')[1];
      faultNode.set(e.object, node);
      const s = state.get(node);
      if (s) s.repaired = Number.NaN; // failed again before its pod ran: one longer outage
      else state.set(node, { down: e.t, repaired: Number.NaN });
    } else if (e.reason === 'FaultEnded') {
      state.get(faultNode.get(e.object)!)!.repaired = e.t;
    } else if (e.reason === 'Started') {
      const node = podNode.get(e.object)!;
      const s = state.get(node);
      if (!s || Number.isNaN(s.repaired)) continue;
      eps.push(e.t - s.repaired);
      outages.set(node, [...(outages.get(node) ?? []), [s.down, e.t]]);
      state.delete(node);
    }
  }
  for (const [node, s] of state) outages.set(node, [...(outages.get(node) ?? []), [s.down, Number.POSITIVE_INFINITY]]);
  return { outages, eps };
}

/** Time within [from, to) during which at least `m` of the intervals overlap, for m = 1, 2, 3. */
function overlapTimes(outages: Map<string, Array<[number, number]>>, from: number, to: number): number[] {
  const edges: Array<[number, number]> = [];
  for (const list of outages.values()) for (const [a, b] of list) edges.push([Math.max(a, from), 1], [Math.min(b, to), -1]);
  edges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out = [0, 0, 0];
  let level = 0;
  let last = from;
  for (const [t, d] of edges) {
    if (t > last) for (let m = 1; m <= 3; m++) if (level >= m) out[m - 1] += t - last;
    last = Math.max(last, t);
    level += d;
  }
  return out;
}

function figures(seed: number): SeedFigures {
  // A long run: read the recorder and the event log directly (what availability.csv and
  // events.csv are written from) rather than through megabytes of CSV text.
  const result = new World(loadE2E('availability'), { seed }).run();
  const endS = result.durationUs / 1e6;
  const series = result.availability.all().find((s) => s.key === WEB)!;
  const rows = Array.from(series.times, (t, i) => ({ t: t / 1e6, ready: series.values[i * 5 + READY] }));
  const start = rows.findIndex((r) => r.ready === 3);
  const fromS = rows[start].t;
  const downS = [0, 0, 0];
  const periods = [0, 0, 0];
  for (let i = start; i < rows.length; i++) {
    const len = (i + 1 < rows.length ? rows[i + 1].t : endS) - rows[i].t;
    for (let k = 1; k <= 3; k++) {
      if (rows[i].ready >= k) continue;
      downS[k - 1] += len;
      if (rows[i - 1].ready >= k) periods[k - 1]++;
    }
  }
  const events = result.events.rows.map((e) => ({ t: e.time / 1e6, type: e.type, reason: e.reason, object: e.object, message: e.message }));
  const { outages, eps } = replicaOutages(events);
  // k ready is missed when at least 4 − k replicas are down.
  const overlap = overlapTimes(outages, fromS, endS);
  return { windowS: endS - fromS, downS, periods, eps, predictedDownS: [overlap[2], overlap[1], overlap[0]] };
}

describe('k-of-3 availability with random node failures (MTTF 1000 h, MTTR 10 h)', () => {
  it('the arithmetic of the reference reproduces the published check (fiabilipy: λ = 1e-4/h, μ = 3e-2/h)', () => {
    const a = 3e-2 / (1e-4 + 3e-2);
    expect(a).toBeCloseTo(0.996677740863787, 14);
    // At t = 1000 h the transient term e^{−(λ+μ)t} ≈ 1e-13 is below the published digits.
    expect(atLeast(3, 2, a)).toBeCloseTo(0.99996696112094, 12);
    // The chain's stationary unavailability is the binomial's.
    const c = cycles(3, 2, 1e-4, 3e-2);
    expect(1 - c.unavailability).toBeCloseTo(atLeast(3, 2, a), 14);
  });

  it(`over ${SEEDS.length} seeds × 25 years: fractions of time with ≥1, ≥2 and 3 ready match the binomial`, () => {
    const all = SEEDS.map(figures);
    const seeds = `1…${SEEDS.length}`;
    const T = all.reduce((s, f) => s + f.windowS, 0);
    expect(T).toBeGreaterThan(SEEDS.length * 25 * (YEAR / 1e6) - SEEDS.length * 60);
    const eps = all.flatMap((f) => f.eps);
    const epsMean = eps.reduce((a, b) => a + b, 0) / eps.length;
    const epsMax = eps.reduce((a, b) => Math.max(a, b), 0);
    // Start-up: a kubelet boot (lognormal, median 45 s) plus seconds; small against MTTR.
    expect(epsMean).toBeGreaterThan(30);
    expect(epsMean).toBeLessThan(120);
    const a = (MTTF_S - epsMean) / (MTTF_S + MTTR_S);
    const lambda = 1 / (MTTF_S - epsMean);
    const mu = 1 / (MTTR_S + epsMean);
    const lines: string[] = [];
    for (const k of [3, 2, 1]) {
      const observed = all.reduce((s, f) => s + f.downS[k - 1], 0) / T;
      const expected = 1 - atLeast(3, k, a);
      const c = cycles(3, k, lambda, mu);
      expect(c.unavailability).toBeCloseTo(expected, 12);
      const n = c.rate * T;
      const periods = all.reduce((s, f) => s + f.periods[k - 1], 0);
      // The outages happened where the node outages (plus start-up) say: nothing else took a replica down.
      const predicted = all.reduce((s, f) => s + f.predictedDownS[k - 1], 0) / T;
      expect(Math.abs(observed - predicted), `k=${k}: observed ${observed}, from node outages ${predicted}`).toBeLessThan(1e-9);
      if (k > 1) {
        expectWithin(observed, expected, Z * Math.sqrt(c.sigma2 / T), { seed: seeds, what: `fraction of time with fewer than ${k} of 3 ready`, n: Math.round(n) });
        // The number of down periods: a renewal count, Var ≈ T·Var(L)/E[L]³.
        const meanL = c.meanUp + c.meanDown;
        const varL = c.meanUp2 - c.meanUp ** 2 + c.meanDown2 - c.meanDown ** 2;
        expectWithin(periods, n, Z * Math.sqrt((T * varL) / meanL ** 3), { seed: seeds, what: `number of periods with fewer than ${k} ready` });
      } else {
        // All three down: Λ ≈ 4 periods in the whole horizon (see the header for both bounds).
        const maxPeriods = poissonUpperQuantile(n, 1e-6);
        expect(periods, `seeds ${seeds}: ${periods} periods with none ready, ${n.toFixed(2)} expected (at most ${maxPeriods})`).toBeLessThanOrEqual(maxPeriods);
        const bound = compoundPoissonQuantile(n, MTTR_S / 3, 1e-6, epsMax) / T;
        expect(observed, `seeds ${seeds}: fraction of time with none ready ${observed} > ${bound} (expected ${expected}, ${n.toFixed(2)} periods expected, ${periods} seen)`).toBeLessThanOrEqual(bound);
        lines.push(`≥1 of 3: bound on the down fraction ${bound.toExponential(3)} (marks MTTR/3 + ε_max = ${(MTTR_S / 3 + epsMax).toFixed(0)} s), at most ${maxPeriods} periods`);
      }
      const tolerance = k > 1 ? ` (± ${(Z * Math.sqrt(c.sigma2 / T)).toExponential(2)})` : '';
      lines.push(`≥${k} of 3: observed ${(1 - observed).toFixed(7)}, binomial ${(1 - expected).toFixed(7)}${tolerance}, ${periods} outages seen, ${n.toFixed(1)} expected`);
    }
    console.log(`${(T / (YEAR / 1e6)).toFixed(0)} years, ${eps.length} repairs, start-up ε̄ = ${epsMean.toFixed(1)} s, A' = ${a.toFixed(6)}\n${lines.join('\n')}`);
  }, 600_000);
});
