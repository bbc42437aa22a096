/**
 * The committed writes of a cluster, as far as elections care: each advances the log of the
 * leader and of the followers it replicates to. Writes come from the API servers
 * (`EtcdCluster.commitWrite`) and, optionally, from a background stream standing for the writes
 * modelled analytically elsewhere (lease renewals): in a live Kubernetes cluster writes never
 * stop, so a member cut off for a while really is behind when it comes back (up-to-date rule).
 *
 * A committed write lands on every follower that follows the leader and that the leader reaches
 * at the commit instant; the followers outside the commit quorum really receive it a few
 * milliseconds later, which matters only if a crash falls inside those milliseconds.
 */
import type { Time } from '../kernel/time.js';
import type { MemberLinks } from './health.js';
import type { RaftMember } from './member.js';

/** Appends committed entries to the members' logs. */
export class CommittedWrites {
  private lastBgAt: Time = 0;

  constructor(
    private readonly members: readonly RaftMember[],
    private readonly links: MemberLinks,
    /** Period of the background stream while a leader holds a quorum; 0 for none. */
    private readonly backgroundUs: Time,
    /** Called after entries up to `index` of `term` were appended. */
    private readonly committed: (index: number, term: number) => void,
  ) {}

  /** Appends the background writes due by `now` under leader `l` (−1: none, and none accrue). */
  flush(now: Time, l: number): void {
    if (!(this.backgroundUs > 0) || !Number.isFinite(this.backgroundUs)) return;
    if (l < 0) {
      this.lastBgAt = now;
      return;
    }
    const n = Math.floor((now - this.lastBgAt) / this.backgroundUs);
    if (n <= 0) return;
    this.lastBgAt += n * this.backgroundUs;
    this.append(l, n);
  }

  /** Appends `n` committed entries on leader `l` and the followers it replicates to. */
  append(l: number, n: number): void {
    const lm = this.members[l];
    lm.log = { index: lm.log.index + n, term: lm.term };
    for (let f = 0; f < this.members.length; f++) {
      const m = this.members[f];
      if (f === l || !this.links.alive(f) || m.term !== lm.term || m.lead !== l || !this.links.reach(l, f)) continue;
      m.log = lm.log;
      lm.noteReplicated(f, lm.log);
    }
    this.committed(lm.log.index, lm.term);
  }
}
