/**
 * What the cluster can do right now, computed from the members' states and the network: which
 * member leads a quorum, and whether any quorum of members could talk at all. Pure functions of
 * their inputs; the cluster caches them per picture version.
 */
import type { Network } from '../network/network.js';
import type { HostId } from '../topology/types.js';
import { NONE } from './messages.js';
import type { RaftMember } from './member.js';

/** Reachability between members over `etcd-etcd`, and liveness of their processes. */
export interface MemberLinks {
  alive(i: number): boolean;
  /** Whether a message from member `i` reaches member `j` now. */
  reach(i: number, j: number): boolean;
}

/** Whether `f` follows leader `l` now: alive, in its term, knows it as leader, and both directions open. */
export function follows(members: readonly RaftMember[], links: MemberLinks, f: number, l: number): boolean {
  const m = members[f];
  return f !== l && links.alive(f) && m.term === members[l].term && m.lead === l && links.reach(l, f) && links.reach(f, l);
}

/**
 * The member that leads a quorum now, or −1: a live leader that a quorum (itself included) of
 * members follow over open paths in both directions. Several members may believe they lead (a
 * stale leader cut off in a minority, without check-quorum); only one can have a quorum.
 */
export function leaderWithQuorum(members: readonly RaftMember[], links: MemberLinks): number {
  let best = NONE;
  for (let l = 0; l < members.length; l++) {
    const m = members[l];
    if (m.role !== 'leader' || !links.alive(l)) continue;
    let n = 1;
    for (let f = 0; f < members.length; f++) if (follows(members, links, f, l)) n++;
    if (n >= m.quorum && (best === NONE || m.term > members[best].term)) best = l;
  }
  return best;
}

/** Whether some quorum of live members can all reach each other (both ways): could elect and commit. */
export function quorumConnected(n: number, links: MemberLinks): boolean {
  const q = (n >> 1) + 1;
  const ok: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    ok.push([]);
    for (let j = 0; j < n; j++) ok[i].push(i === j || (links.reach(i, j) && links.reach(j, i)));
  }
  // At most 7 members: enumerating subsets is 128 masks.
  for (let mask = 1; mask < 1 << n; mask++) {
    if (popcount(mask) < q) continue;
    let clique = true;
    for (let i = 0; i < n && clique; i++) {
      if (!(mask & (1 << i))) continue;
      if (!links.alive(i)) clique = false;
      for (let j = i + 1; j < n && clique; j++) if (mask & (1 << j) && !ok[i][j]) clique = false;
    }
    if (clique) return true;
  }
  return false;
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** Liveness of the members' hosts and the `etcd-etcd` cuts between them, as a string: what the cluster must react to. */
export function linkSignature(network: Network, hosts: readonly HostId[]): string {
  let s = '';
  for (const a of hosts) {
    s += network.isUp(a) ? '1' : '0';
    for (const b of hosts) s += a !== b && network.isCut(a, b, 'etcd-etcd') ? 'x' : '.';
  }
  return s;
}
