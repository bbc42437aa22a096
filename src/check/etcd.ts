/**
 * etcd safety from the members' own state (Raft §5.2, §5.4; etcd raft/raft.go): at most one
 * leader per term, and no entry committed unless a quorum of members holds it in their durable
 * logs. Fed by the cluster's `RaftObserver` callbacks; reads `term`, `role` and `log` of every
 * member, never the simulator's events.
 */

/** What the checks read of a member (RaftMember's public fields). */
export interface MemberView {
  role: string;
  term: number;
  log: { index: number; term: number };
}

/** Checks election safety and commit quorums; calls `report` for each violation. */
export class EtcdSafety {
  private readonly leaderOfTerm = new Map<number, number>();

  constructor(
    private readonly members: readonly MemberView[],
    private readonly report: (what: string) => void,
  ) {}

  /** Votes (and log holders) a commit needs: ⌊n/2⌋ + 1. */
  get quorum(): number {
    return (this.members.length >> 1) + 1;
  }

  /** A member won `term`: no other member may have led it, and no two members lead one term now. */
  elected(member: number, term: number): void {
    const prior = this.leaderOfTerm.get(term);
    if (prior !== undefined && prior !== member) this.report(`etcd: members ${prior} and ${member} both elected leader of term ${term}`);
    this.leaderOfTerm.set(term, member);
    const leaders = this.members.flatMap((m, i) => (m.role === 'leader' && m.term === term ? [i] : []));
    if (leaders.length > 1) this.report(`etcd: members ${leaders.join(', ')} lead term ${term} at once`);
  }

  /**
   * Entries up to `index` of `term` committed: a quorum of members must hold them. A log whose
   * last entry is of a later term holds every committed entry before it (Log Matching plus
   * Leader Completeness); one of the same term holds them up to its index.
   */
  committed(index: number, term: number): void {
    let holders = 0;
    for (const m of this.members) if (m.log.term > term || (m.log.term === term && m.log.index >= index)) holders++;
    if (holders < this.quorum) this.report(`etcd: entry ${index} of term ${term} committed on ${holders} of ${this.members.length} members (quorum ${this.quorum})`);
  }
}
