import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/kernel/rng.js';
import { MS } from '../../src/kernel/time.js';
import { RaftMember, type RaftConfig } from '../../src/etcd/member.js';
import type { Message } from '../../src/etcd/messages.js';

const ET = 1000 * MS;
const HB = 100 * MS;

function member(id: number, over: Partial<RaftConfig> = {}, size = 5): RaftMember {
  const cfg: RaftConfig = { heartbeatIntervalUs: HB, electionTimeoutUs: ET, electionTimeoutMaxUs: 2 * ET, preVote: false, checkQuorum: false, ...over };
  const m = new RaftMember(id, size, cfg, new Rng(`member-test-${id}`));
  m.start(0);
  return m;
}

/** Drives a member to leader (no pre-vote): times out, then collects votes; returns when it became leader. */
function leaderOf(m: RaftMember): number {
  const now = m.timerAt();
  m.tick(now);
  for (let p = 0; p < m.size && m.role !== 'leader'; p++) if (p !== m.id) m.step({ type: 'VoteResp', from: p, to: m.id, term: m.term }, now);
  return now;
}

describe('RaftMember timers', () => {
  it('draws the randomized timeout in [electionTimeout, max) and redraws it at every reset', () => {
    const m = member(0);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      expect(m.randomizedTimeoutUs).toBeGreaterThanOrEqual(ET);
      expect(m.randomizedTimeoutUs).toBeLessThan(2 * ET);
      seen.add(m.randomizedTimeoutUs);
      m.becomeFollower(m.term + 1, -1, 0);
    }
    expect(seen.size).toBeGreaterThan(190);
  });

  it('does not redraw on a heartbeat (raft resets only electionElapsed there)', () => {
    const m = member(1);
    const rto = m.randomizedTimeoutUs;
    m.step({ type: 'Heartbeat', from: 0, to: 1, term: 0, seq: 1 }, 500 * MS);
    expect(m.randomizedTimeoutUs).toBe(rto);
    expect(m.electionResetAt).toBe(500 * MS);
    expect(m.timerAt()).toBe(500 * MS + rto);
  });

  it('lets a fired timer campaign only once the timeout has really elapsed', () => {
    const m = member(0);
    expect(m.tick(m.timerAt() - 1).msgs).toEqual([]);
    expect(m.role).toBe('follower');
    m.tick(m.timerAt());
    expect(m.role).toBe('candidate');
  });
});

describe('RaftMember elections', () => {
  it('campaigns without pre-vote: term + 1, votes for itself, persists before sending', () => {
    const m = member(2);
    const r = m.tick(m.timerAt());
    expect([m.role, m.term, m.vote]).toEqual(['candidate', 1, 2]);
    expect(r.persist).toBe(true);
    expect(r.msgs.map((x) => [x.type, x.to, x.term])).toEqual([[ 'Vote', 0, 1 ], [ 'Vote', 1, 1 ], [ 'Vote', 3, 1 ], [ 'Vote', 4, 1 ]]);
  });

  it('pre-votes for the next term without changing term or vote', () => {
    const m = member(2, { preVote: true });
    const r = m.tick(m.timerAt());
    expect([m.role, m.term, m.vote]).toEqual(['pre-candidate', 0, -1]);
    expect(r.persist).toBe(false);
    expect(r.msgs.every((x) => x.type === 'PreVote' && x.term === 1)).toBe(true);
    // One grant (with its own: 2 of 5, below the quorum of 3) starts nothing, nor does the same
    // peer granting twice (raft counts grants by voter id) or a rejection.
    const r1 = m.step({ type: 'PreVoteResp', from: 0, to: 2, term: 1 }, 10);
    expect([m.role, m.term, m.vote, r1.msgs.length]).toEqual(['pre-candidate', 0, -1, 0]);
    const again = m.step({ type: 'PreVoteResp', from: 0, to: 2, term: 1 }, 10);
    expect([m.role, again.msgs.length]).toEqual(['pre-candidate', 0]);
    // A rejecting peer answers with its own term (raft: `Term: r.Term`), 0 here.
    const refused = m.step({ type: 'PreVoteResp', from: 3, to: 2, term: 0, reject: true }, 10);
    expect([m.role, refused.msgs.length]).toEqual(['pre-candidate', 0]);
    // A second grant (3 of 5) starts the real election: term 1, its own vote, a Vote to each peer.
    const r2 = m.step({ type: 'PreVoteResp', from: 1, to: 2, term: 1 }, 11);
    expect([m.role, m.term, m.vote]).toEqual(['candidate', 1, 2]);
    expect(r2.msgs.map((x) => [x.type, x.to, x.term])).toEqual([['Vote', 0, 1], ['Vote', 1, 1], ['Vote', 3, 1], ['Vote', 4, 1]]);
  });

  it('grants one vote per term and refuses a second candidate', () => {
    const m = member(0);
    const log = { index: 0, term: 0 };
    const a = m.step({ type: 'Vote', from: 1, to: 0, term: 1, log }, 10);
    expect(a.msgs[0]).toMatchObject({ type: 'VoteResp', term: 1 });
    expect(a.msgs[0].reject).toBeUndefined();
    expect(a.persist).toBe(true);
    const b = m.step({ type: 'Vote', from: 2, to: 0, term: 1, log }, 11);
    expect(b.msgs[0]).toMatchObject({ type: 'VoteResp', reject: true });
    // A repeat of the same request is granted again (raft `canVote`: Vote == m.From).
    expect(m.step({ type: 'Vote', from: 1, to: 0, term: 1, log }, 12).msgs[0].reject).toBeUndefined();
  });

  it('refuses a candidate whose log is behind (up-to-date rule)', () => {
    const m = member(0);
    m.log = { index: 10, term: 3 };
    const cases: Array<[{ index: number; term: number }, boolean]> = [
      [{ index: 9, term: 3 }, false], // same last term, shorter
      [{ index: 50, term: 2 }, false], // longer but older last term
      [{ index: 10, term: 3 }, true], // equal
      [{ index: 1, term: 4 }, true], // later last term wins whatever the length
    ];
    cases.forEach(([log, granted], i) => {
      const r = m.step({ type: 'Vote', from: 1, to: 0, term: 10 + i, log }, i);
      expect(!r.msgs[0].reject, JSON.stringify(log)).toBe(granted);
    });
  });

  it('becomes leader on a quorum, appends an empty entry of its term and broadcasts it', () => {
    const m = member(0);
    m.log = { index: 7, term: 0 };
    leaderOf(m);
    expect(m.role).toBe('leader');
    expect(m.log).toEqual({ index: 8, term: 1 });
    expect(m.logAtElection).toEqual({ index: 7, term: 0 });
  });

  it('loses when a quorum refuses, and falls back to follower', () => {
    const m = member(0);
    m.tick(m.timerAt());
    for (const p of [1, 2, 3]) m.step({ type: 'VoteResp', from: p, to: 0, term: 1, reject: true }, 5);
    expect([m.role, m.term]).toEqual(['follower', 1]);
  });
});

