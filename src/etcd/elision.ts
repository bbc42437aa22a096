/**
 * Heartbeat elision (design.md §6). While a leader with a quorum heartbeats followers that are
 * alive, reachable, in its term and up to date, nothing observable happens: the heartbeats, the
 * followers' election timers and the leader's check-quorum timer would cost events but change
 * nothing. A `SteadyEpoch` replaces them with a record of the steady state from its start, and
 * derives lazily — at any instant, in any order — the exact state the elided traffic would
 * have produced: each follower's last heartbeat receipt, the heartbeats and responses in flight,
 * and which followers the leader heard from in its current check-quorum window.
 *
 * Exactness rests on two facts. The heartbeat grid is deterministic (beat j of a term leaves at
 * leaderSince + j × heartbeat, check-quorum round k at leaderSince + k × electionTimeout, as
 * raft's tick counters give), and heartbeat latencies are keyed draws (`keyed.ts`), identical
 * whether a heartbeat is an event or a derivation. The epoch starts only when no message between
 * its members is in flight, so every heartbeat before `firstBeat` has fully played out in the
 * explicit state it snapshots. Assumes a latency stays below `LOOKBACK` heartbeat intervals.
 */
import type { Time } from '../kernel/time.js';
import type { MemberLinks } from './health.js';
import type { HeartbeatLatency } from './keyed.js';
import type { RaftMember } from './member.js';
import { compareLog, NONE, type Message } from './messages.js';

/** Heartbeats looked back over when deriving receipts: latencies longer than this many intervals are treated as lost. */
export const LOOKBACK = 8;

/** A heartbeat or response the epoch had in flight at some instant. */
export interface ElidedFlight {
  follower: number;
  /** Heartbeat number in the leader's term. */
  seq: number;
  /** `true` for the follower's response, `false` for the heartbeat itself. */
  response: boolean;
  /** When it was sent (the follower's receipt, for a response). */
  sentAt: Time;
  arriveAt: Time;
}

/** The members a steady epoch would elide: the leader, the followers it heartbeats (`core`), and those whose answers reach it (`active`). */
export interface SteadyCore {
  leader: number;
  core: Uint8Array;
  active: Uint8Array;
}

/**
 * Whether heartbeats can be elided now: a live leader (the highest term if several believe
 * so) whose every live follower it reaches is in its term, knows it as leader and will hear the
 * next heartbeat before timing out; whose answering followers are up to date (no catch-up append
 * is due) and, with check-quorum, a quorum both now and in this window; and no message in flight
 * between any of them.
 */
export function findSteady(members: readonly RaftMember[], links: MemberLinks, inFlight: readonly Message[], hb: HeartbeatLatency): SteadyCore | null {
  const n = members.length;
  let l = NONE;
  for (let i = 0; i < n; i++) {
    if (links.alive(i) && members[i].role === 'leader' && (l === NONE || members[i].term > members[l].term)) l = i;
  }
  if (l === NONE) return null;
  const lm = members[l];
  const core = new Uint8Array(n);
  const active = new Uint8Array(n);
  core[l] = 1;
  let activeCount = 1;
  let recentCount = 1;
  const nextBeat = lm.nextBeatAt();
  for (let f = 0; f < n; f++) {
    if (f === l || !links.alive(f) || !links.reach(l, f)) continue;
    const m = members[f];
    if (m.role !== 'follower' || m.term !== lm.term || m.lead !== l) return null;
    if (m.electionResetAt + m.randomizedTimeoutUs <= nextBeat + hb.get(lm.term, l, f, lm.beats + 1).out) return null;
    core[f] = 1;
    if (!links.reach(f, l)) continue;
    active[f] = 1;
    activeCount++;
    if (lm.recentActive[f]) recentCount++;
    const known = compareLog(lm.match[f], m.log) >= 0 ? lm.match[f] : m.log;
    if (compareLog(known, lm.log) < 0) return null;
  }
  if (lm.cfg.checkQuorum && (activeCount < lm.quorum || recentCount < lm.quorum)) return null;
  for (const m of inFlight) if (core[m.from] && core[m.to]) return null;
  return { leader: l, core, active };
}

/** The steady state of a leader and the followers it heartbeats, from `startAt` on. */
export class SteadyEpoch {
  readonly term: number;
  readonly since: Time;
  readonly hb: Time;
  readonly et: Time;
  /** First heartbeat number the epoch derives rather than plays. */
  readonly firstBeat: number;
  /** First check-quorum round the epoch derives. */
  readonly firstCheck: number;
  private readonly resetAtStart: Float64Array;
  private readonly recentAtStart: Uint8Array;

