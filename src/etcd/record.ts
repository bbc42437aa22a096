/**
 * The etcd figures of summary.json and the etcd events of events.csv, kept from the cluster's
 * health as it changes: who leads a quorum, and whether a quorum can talk at all.
 *
 * An election lasts from the moment the cluster lost its leader (crash, partition or step-down:
 * no member leads a quorum any more) until a new leader's first heartbeat reaches a quorum
 * (design.md §4) — the instant a quorum follows it. The boot election is not counted: figures
 * start once the cluster first has a leader.
 */
import { toSeconds, type Time } from '../kernel/time.js';
import type { EventLog } from '../metrics/events.js';

/** One election after a loss of leadership. */
export interface EtcdElection {
  startS: number;
  endS: number;
  durationMs: number;
  term: number;
}

/** The `controlPlane.etcd` section of summary.json. */
export interface EtcdSummary {
  members: number;
  leaderChanges: number;
  noLeaderS: number;
  noQuorumS: number;
  elections: EtcdElection[];
}

/** Tracks leadership and quorum over time. */
export class EtcdRecorder {
  /** Completed elections, in order. */
  readonly elections: Array<{ startUs: Time; endUs: Time; term: number }> = [];
  leaderChanges = 0;
  private armed = false;
  private leader = -1;
  private term = 0;
  private lostAt: Time | null = null;
  private noLeaderUs = 0;
  private quorum = true;
  private noQuorumSince: Time = 0;
  private noQuorumUs = 0;

  constructor(
    private readonly names: readonly string[],
    private readonly events?: EventLog,
  ) {}

  /** Records the health at `now`: the member leading a quorum (or −1) with its term, and whether a quorum is connected. */
  update(now: Time, leader: number, term: number, quorumConnected: boolean): void {
    if (quorumConnected !== this.quorum) this.quorumChanged(now, quorumConnected);
    if (leader === this.leader && (leader < 0 || term === this.term)) return;
    const prev = this.leader;
    const prevTerm = this.term;
    this.leader = leader;
    if (leader >= 0) this.term = term;
    if (prev >= 0 && this.armed) {
      this.lostAt = now;
      this.events?.add(now, 'Warning', 'EtcdLeaderLost', `etcd/${this.names[prev]}`, `${this.names[prev]} no longer leads a quorum (term ${prevTerm})`);
    }
    if (leader < 0) return;
    if (!this.armed) {
      this.armed = true;
      this.events?.add(now, 'Normal', 'EtcdLeaderElected', `etcd/${this.names[leader]}`, `${this.names[leader]} elected leader at term ${term}`);
      return;
    }
    const start = this.lostAt ?? now;
    this.noLeaderUs += now - start;
    this.lostAt = null;
    if (term === prevTerm && leader === prev) {
      this.events?.add(now, 'Normal', 'EtcdLeaderElected', `etcd/${this.names[leader]}`, `${this.names[leader]} leads a quorum again at term ${term}`);
      return;
    }
    this.leaderChanges++;
    this.elections.push({ startUs: start, endUs: now, term });
    this.events?.add(now, 'Normal', 'EtcdLeaderElected', `etcd/${this.names[leader]}`, `${this.names[leader]} elected leader at term ${term}`);
  }

  private quorumChanged(now: Time, ok: boolean): void {
    this.quorum = ok;
    const q = (this.names.length >> 1) + 1;
    if (!ok) {
      this.noQuorumSince = now;
      this.events?.add(now, 'Warning', 'EtcdQuorumLost', 'etcd/cluster', `fewer than ${q} of ${this.names.length} members are up and connected`);
    } else {
      this.noQuorumUs += now - this.noQuorumSince;
      this.events?.add(now, 'Normal', 'EtcdQuorumRestored', 'etcd/cluster', `${q} of ${this.names.length} members are up and connected again`);
    }
  }

  /** Time without a leader of a quorum so far (open interval closed at `now`), in µs. */
  noLeaderTime(now: Time): Time {
    return this.noLeaderUs + (this.armed && this.leader < 0 && this.lostAt !== null ? now - this.lostAt : 0);
  }

  /** Time without a connected quorum so far, in µs. */
  noQuorumTime(now: Time): Time {
    return this.noQuorumUs + (this.quorum ? 0 : now - this.noQuorumSince);
  }

  /** The summary section at `now`. Elections still open at `now` are not listed (their time is in `noLeaderS`). */
  summary(now: Time, round: (x: number) => number): EtcdSummary {
    return {
      members: this.names.length,
      leaderChanges: this.leaderChanges,
      noLeaderS: round(toSeconds(this.noLeaderTime(now))),
      noQuorumS: round(toSeconds(this.noQuorumTime(now))),
      elections: this.elections.map((e) => ({
        startS: round(toSeconds(e.startUs)),
        endS: round(toSeconds(e.endUs)),
        durationMs: round((e.endUs - e.startUs) / 1000),
        term: e.term,
      })),
    };
  }
}
