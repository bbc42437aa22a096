/**
 * Raft safety over seeded random fault schedules (crashes, host outages, partitions two-way and
 * one-way, with pre-vote and check-quorum on and off), checked from outside by `SafetyChecker`:
 * never two leaders in one term; no entry committed without a quorum holding it; every new
 * leader holds the last committed entry. After the faults heal a leader of a quorum must exist
 * within a bound derived from the timeouts.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../src/kernel/time.js';
import { compareLog } from '../../src/etcd/messages.js';
import { makeCluster, SafetyChecker } from './helpers.js';
import { runSchedule } from './schedule.js';

const SEEDS = 1000;
/**
 * Convergence bound after healing: one election timeout for stale leases and check-quorum to
 * lapse, one randomized timeout (≤ max) for a member to campaign, one more for a lost round.
 */
const ET_MAX = 2000 * MS;
const BOUND = 3 * ET_MAX;

describe('Raft safety under random faults', () => {
  it(`holds on ${SEEDS} schedules (seeds 1…${SEEDS}), and a leader returns within ${BOUND / SEC} s of healing`, () => {
    let worst = 0;
    let commits = 0;
    const combos = new Set<string>();
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = runSchedule(seed, true, 20 * SEC);
      combos.add(r.settings.replace(/^seed \d+: /, ''));
      expect(r.checker.violations, `${r.settings}: ${JSON.stringify(r.checker.violations.slice(0, 3))}`).toEqual([]);
      expect(r.convergedAt, `${r.settings}: no leader within 20 s of healing at ${r.healedAt} µs`).toBeGreaterThanOrEqual(0);
      expect(r.convergedAt - r.healedAt, `${r.settings}: leader ${r.convergedAt - r.healedAt} µs after healing`).toBeLessThanOrEqual(BOUND);
      worst = Math.max(worst, r.convergedAt - r.healedAt);
      commits += r.checker.commits;
    }
    console.log(`safety: ${SEEDS} schedules over ${combos.size} settings, ${commits} commits checked, slowest convergence ${(worst / MS).toFixed(0)} ms after healing`);
    expect(combos.size).toBe(16);
  });
});

describe('SafetyChecker', () => {
  it('reports two leaders in a term, a commit without quorum and a leader missing a committed entry', () => {
    const f = makeCluster({ seed: 1, members: 3 });
    const c = new SafetyChecker(f);
    // Drive the observer by hand, as a broken implementation would.
    const obs = c.observer;
    obs.elected(0, 3, { index: 0, term: 0 }, 10);
    obs.elected(1, 3, { index: 0, term: 0 }, 11);
    f.cluster.members[0].log = { index: 5, term: 3 };
    obs.committed(5, 3, 12);
    f.cluster.members[1].log = { index: 5, term: 3 };
    obs.committed(5, 3, 13);
    obs.elected(2, 4, { index: 4, term: 3 }, 14);
    expect(c.violations.map((v) => v.what.split(':')[0])).toEqual([
      'two leaders in term 3',
      'entry 5@3 committed on 1 < 2 members',
      'leader 2 of term 4 lacks committed entry {"index"',
    ]);
    expect(compareLog(c.lastCommitted, { index: 5, term: 3 })).toBe(0);
  });
});