  constructor(
    readonly leader: number,
    readonly members: readonly RaftMember[],
    /** 1 for the leader and the followers it heartbeats. */
    readonly core: Uint8Array,
    /** 1 for core followers whose responses reach the leader. */
    readonly active: Uint8Array,
    readonly startAt: Time,
    private readonly latency: HeartbeatLatency,
  ) {
    const l = members[leader];
    this.term = l.term;
    this.since = l.leaderSince;
    this.hb = l.cfg.heartbeatIntervalUs;
    this.et = l.cfg.electionTimeoutUs;
    this.firstBeat = l.beats + 1;
    this.firstCheck = l.checks + 1;
    this.resetAtStart = Float64Array.from(members, (m) => m.electionResetAt);
    this.recentAtStart = Uint8Array.from(l.recentActive);
  }

  /** Whether member `i` is elided (the leader or a follower it heartbeats). */
  has(i: number): boolean {
    return this.core[i] === 1;
  }

  /** The last heartbeat number sent strictly before `t` (a beat at exactly `t` has not left yet). */
  private lastBeatBefore(t: Time): number {
    return Math.ceil((t - this.since) / this.hb) - 1;
  }

  /** Heartbeat numbers to examine before `t`, newest first. */
  private beatsBefore(t: Time, extra = 0): number[] {
    const hi = this.lastBeatBefore(t);
    const lo = Math.max(this.firstBeat, hi - LOOKBACK - extra);
    const out: number[] = [];
    for (let j = hi; j >= lo; j--) out.push(j);
    return out;
  }

  private sentAt(j: number): Time {
    return this.since + j * this.hb;
  }

  /** When follower `f` last received a heartbeat strictly before `t` (raft resets `electionElapsed` there). */
  lastReceipt(f: number, t: Time): Time {
    let best = this.resetAtStart[f];
    for (const j of this.beatsBefore(t)) {
      const r = this.sentAt(j) + this.latency.get(this.term, this.leader, f, j).out;
      if (r < t && r > best) best = r;
    }
    return best;
  }

  /** The check-quorum round that closes the window containing `t` (a round at exactly `t` has not run yet). */
  checkRound(t: Time): number {
    return Math.max(this.firstCheck, Math.ceil((t - this.since) / this.et));
  }

  /** Whether the leader heard from `f` in its current check-quorum window, as of just before `t`. */
  recentActive(f: number, t: Time): boolean {
    const k = this.checkRound(t);
    if (k === this.firstCheck && this.recentAtStart[f]) return true;
    if (!this.active[f]) return false;
    const windowStart = this.since + (k - 1) * this.et;
    for (const j of this.beatsBefore(t, Math.ceil(this.et / this.hb))) {
      const d = this.latency.get(this.term, this.leader, f, j);
      const a = this.sentAt(j) + d.out + d.back;
      if (a < t && a >= windowStart) return true;
    }
    return false;
  }

  /** Heartbeats and responses in flight at `t` (sent before `t`, arriving at or after it). */
  inFlight(t: Time): ElidedFlight[] {
    const out: ElidedFlight[] = [];
    for (let f = 0; f < this.core.length; f++) {
      if (!this.core[f] || f === this.leader) continue;
      for (const j of this.beatsBefore(t)) {
        const d = this.latency.get(this.term, this.leader, f, j);
        const r = this.sentAt(j) + d.out;
        if (r >= t) out.push({ follower: f, seq: j, response: false, sentAt: this.sentAt(j), arriveAt: r });
        else if (this.active[f] && r + d.back >= t) out.push({ follower: f, seq: j, response: true, sentAt: r, arriveAt: r + d.back });
      }
    }
    return out.sort((a, b) => a.arriveAt - b.arriveAt || a.follower - b.follower || a.seq - b.seq);
  }

  /** Writes the derived state into every elided member but `skip`; returns what was in flight at `now`, to be replayed. */
  materializeAll(now: Time, skip: number): ElidedFlight[] {
    for (let i = 0; i < this.members.length; i++) if (this.has(i) && i !== skip) this.materialize(i, now);
    return this.inFlight(now);
  }

  /**
   * Writes into member `i` the timer state the elided traffic produced by `t`: a follower's last
   * receipt; the leader's heartbeat and check-quorum counters and its active set.
   */
  materialize(i: number, t: Time): void {
    const m = this.members[i];
    if (i !== this.leader) {
      m.electionResetAt = this.lastReceipt(i, t);
      return;
    }
    m.beats = Math.max(this.firstBeat, Math.ceil((t - this.since) / this.hb)) - 1;
    const k = this.checkRound(t);
    m.checks = k - 1;
    m.electionResetAt = k > this.firstCheck ? this.since + (k - 1) * this.et : this.resetAtStart[i];
    for (let f = 0; f < m.size; f++) m.recentActive[f] = f === i || this.recentActive(f, t) ? 1 : 0;
  }
}
