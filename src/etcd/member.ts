/**
 * One etcd member as a pure Raft state machine, in the style of etcd-io/raft `raft.go`: no clock
 * and no I/O inside. Inputs are messages (`step`) and timer expiries (`tick`), each with the
 * current simulated time; each returns a `Ready` — messages to send, whether durable state
 * changed (so the messages leave only after an fsync), and when the member's timer fires next.
 *
 * Time is continuous where etcd counts ticks: etcd quantizes every timeout to the heartbeat
 * tick (100 ms) and draws the randomized election timeout as `electionTimeout +
 * rand.Intn(electionTimeout)` ticks; here it is uniform in [electionTimeout, electionTimeoutMax)
 * microseconds, as in the Raft paper. raft's `electionElapsed` counter is `now −
 * electionResetAt`, and the randomized timeout is redrawn exactly where raft calls `reset()`
 * (becoming follower, candidate or leader) — not on every heartbeat.
 */
import type { Rng } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import { compareLog, isUpToDate, NONE, type LogPos, type Message, type MsgType, type Ready, type Role } from './messages.js';

/** The Raft settings a member needs (a subset of `EtcdConfig`). */
export interface RaftConfig {
  heartbeatIntervalUs: Time;
  electionTimeoutUs: Time;
  /** Exclusive upper bound of the randomized election timeout. */
  electionTimeoutMaxUs: Time;
  preVote: boolean;
  checkQuorum: boolean;
  /**
   * When stepping down restarts the election timer. `etcd` (default): on every `becomeFollower`,
   * i.e. on any message of a higher term (raft `reset`). `logcabin`: a follower or candidate
   * that steps down keeps its timer; only becoming candidate, granting a vote or hearing from
   * the leader restart it (LogCabin `stepDown`, `handleRequestVote`) — the implementation the
   * Raft paper measured, kept to reproduce its figures.
   */
  timerRule?: 'etcd' | 'logcabin';
}

/** A Raft member. Fields are public for the driver, checkers and tests to read; only the driver writes `log` (committed writes). */
export class RaftMember {
  term = 0;
  vote = NONE;
  lead = NONE;
  role: Role = 'follower';
  /** Last entry of the log (durable). */
  log: LogPos = { index: 0, term: 0 };
  /** raft's `electionElapsed` is `now − electionResetAt`. */
  electionResetAt: Time = 0;
  randomizedTimeoutUs: Time;
  /** Leader: when it became leader; its heartbeat and check-quorum grids start there. */
  leaderSince: Time = 0;
  /** Leader: heartbeats sent in this term (beat j leaves at leaderSince + j × heartbeat). */
  beats = 0;
  /** Leader: check-quorum rounds done (round k runs at leaderSince + k × electionTimeout). */
  checks = 0;
  /** Leader: peers heard from since the last check-quorum (raft `Progress.RecentActive`). */
  readonly recentActive: Uint8Array;
  /** Leader: the last entry each follower is known to hold (raft `Progress.Match`). */
  readonly match: LogPos[];
  /** Leader: its log just before the empty entry it appended on election (for completeness checks). */
  logAtElection: LogPos = { index: 0, term: 0 };
  /** Candidates: 1 granted, −1 rejected, 0 unknown, per member. */
  private readonly votes: Int8Array;

  constructor(
    readonly id: number,
    readonly size: number,
    readonly cfg: RaftConfig,
    private readonly rng: Rng,
  ) {
    this.recentActive = new Uint8Array(size);
    this.votes = new Int8Array(size);
    this.match = Array.from({ length: size }, () => ({ index: 0, term: 0 }));
    this.randomizedTimeoutUs = this.drawTimeout();
  }

  /** Votes needed to win, and members a leader must hear from (⌊n/2⌋ + 1). */
  get quorum(): number {
    return (this.size >> 1) + 1;
  }

  /** Starts (or restarts after a crash) as a follower of its persisted term: raft `newRaft` → `becomeFollower(Term, None)`. */
  start(now: Time): Ready {
    this.becomeFollower(this.term, NONE, now);
    if (this.cfg.timerRule === 'logcabin') this.restartTimer(now);
    return { msgs: [], persist: false, timerAt: this.timerAt() };
  }

  /** When the next heartbeat leaves (leaders). */
  nextBeatAt(): Time {
    return this.leaderSince + (this.beats + 1) * this.cfg.heartbeatIntervalUs;
  }

  /** When the next check-quorum runs (leaders). */
  nextCheckAt(): Time {
    return this.leaderSince + (this.checks + 1) * this.cfg.electionTimeoutUs;
  }

  /** When this member's single timer must fire: its election timeout, or a leader's next tick. */
  timerAt(): Time {
    if (this.role !== 'leader') return this.electionResetAt + this.randomizedTimeoutUs;
    const beat = this.nextBeatAt();
    return this.cfg.checkQuorum ? Math.min(beat, this.nextCheckAt()) : beat;
  }

  /** Handles one message (raft `Step`). */
  step(m: Message, now: Time): Ready {
    const before = this.durable();
    const out: Message[] = [];
    this.handle(m, now, out);
    return this.ready(out, before);
  }

