/**
 * The Raft paper's leader-election measurement (Ongaro & Ousterhout, USENIX ATC'14 §9.3,
 * Figure 16; ground-truth §1): 5 servers, heartbeat half the minimum timeout, the leader crashed
 * at a uniform point of its heartbeat interval right after a synchronized heartbeat, 2 of the 4
 * survivors with shorter logs, no pre-vote or check-quorum; downtime runs from the crash until
 * the other survivors receive the new leader's first heartbeat.
 *
 * Two things of the paper's testbed matter and are modelled here:
 * - it measured LogCabin, whose followers and candidates keep their election timer when a
 *   higher-term RequestVote makes them step down (`timerRule: 'logcabin'`); etcd restarts it
 *   (`becomeFollower` → `reset`), which behaves differently (last test);
 * - real sends and disk writes jitter. Here a one-way latency is exponential with mean 2.5 ms
 *   and an fsync exponential with mean 5 ms: a vote round (the candidate persists its vote,
 *   asks, the voter persists and answers) takes 15 ms on average, the paper's broadcast time.
 *   With no jitter at all (fixed 5 ms sends and syncs) the survivors never desynchronize and
 *   150–155 ms takes seconds, not 287 ms.
 *
 * What is compared. The paper's figures are themselves samples: 1000 trials per range (100 for
 * 150–150 ms) of a different implementation on real hardware. So each check asks whether the
 * paper's number is one that its sample could have shown if our model were the truth, with
 * distribution-free bounds from order statistics (`test/helpers/stats.ts`) and a false-failure
 * rate of about 1e-6 per bound:
 * - a published median: the median of 1000 draws lies between the population quantiles at levels
 *   `medianLevels(1000)` (≈ 0.42 and 0.58); those are bounded from our sample by their own
 *   confidence intervals;
 * - a published maximum M over 1000 trials: were P(X > M) = p, all 1000 stay below M with
 *   probability (1 − p)^1000, which is < α/2 once p > 1 − (α/2)^(1/1000) ≈ 1.4 %; our count
 *   beyond M must stay within the binomial bound of that p;
 * - "consistently longer than 10 s" over 100 trials, the same way with 100;
 * - a published mean: our mean's CI (CLT, our sample SD, widened for the paper's own 1000
 *   trials assuming its spread is ours).
 * Where our model genuinely differs (12–24 ms), the weaker property the paper supports is
 * asserted and the direct comparison is kept as an expected failure that says why.
 */
import { describe, expect, it } from 'vitest';
import type { Dist } from '../../src/kernel/dist.js';
import { Rng } from '../../src/kernel/rng.js';
import { MS, SEC, type Time } from '../../src/kernel/time.js';
import type { RaftConfig } from '../../src/etcd/member.js';
import { binomialUpperQuantile, medianLevels, quantileCi, standardError, zFor } from '../helpers/stats.js';
import { latencies } from '../network/fixtures.js';
import { makeCluster } from './helpers.js';
import { mean, median, quantile } from './stats.js';

/** Trials per range, as the paper's; 100 for 150–150 ms, as its figure. */
const TRIALS = 1000;
const PAPER_TRIALS = 1000;
const NONE_TRIALS = 100;
/** False-failure rate of each bound. */
const ALPHA = 1e-6;
const HORIZON = 10 * SEC;
const LATENCY: Dist = { dist: 'exponential', mean: 2.5 * MS };
const FSYNC: Dist = { dist: 'exponential', mean: 5 * MS };

type TimerRule = NonNullable<RaftConfig['timerRule']>;

/** Downtime of one trial in ms; `HORIZON` when no leader reached the others within it. */
function downtime(seed: number, lo: Time, hi: Time, rule: TimerRule): number {
  const hb = Math.floor(lo / 2);
  const f = makeCluster({
    seed, members: 5, zones: 5, latency: latencies(LATENCY),
    config: { heartbeatIntervalUs: hb, electionTimeoutUs: lo, electionTimeoutMaxUs: hi, preVote: false, checkQuorum: false, diskFsync: FSYNC, timerRule: rule },
  });
  f.cluster.start();
  f.sim.run(5 * SEC);
  const l = f.cluster.leader();
  if (l < 0) return HORIZON / MS; // the boot election itself never settled
  const ms = f.cluster.members;
  // Everyone holds 10 entries of the leader's term; two survivors lack the last one.
  const survivors = [0, 1, 2, 3, 4].filter((i) => i !== l);
  for (const m of ms) m.log = { index: 10, term: ms[l].term };
  for (const i of survivors.slice(0, 2)) ms[i].log = { index: 9, term: ms[l].term };
  const beat = ms[l].leaderSince + (Math.floor((f.sim.now - ms[l].leaderSince) / hb) + 1) * hb;
  const crashAt = beat + Math.floor(new Rng(`paper-${seed}`).next() * hb);
  const oldTerm = ms[l].term;
  const heard = new Map<number, Set<number>>(); // term of a new leader → survivors that heard from it
  let end = -1;
  f.cluster.observe({
    delivered: (m, at) => {
      if (end >= 0 || m.term <= oldTerm || (m.type !== 'App' && m.type !== 'Heartbeat')) return;
      if (ms[m.from].role !== 'leader' || ms[m.from].term !== m.term) return;
      const got = heard.get(m.term) ?? new Set<number>();
      heard.set(m.term, got);
      got.add(m.to);
      if (got.size === 3) end = at;
    },
  });
  f.sim.at(crashAt, 'crash leader', () => f.cluster.crashProcess(l));
  f.sim.run(crashAt + HORIZON);
  return (end < 0 ? HORIZON : end - crashAt) / MS;
}

