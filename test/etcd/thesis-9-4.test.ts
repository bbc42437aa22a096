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
import { binomialUpperQuantile, mean, standardError, zFor } from '../helpers/stats.js';
import { latencies } from '../network/fixtures.js';
import { makeCluster } from './helpers.js';
import { quantile } from './stats.js';

/** As many elections as each of the thesis's curves. */
const TRIALS = 10_000;
const THESIS_TRIALS = 10_000;
/** False-failure rate of each assertion: a correct model fails it for about one seed range in a million. */
const ALPHA = 1e-6;
/**
 * Model tolerance on the mean, from the two unknowns the thesis leaves, in ms (it was ±15 % of the
 * figure before, 71–98 ms, which no stated error supports):
 * - reading: the thesis gives "about" 475 and 650 ms, read off a plotted CDF; both are multiples
 *   of 25 ms, so they are taken as rounded to the nearest 25 ms: ±12.5 ms either way;
 * - end of an election: we end it when the leader that stays leader became leader (AvailSim's
 *   `stable_leader_start_time`); if the plotted times instead ran until the others heard of it
 *   (§9.3's definition, "until the other servers receive the new leader's first heartbeat"), the
 *   thesis's figures are longer than ours by at most one one-way latency, 40 ms. That can only put
 *   the thesis above us, so it widens the lower side alone.
 * A model error of the kind that matters (a lost round trip, a timer restarted in the wrong place)
 * moves the mean by 30–60 ms or more, beyond these bounds once the statistical error is added.
 */
const READING_MS = 12.5;
const END_CRITERION_MS = 40;

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
      const lo = thesisMeanMs - READING_MS - END_CRITERION_MS - statTol;
      const hi = thesisMeanMs + READING_MS + statTol;
      const over = xs.filter((x) => x > thesisP999Ms).length;
      // "99.9 % finish within T": if P(X > T) ≤ 0.001, the count of our trials beyond T is at
      // most Bin(n, 0.001); more than its 1 − ALPHA quantile says the tail is heavier.
      const maxOver = binomialUpperQuantile(TRIALS, 0.001, ALPHA);
      console.log(`thesis 9.4, ${failed} failed: mean ${m.toFixed(1)} ms (thesis ~${thesisMeanMs}; allowed [${lo.toFixed(1)}, ${hi.toFixed(1)}]: ± ${statTol.toFixed(1)} statistical, ±${READING_MS} reading, −${END_CRITERION_MS} end criterion), `
        + `median ${quantile(xs, 0.5).toFixed(0)} ms, 99.9 % quantile ${quantile(xs, 0.999).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms; `
        + `${over} of ${TRIALS} beyond ${thesisP999Ms} ms (at most ${maxOver} if ≤ 0.1 %)`);
      if (m < lo || m > hi) {
        throw new Error(`${seeds}: mean election time with ${failed} of 5 failed ${m.toFixed(1)} ms, outside [${lo.toFixed(1)}, ${hi.toFixed(1)}] around the thesis's ~${thesisMeanMs} ms (n = ${TRIALS})`);
      }
      if (over > maxOver) {
        throw new Error(`${seeds}: ${over} of ${TRIALS} elections took longer than ${thesisP999Ms} ms with ${failed} failed; `
          + `if 99.9 % finished within it, more than ${maxOver} happens with probability < ${ALPHA}`);
      }
    });
  }
});