  /** Handles the timer firing at `now` (raft `tickElection` / `tickHeartbeat`). */
  tick(now: Time): Ready {
    const before = this.durable();
    const out: Message[] = [];
    if (this.role === 'leader') this.tickLeader(now, out);
    else if (now >= this.electionResetAt + this.randomizedTimeoutUs) {
      this.electionResetAt = now;
      this.campaign(this.cfg.preVote ? 'PreVote' : 'Vote', now, out);
    }
    return this.ready(out, before);
  }

  private tickLeader(now: Time, out: Message[]): void {
    // Check-quorum comes first within a tick, then the heartbeat (ref: raft `tickHeartbeat`).
    if (this.cfg.checkQuorum && now >= this.nextCheckAt()) {
      this.checks++;
      this.electionResetAt = now;
      if (!this.quorumActive()) {
        // ref: raft stepLeader MsgCheckQuorum "stepped down to follower since quorum is not active"
        this.becomeFollower(this.term, NONE, now);
        return;
      }
      this.recentActive.fill(0);
      this.recentActive[this.id] = 1;
    }
    if (now >= this.nextBeatAt()) {
      this.beats++;
      for (let p = 0; p < this.size; p++) {
        if (p !== this.id) out.push({ type: 'Heartbeat', from: this.id, to: p, term: this.term, seq: this.beats });
      }
    }
  }

  /** Whether a quorum (counting itself) was active since the last check (raft `QuorumActive`). */
  quorumActive(): boolean {
    let n = 0;
    for (let p = 0; p < this.size; p++) if (p === this.id || this.recentActive[p]) n++;
    return n >= this.quorum;
  }