function downtimes(lo: number, hi: number, seed0: number, rule: TimerRule = 'logcabin', trials = TRIALS): number[] {
  return Array.from({ length: trials }, (_, i) => downtime(seed0 + i, lo * MS, hi * MS, rule));
}

const seeds = (s0: number, n = TRIALS) => `seeds ${s0}…${s0 + n - 1}`;
const fmt = ([a, b]: [number, number]) => `[${a.toFixed(0)}, ${b.toFixed(0)}]`;

/** Bounds for the median of another `PAPER_TRIALS` draws of the distribution `xs` samples: the CI of the lower level's quantile below, of the upper level's above. */
function paperMedianRange(xs: readonly number[]): [number, number] {
  const [qLo, qHi] = medianLevels(PAPER_TRIALS, ALPHA);
  return [quantileCi(xs, qLo, ALPHA)[0], quantileCi(xs, qHi, ALPHA)[1]];
}

/**
 * The most of our trials that may exceed a value the paper never exceeded in `paperTrials`:
 * binomial bound for the largest exceedance probability p with (1 − p)^paperTrials ≥ α/2.
 */
function maxBeyondPaperMax(n: number, paperTrials: number): { p: number; count: number } {
  const p = 1 - (ALPHA / 2) ** (1 / paperTrials);
  return { p, count: binomialUpperQuantile(n, p, ALPHA / 2) };
}

/** Two-sided CI of a mean from the sample SD, widened for a second sample of `other` draws of the same spread. */
function meanCi(xs: readonly number[], other = 0): [number, number] {
  const half = zFor(ALPHA) * standardError(xs) * Math.sqrt(1 + (other > 0 ? xs.length / other : 0));
  return [mean(xs) - half, mean(xs) + half];
}

