/**
 * The closed forms of Ongaro's thesis (ground-truth §1), measured on the simulated cluster:
 * the first of s live servers to time out, and the split-vote probability at a fixed one-way
 * latency. Set-up: no pre-vote, equal logs, the leader crashed right after a heartbeat that
 * every follower received at the same instant, so the survivors' timers start together.
 *
 * Tolerances: each check has a false-failure rate of ALPHA = 1e-6 for a correct model — the KS
 * critical value at that significance, and Z = Φ⁻¹(1 − α/2) ≈ 4.89 standard errors for a mean or
 * a rate, the standard error from the formula's own variance (not the sample's), so a biased
 * model cannot widen its own tolerance.
 */
import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/kernel/dist.js';
import { MS, SEC, type Time } from '../../src/kernel/time.js';
import { latencies } from '../network/fixtures.js';
import { makeCluster } from './helpers.js';
import { expectWithin, zFor } from '../helpers/stats.js';
import { choose, ksCritical, ksStatistic, mean } from './stats.js';

const ET = 150 * MS;
const W = 150 * MS; // width of the timeout range: timeouts uniform in [150, 300) ms
const HB = 75 * MS;
const ALPHA = 1e-6;
const Z = zFor(ALPHA);

interface Trial {
  /** First timeout among the survivors, normalized to the range: (t − receipt − ET) / W. */
  first: number;
  /** Whether the first candidate failed to win its first term. */
  split: boolean;
}

function trial(seed: number, n: number, latencyUs: Time): Trial {
  const f = makeCluster({
    seed, members: n, zones: n, latency: latencies(fixed(latencyUs)),
    config: { heartbeatIntervalUs: HB, electionTimeoutUs: ET, electionTimeoutMaxUs: ET + W, preVote: false, checkQuorum: false, diskFsync: fixed(0) },
  });
  f.cluster.start();
  f.sim.run(3 * SEC);
  const l = f.cluster.leader();
  if (l < 0) throw new Error(`seed ${seed}: no leader after boot`);
  const lm = f.cluster.members[l];
  const beat = lm.leaderSince + (Math.floor((f.sim.now - lm.leaderSince) / HB) + 1) * HB;
  const receipt = beat + latencyUs;
  let first = -1;
  let candidate = -1;
  let term = -1;
  let won: boolean | null = null;
  f.cluster.observe({
    transition: (m, _from, to, t, at) => {
      if (at > receipt && to === 'candidate' && first < 0) {
        first = at;
        candidate = m;
        term = t;
      }
    },
    elected: (m, t) => {
      if (won === null && first >= 0) won = m === candidate && t === term;
    },
  });
  f.sim.at(receipt + 1, 'crash leader', () => f.cluster.crashProcess(l));
  f.sim.run(receipt + 5 * SEC);
  if (first < 0 || won === null) throw new Error(`seed ${seed}: no election after the crash`);
  return { first: (first - receipt - ET) / W, split: !won };
}

function trials(count: number, n: number, latencyUs: Time, seed0: number): Trial[] {
  return Array.from({ length: count }, (_, i) => trial(seed0 + i, n, latencyUs));
}

describe('first timeout among s live servers (thesis: P(M_s ≤ t) = 1 − (1 − t)^s, E[M_s] = 1/(s+1))', () => {
  for (const [n, seed0] of [[5, 10_000], [3, 20_000]] as const) {
    const s = n - 1;
    it(`n = ${n}, s = ${s}: 2000 trials, seeds ${seed0}…${seed0 + 1999}`, () => {
      const xs = trials(2000, n, 1 * MS, seed0).map((t) => t.first);
      const d = ksStatistic(xs, (t) => 1 - Math.pow(1 - Math.min(1, Math.max(0, t)), s));
      const expected = 1 / (s + 1);
      // M_s ~ Beta(1, s): Var = s / ((s+1)² (s+2)).
      const se = Math.sqrt(s / ((s + 1) ** 2 * (s + 2)) / xs.length);
      const m = mean(xs);
      const crit = ksCritical(xs.length, ALPHA);
      console.log(`first timeout n=${n}: mean ${m.toFixed(4)} (theory ${expected.toFixed(4)}, ±${Z.toFixed(2)}SE ${(Z * se).toFixed(4)}), KS D=${d.toFixed(4)} (critical ${crit.toFixed(4)} at α=${ALPHA})`);
      expect(d, `seeds ${seed0}…${seed0 + 1999}: KS distance to 1-(1-t)^${s}`).toBeLessThan(crit);
      expectWithin(m, expected, Z * se, { seed: `${seed0}…${seed0 + 1999}`, what: `mean first timeout (normalized), n = ${n}`, n: xs.length });
    });
  }
});

describe('split votes at a fixed one-way latency (thesis: n = 5, s = 4)', () => {
  // A vote splits when at least c = s − ⌊n/2⌋ + 1 = 3 servers time out within l of the first:
  // P(split) = Σ_{k=c−1}^{s} C(s,k) l^k (1−l)^{s−k}.
  const pSplit = (l: number) => [2, 3, 4].reduce((acc, k) => acc + choose(4, k) * l ** k * (1 - l) ** (4 - k), 0);
  for (const [l, seed0] of [[0.1, 30_000], [0.2, 40_000]] as const) {
    it(`l = ${l} of the range: 2000 trials, seeds ${seed0}…${seed0 + 1999}`, () => {
      const ts = trials(2000, 5, Math.round(l * W), seed0);
      const rate = ts.filter((t) => t.split).length / ts.length;
      const p = pSplit(l);
      const se = Math.sqrt((p * (1 - p)) / ts.length);
      console.log(`split votes l=${l}: ${(100 * rate).toFixed(2)} % (formula ${(100 * p).toFixed(2)} %, ±${Z.toFixed(2)}SE ${(100 * Z * se).toFixed(2)} pts)`);
      expectWithin(rate, p, Z * se, { seed: `${seed0}…${seed0 + 1999}`, what: `split-vote rate at l = ${l}`, n: ts.length });
    });
  }
});