  private handle(m: Message, now: Time, out: Message[]): void {
    if (m.term > this.term) {
      if (m.type === 'Vote' || m.type === 'PreVote') {
        // Vote suppression: a member that heard from a leader within the election timeout
        // ignores (pre-)votes of a higher term (ref: raft `Step` "lease is not expired").
        const inLease = this.cfg.checkQuorum && this.lead !== NONE && now - this.electionResetAt < this.cfg.electionTimeoutUs;
        if (inLease) return;
      }
      if (m.type === 'PreVote' || (m.type === 'PreVoteResp' && !m.reject)) {
        // Never change the term for a pre-vote, nor for a granted pre-vote response.
      } else {
        this.becomeFollower(m.term, m.type === 'App' || m.type === 'Heartbeat' ? m.from : NONE, now);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === 'Heartbeat' || m.type === 'App')) {
        // Tell a stale leader about the higher term so that it steps down (ref: raft `Step`).
        out.push({ type: 'AppResp', from: this.id, to: m.from, term: this.term, log: this.log });
      } else if (m.type === 'PreVote') {
        out.push({ type: 'PreVoteResp', from: this.id, to: m.from, term: this.term, reject: true });
      }
      return;
    }
    if (m.type === 'Vote' || m.type === 'PreVote') this.handleVoteRequest(m, now, out);
    else if (this.role === 'leader') this.stepLeader(m, out);
    else if (this.role === 'follower') this.stepFollower(m, now, out);
    else this.stepCandidate(m, now, out);
  }

  private handleVoteRequest(m: Message, now: Time, out: Message[]): void {
    const resp: MsgType = m.type === 'Vote' ? 'VoteResp' : 'PreVoteResp';
    const canVote = this.vote === m.from || (this.vote === NONE && this.lead === NONE) || (m.type === 'PreVote' && m.term > this.term);
    if (canVote && isUpToDate(m.log!, this.log)) {
      // The response carries the request's term, not ours (ref: raft `Step` MsgVote/MsgPreVote).
      out.push({ type: resp, from: this.id, to: m.from, term: m.term });
      if (m.type === 'Vote') {
        this.electionResetAt = now;
        this.vote = m.from;
        if (this.cfg.timerRule === 'logcabin') this.restartTimer(now);
      }
    } else {
      out.push({ type: resp, from: this.id, to: m.from, term: this.term, reject: true });
    }
  }

  private stepLeader(m: Message, out: Message[]): void {
    if (m.type !== 'AppResp' && m.type !== 'HeartbeatResp') return;
    this.recentActive[m.from] = 1;
    if (m.log && compareLog(m.log, this.match[m.from]) > 0) this.match[m.from] = m.log;
    // A follower behind the leader's log is caught up with an append (raft: heartbeat response
    // with `pr.Match < lastIndex` → `sendAppend`).
    if (compareLog(this.match[m.from], this.log) < 0) out.push(this.append(m.from));
  }

  /** Leader: records that follower `f` now holds `log` (a committed write was replicated to it). */
  noteReplicated(f: number, log: LogPos): void {
    if (compareLog(log, this.match[f]) > 0) this.match[f] = log;
  }

  private stepFollower(m: Message, now: Time, out: Message[]): void {
    if (m.type !== 'App' && m.type !== 'Heartbeat') return;
    this.electionResetAt = now;
    this.lead = m.from;
    this.accept(m, out);
  }

  private stepCandidate(m: Message, now: Time, out: Message[]): void {
    if (m.type === 'App' || m.type === 'Heartbeat') {
      this.becomeFollower(m.term, m.from, now);
      this.electionResetAt = now;
      this.accept(m, out);
      return;
    }
    const mine: MsgType = this.role === 'pre-candidate' ? 'PreVoteResp' : 'VoteResp';
    if (m.type !== mine) return;
    this.votes[m.from] = m.reject ? -1 : 1;
    const result = this.tally();
    if (result === 'won') {
      if (this.role === 'pre-candidate') this.campaign('Vote', now, out);
      else this.becomeLeader(now, out);
    } else if (result === 'lost') {
      this.becomeFollower(this.term, NONE, now);
    }
  }

  /** A follower takes an append (adopting the leader's log) or answers a heartbeat. */
  private accept(m: Message, out: Message[]): void {
    if (m.type === 'App') {
      // The leader's log is authoritative: a newer last entry replaces ours (truncating any
      // uncommitted tail, as `maybeAppend` would), an older one (a stale append) does not.
      if (m.log && compareLog(m.log, this.log) > 0) this.log = { ...m.log };
      out.push({ type: 'AppResp', from: this.id, to: m.from, term: this.term, log: this.log });
    } else {
      out.push({ type: 'HeartbeatResp', from: this.id, to: m.from, term: this.term, seq: m.seq, log: this.log });
    }
  }

  private campaign(kind: 'PreVote' | 'Vote', now: Time, out: Message[]): void {
    let term: number;
    if (kind === 'PreVote') {
      // A pre-candidate keeps its term, vote and randomized timeout (ref: raft `becomePreCandidate`).
      this.role = 'pre-candidate';
      this.lead = NONE;
      this.votes.fill(0);
      term = this.term + 1;
    } else {
      this.reset(this.term + 1, now);
      this.vote = this.id;
      this.role = 'candidate';
      term = this.term;
    }
    this.votes[this.id] = 1;
    if (this.tally() === 'won') {
      if (kind === 'PreVote') this.campaign('Vote', now, out);
      else this.becomeLeader(now, out);
      return;
    }
    for (let p = 0; p < this.size; p++) {
      if (p !== this.id) out.push({ type: kind, from: this.id, to: p, term, log: this.log });
    }
  }

  private tally(): 'won' | 'lost' | 'pending' {
    let granted = 0;
    let rejected = 0;
    for (let p = 0; p < this.size; p++) {
      if (this.votes[p] > 0) granted++;
      else if (this.votes[p] < 0) rejected++;
    }
    if (granted >= this.quorum) return 'won';
    return this.size - rejected < this.quorum ? 'lost' : 'pending';
  }

  /** raft `becomeFollower`. */
  becomeFollower(term: number, lead: number, now: Time): void {
    this.reset(term, now, this.cfg.timerRule === 'logcabin' && this.role !== 'leader');
    this.lead = lead;
    this.role = 'follower';
  }

  private becomeLeader(now: Time, out: Message[]): void {
    this.reset(this.term, now);
    this.lead = this.id;
    this.role = 'leader';
    this.leaderSince = now;
    this.beats = 0;
    this.checks = 0;
    this.recentActive.fill(0);
    this.recentActive[this.id] = 1;
    for (let p = 0; p < this.size; p++) this.match[p] = p === this.id ? this.log : { index: 0, term: 0 };
    // A new leader appends an empty entry of its term and broadcasts it (ref: raft `becomeLeader`, `bcastAppend`).
    this.logAtElection = this.log;
    this.log = { index: this.log.index + 1, term: this.term };
    for (let p = 0; p < this.size; p++) if (p !== this.id) out.push(this.append(p));
  }

  private append(to: number): Message {
    return { type: 'App', from: this.id, to, term: this.term, log: this.log };
  }

  /** raft `reset`: a new term clears the vote; the election timer restarts with a new randomized timeout (unless `keepTimer`). */
  private reset(term: number, now: Time, keepTimer = false): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    if (!keepTimer) this.restartTimer(now);
    this.votes.fill(0);
  }

  private restartTimer(now: Time): void {
    this.electionResetAt = now;
    this.randomizedTimeoutUs = this.drawTimeout();
  }

  private drawTimeout(): Time {
    const { electionTimeoutUs: lo, electionTimeoutMaxUs: hi } = this.cfg;
    return hi > lo ? lo + Math.floor(this.rng.next() * (hi - lo)) : lo;
  }

  private durable(): number[] {
    return [this.term, this.vote, this.log.index, this.log.term];
  }

  private ready(msgs: Message[], before: number[]): Ready {
    const after = this.durable();
    const changed = after.some((v, i) => v !== before[i]);
    // etcd's leader writes its log in parallel with sending; everyone else sends only after
    // persisting the Ready (etcd `raftNode.start`).
    return { msgs, persist: changed && this.role !== 'leader', timerAt: this.timerAt() };
  }
}