describe('Raft paper §9.3: downtime after a leader crash (LogCabin timer rule, jittered 15 ms vote round)', () => {
  const wide = downtimes(150, 300, 50_000);
  const fast = downtimes(12, 24, 80_000);
  const narrow = downtimes(150, 155, 60_000);

  it(`150–155 ms: the paper's median 287 ms is one a 1000-trial median of ours could show (${seeds(60_000)})`, () => {
    const range = paperMedianRange(narrow);
    console.log(`paper 150-155 ms: median ${median(narrow).toFixed(1)} ms, CI ${fmt(quantileCi(narrow, 0.5, ALPHA))}; a 1000-trial median would lie in ${fmt(range)} (paper 287), p90 ${quantile(narrow, 0.9).toFixed(0)} ms`);
    expect(287, `${seeds(60_000)}: the paper's 150–155 ms median against the range ${fmt(range)} ms`).toBeGreaterThanOrEqual(range[0]);
    expect(287, `${seeds(60_000)}: the paper's 150–155 ms median against the range ${fmt(range)} ms`).toBeLessThanOrEqual(range[1]);
  });

  it(`more randomness helps: the 150–155 ms median lies above the 150–300 ms median (${seeds(60_000)}, ${seeds(50_000)})`, () => {
    // The paper gives no 150–300 ms median, so no ratio: only the order its Figure 16 shows,
    // with the two medians' confidence intervals apart.
    const n = quantileCi(narrow, 0.5, ALPHA);
    const w = quantileCi(wide, 0.5, ALPHA);
    console.log(`paper 150-155 ms median CI ${fmt(n)} ms; 150-300 ms median ${median(wide).toFixed(1)} ms, CI ${fmt(w)} ms, max ${Math.max(...wide).toFixed(0)} ms`);
    expect(n[0], `${seeds(60_000)} vs ${seeds(50_000)}: lower CI of the 150–155 ms median against the upper CI of the 150–300 ms median`).toBeGreaterThan(w[1]);
  });

  it(`150–200 ms: the paper's worst case of 513 ms over 1000 trials bounds our tail (${seeds(55_000)})`, () => {
    const mid = downtimes(150, 200, 55_000);
    const beyond = mid.filter((x) => x > 513).length;
    const bound = maxBeyondPaperMax(mid.length, PAPER_TRIALS);
    console.log(`paper 150-200 ms: median ${median(mid).toFixed(1)} ms, max ${Math.max(...mid).toFixed(0)} ms, ${beyond}/${mid.length} beyond 513 ms (at most ${bound.count}: P(X > 513 ms) ≤ ${(100 * bound.p).toFixed(2)} %)`);
    expect(beyond, `${seeds(55_000)}: trials beyond the paper's 513 ms worst case at 150–200 ms`).toBeLessThanOrEqual(bound.count);
  });

  it(`no randomness (150–150 ms): like the paper's, elections take longer than ${HORIZON / SEC} s (${seeds(70_000, NONE_TRIALS)})`, () => {
    const none = downtimes(150, 150, 70_000, 'logcabin', NONE_TRIALS);
    const settled = none.filter((x) => x < HORIZON / MS).length;
    // The paper saw all of its 100 trials above 10 s.
    const bound = maxBeyondPaperMax(none.length, NONE_TRIALS);
    console.log(`paper 150-150 ms: ${settled}/${none.length} settled within ${HORIZON / SEC} s (at most ${bound.count}: P(settle) ≤ ${(100 * bound.p).toFixed(1)} %); 150-300 ms: mean ${mean(wide).toFixed(1)} ms`);
    expect(settled, `${seeds(70_000, NONE_TRIALS)}: trials settled within ${HORIZON / SEC} s without randomness`).toBeLessThanOrEqual(bound.count);
  });

  it(`12–24 ms: shorter timeouts cut downtime, the mean far below that of 150–300 ms (${seeds(80_000)}, ${seeds(50_000)})`, () => {
    const f = meanCi(fast);
    const w = meanCi(wide);
    console.log(`paper 12-24 ms: mean ${mean(fast).toFixed(1)} ms, CI ${fmt(f)} (with the paper's sampling error ${fmt(meanCi(fast, PAPER_TRIALS))}), median ${median(fast).toFixed(1)} ms, max ${Math.max(...fast).toFixed(0)} ms, `
      + `${fast.filter((x) => x > 152).length}/${fast.length} beyond 152 ms (paper: 35 ms average, 152 ms longest); 150-300 ms mean CI ${fmt(w)}`);
    expect(f[1], `${seeds(80_000)} vs ${seeds(50_000)}: upper CI of the 12–24 ms mean against the lower CI of the 150–300 ms mean`).toBeLessThan(w[0]);
  });

  // Expected failure, a known difference of the model: with the jitter that reproduces the 15 ms
  // broadcast time (exponential sends of mean 2.5 ms, fsyncs of mean 5 ms), a RequestVote reaches
  // the others ≈ 7.5 ms after its candidate timed out, more than half of the 12 ms timeout range,
  // so split votes are common and the mean is ≈ 60 ms, not 35. The paper's LogCabin must have
  // sent vote requests much faster than its 15 ms broadcast time suggests (its disk writes
  // dominate that figure, and at 12–24 ms its timing requirement is already violated). When the
  // model learns that, this starts to pass and vitest reports it: turn it into a plain `it`.
  it.fails(`12–24 ms: the paper's 35 ms mean lies in our mean's CI widened by its sampling error (${seeds(80_000)})`, () => {
    const f = meanCi(fast, PAPER_TRIALS);
    expect(35, `${seeds(80_000)}: the paper's 12–24 ms mean against our CI ${fmt(f)} ms`).toBeGreaterThanOrEqual(f[0]);
  });

  it(`etcd's timer rule differs: jitter alone breaks 150–150 ties, short-log candidates delay 150–300 ms (${seeds(90_000)}, ${seeds(50_000)})`, () => {
    const etcdNone = downtimes(150, 150, 90_000, 'etcd');
    const etcdWide = downtimes(150, 300, 50_000, 'etcd');
    const none = quantileCi(etcdNone, 0.5, ALPHA);
    const e = quantileCi(etcdWide, 0.5, ALPHA);
    const l = quantileCi(wide, 0.5, ALPHA);
    console.log(`etcd rule: 150-150 ms median ${median(etcdNone).toFixed(0)} ms, CI ${fmt(none)}; 150-300 ms median ${median(etcdWide).toFixed(0)} ms, CI ${fmt(e)} (LogCabin rule ${median(wide).toFixed(0)} ms, CI ${fmt(l)})`);
    // A higher-term RequestVote restarts every receiver's timer at its own arrival time, so the
    // arrival jitter desynchronizes the timers: most trials settle well within the horizon.
    expect(none[1], `${seeds(90_000)}: upper CI of the etcd-rule median at 150–150 ms`).toBeLessThan(HORIZON / MS);
    expect(e[0], `${seeds(50_000)}: lower CI of the etcd-rule median at 150–300 ms against the LogCabin rule's upper CI`).toBeGreaterThan(l[1]);
  });
});