describe('RaftMember leader', () => {
  it('heartbeats on its grid with numbered heartbeats', () => {
    const m = member(0);
    const t0 = leaderOf(m);
    expect(m.timerAt()).toBe(t0 + HB);
    const r = m.tick(t0 + HB);
    expect(r.msgs.map((x: Message) => [x.type, x.seq])).toEqual([['Heartbeat', 1], ['Heartbeat', 1], ['Heartbeat', 1], ['Heartbeat', 1]]);
    expect(m.nextBeatAt()).toBe(t0 + 2 * HB);
  });

  it('steps down at check-quorum without an active quorum, keeps leading with one', () => {
    const a = member(0, { checkQuorum: true });
    const t0 = leaderOf(a);
    a.step({ type: 'HeartbeatResp', from: 1, to: 0, term: 1, seq: 1, log: a.log }, t0 + 50);
    a.step({ type: 'HeartbeatResp', from: 2, to: 0, term: 1, seq: 1, log: a.log }, t0 + 60);
    a.tick(t0 + ET);
    expect(a.role).toBe('leader');
    // Nobody answers during the next window.
    a.tick(t0 + 2 * ET);
    expect([a.role, a.term]).toEqual(['follower', 1]);
  });

  it('steps down when a follower answers a stale heartbeat with its higher term', () => {
    const m = member(0, { checkQuorum: true });
    leaderOf(m);
    m.step({ type: 'AppResp', from: 3, to: 0, term: 5, log: { index: 0, term: 0 } }, 10);
    expect([m.role, m.term, m.lead]).toEqual(['follower', 5, -1]);
  });

  it('catches a lagging follower up with an append', () => {
    const m = member(0);
    const t0 = leaderOf(m);
    const r = m.step({ type: 'HeartbeatResp', from: 1, to: 0, term: 1, seq: 1, log: { index: 0, term: 0 } }, t0 + 10);
    expect(r.msgs).toEqual([{ type: 'App', from: 0, to: 1, term: 1, log: m.log }]);
    // Once known to hold the log (replicated directly), no append.
    m.noteReplicated(2, m.log);
    expect(m.step({ type: 'HeartbeatResp', from: 2, to: 0, term: 1, seq: 1, log: { index: 0, term: 0 } }, t0 + 11).msgs).toEqual([]);
  });
});

describe('RaftMember vote suppression and restarts', () => {
  it('ignores (pre-)votes while it heard from a leader within the election timeout (check-quorum)', () => {
    const m = member(1, { checkQuorum: true, preVote: true });
    m.step({ type: 'Heartbeat', from: 0, to: 1, term: 0, seq: 1 }, 100 * MS);
    const log = { index: 0, term: 0 };
    expect(m.step({ type: 'PreVote', from: 2, to: 1, term: 1, log }, 100 * MS + ET - 1).msgs).toEqual([]);
    expect(m.step({ type: 'Vote', from: 2, to: 1, term: 1, log }, 100 * MS + ET - 1).msgs).toEqual([]);
    expect(m.term).toBe(0);
    // Once the lease has expired the pre-vote is granted, without changing the term.
    const r = m.step({ type: 'PreVote', from: 2, to: 1, term: 1, log }, 100 * MS + ET);
    expect(r.msgs[0]).toMatchObject({ type: 'PreVoteResp', term: 1 });
    expect(r.msgs[0].reject).toBeUndefined();
    expect(m.term).toBe(0);
  });

  it('rejects a stale pre-vote with its own term', () => {
    const m = member(1, { preVote: true });
    m.becomeFollower(4, -1, 0);
    const r = m.step({ type: 'PreVote', from: 2, to: 1, term: 3, log: { index: 0, term: 0 } }, 1);
    expect(r.msgs[0]).toMatchObject({ type: 'PreVoteResp', term: 4, reject: true });
  });

  it('restarts as a follower of its persisted term with its vote and log', () => {
    const m = member(0);
    leaderOf(m);
    const log = m.log;
    m.start(5 * ET);
    expect([m.role, m.term, m.vote, m.lead]).toEqual(['follower', 1, 0, -1]);
    expect(m.log).toEqual(log);
    expect(m.timerAt()).toBeGreaterThanOrEqual(6 * ET);
  });
});
