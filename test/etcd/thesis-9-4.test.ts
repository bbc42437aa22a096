/**
 * Ongaro's thesis §9.4 (ground-truth §1, last bullet): AvailSim's simulated WAN — 5 servers,
 * every message's one-way latency uniform in 30–40 ms, election timeouts uniform in 300–600 ms —
 * elects a leader in about 475 ms on average with 1 server failed, 99.9 % within 1.5 s; with 2
 * failed, about 650 ms and 3 s (10,000 simulated elections per curve).
 *
 * Set-up, as AvailSim's (github.com/ongardie/availsim, `sim.rs` `simulate`, `raft.rs`
 * `Server::new`, `step_down`, `stable_leader_start_time`), which the thesis describes:
 * - every live server starts as a follower with a fresh election timer at t = 0 (the failed
 *   ones never start; they still count in the quorum of 3). The thesis notes this makes its
 *   times about half a heartbeat longer than a crash at a random point of a heartbeat interval;
 * - no time for processing or disk writes (fsync 0 here);
 * - equal logs, no pre-vote, no check-quorum; a server that steps down to a higher term keeps its
 *   timer, granting a vote restarts it (`timerRule: 'logcabin'`, AvailSim's `step_down`);
 * - an election ends when the leader that stays leader became leader (AvailSim's
 *   `stable_leader_start_time`), not when the others hear of it (one more one-way latency).
 *   A trial runs on 700 ms (more than the longest timeout) after each election to see that it
 *   holds.
 */
import { describe, it } from 'vitest';
import { fixed } from '../../src/kernel/dist.js';
import { MS, SEC } from '../../src/kernel/time.js';
import { binomialUpperQuantile, expectWithin, mean, standardError, zFor } from '../helpers/stats.js';
import { latencies } from '../network/fixtures.js';
import { makeCluster } from './helpers.js';
import { quantile } from './stats.js';

/** As many elections as each of the thesis's curves. */
const TRIALS = 10_000;
const THESIS_TRIALS = 10_000;
/** False-failure rate of each assertion: a correct model fails it for about one seed range in a million. */
const ALPHA = 1e-6;
/**
 * Model tolerance on the mean, as a fraction of the thesis's figure. The thesis gives "about"
 * 475 and 650 ms, read off a plotted CDF; AvailSim's source as published has drifted (its stored
 * `policies.rs` has a 10–20 ms WAN and 150–300 ms timeouts, so the thesis ran an unpublished
 * variant), and its end criterion waits for heartbeats acknowledged by a quorum. ±15 % covers
 * these unknowns; a model error of the kind that matters (a lost round trip, a timer restarted
 * in the wrong place) moves the mean by 10–20 % of the range, i.e. 30–60 ms or more.
 */
const MODEL_TOLERANCE = 0.15;

/** Election time in ms of one trial with `failed` of the 5 servers down from the start. */
function electionMs(seed: number, failed: number): number {
  const f = makeCluster({
    seed, members: 5, zones: 5, latency: latencies({ dist: 'uniform', min: 30 * MS, max: 40 * MS }),
    config: {
      heartbeatIntervalUs: 150 * MS, electionTimeoutUs: 300 * MS, electionTimeoutMaxUs: 600 * MS,
      preVote: false, checkQuorum: false, diskFsync: fixed(0), timerRule: 'logcabin',
    },
  });
  for (let i = 0; i < failed; i++) f.cluster.crashProcess(i);
  const electedAt = new Map<number, number>(); // term → when its leader was elected
  f.cluster.observe({
    elected: (_m, term, _log, at) => {
      electedAt.set(term, at);
      f.sim.at(at + 700 * MS, 'end of trial', () => f.sim.stop());
    },
  });
  f.cluster.start();
  f.sim.run(60 * SEC);
  const l = f.cluster.leader();
  if (l < 0) throw new Error(`seed ${seed}: no leader within 60 s with ${failed} failed`);
  return electedAt.get(f.cluster.members[l].term)! / MS;
}

describe('thesis §9.4: elections on a simulated WAN (AvailSim set-up, 5 servers, latency 30–40 ms, timeouts 300–600 ms)', () => {
  for (const [failed, thesisMeanMs, thesisP999Ms, seed0] of [[1, 475, 1500, 940_000], [2, 650, 3000, 950_000]] as const) {
    const seeds = `seeds ${seed0}…${seed0 + TRIALS - 1}`;
    it(`${failed} failed: mean about ${thesisMeanMs} ms, 99.9 % within ${thesisP999Ms / 1000} s (${TRIALS} elections, ${seeds})`, () => {
      const xs = Array.from({ length: TRIALS }, (_, i) => electionMs(seed0 + i, failed));
      const m = mean(xs);
      const se = standardError(xs);
      // Two sample means, ours and the thesis's (assumed to have our spread): their difference
      // has SE s·√(1/n + 1/n_thesis); Z for a two-sided false-failure rate of ALPHA.
      const z = zFor(ALPHA);
      const statTol = z * se * Math.sqrt(1 + TRIALS / THESIS_TRIALS);
      const tol = statTol + MODEL_TOLERANCE * thesisMeanMs;
      const over = xs.filter((x) => x > thesisP999Ms).length;
      // "99.9 % finish within T": if P(X > T) ≤ 0.001, the count of our trials beyond T is at
      // most Bin(n, 0.001); more than its 1 − ALPHA quantile says the tail is heavier.
      const maxOver = binomialUpperQuantile(TRIALS, 0.001, ALPHA);
      console.log(`thesis 9.4, ${failed} failed: mean ${m.toFixed(1)} ms (thesis ~${thesisMeanMs}; ± ${statTol.toFixed(1)} statistical + ${(MODEL_TOLERANCE * thesisMeanMs).toFixed(0)} model), `
        + `median ${quantile(xs, 0.5).toFixed(0)} ms, 99.9 % quantile ${quantile(xs, 0.999).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; `
        + `${over} of ${TRIALS} beyond ${thesisP999Ms} ms (at most ${maxOver} if ≤ 0.1 %)`);
      expectWithin(m, thesisMeanMs, tol, { seed: seeds, what: `mean election time with ${failed} of 5 failed (ms)`, n: TRIALS });
      if (over > maxOver) {
        throw new Error(`${seeds}: ${over} of ${TRIALS} elections took longer than ${thesisP999Ms} ms with ${failed} failed; `
          + `if 99.9 % finished within it, more than ${maxOver} happens with probability < ${ALPHA}`);
      }
    });
  }
});
