/**
 * Raft messages and the log position, in the vocabulary of etcd-io/raft (`raftpb.MessageType`).
 *
 * The log is modelled by its last entry only, `(index, term)`: entries carry no payload here,
 * and what elections need from a log is the up-to-date rule (raft `raftLog.isUpToDate`).
 */
import type { Time } from '../kernel/time.js';

/** The last entry of a member's log. */
export interface LogPos {
  index: number;
  term: number;
}

/**
 * Whether a log ending at `(lastIndex, lastTerm)` is at least as up to date as `mine`
 * (ref: raft `raftLog.isUpToDate`: a later last term wins, equal terms compare the index).
 */
export function isUpToDate(candidate: LogPos, mine: LogPos): boolean {
  return candidate.term > mine.term || (candidate.term === mine.term && candidate.index >= mine.index);
}

/** Orders log positions (negative when `a` is older than `b`). */
export function compareLog(a: LogPos, b: LogPos): number {
  return a.term !== b.term ? a.term - b.term : a.index - b.index;
}

/** Message types (raft `MsgPreVote`, `MsgVote`, `MsgApp`, `MsgHeartbeat` and their responses). */
export type MsgType = 'PreVote' | 'PreVoteResp' | 'Vote' | 'VoteResp' | 'App' | 'AppResp' | 'Heartbeat' | 'HeartbeatResp';

/** One Raft message between members (indices into the cluster's member list). */
export interface Message {
  type: MsgType;
  from: number;
  to: number;
  /** The sender's term (for a pre-vote request: the term it would campaign for). */
  term: number;
  /** Vote requests: the candidate's last entry. App: the leader's log. Responses to App/Heartbeat: the follower's log. */
  log?: LogPos;
  /** Vote responses: whether the vote is refused. */
  reject?: boolean;
  /** Heartbeats and their responses: the leader's heartbeat number in its term (for keyed latency draws). */
  seq?: number;
}

/** The roles of a member (raft `StateFollower`, `StatePreCandidate`, `StateCandidate`, `StateLeader`). */
export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** What one input to a member produced, for the caller to carry out. */
export interface Ready {
  /** Messages to send. */
  msgs: Message[];
  /**
   * Whether the step changed durable state (term, vote or log): the messages may then leave only
   * after the write is fsynced, as etcd sends a Ready's messages after persisting it.
   */
  persist: boolean;
  /** When the member's single timer must fire next (election timeout, or the leader's tick), or null. */
  timerAt: Time | null;
}

/** The member id meaning "nobody" (raft `None`). */
export const NONE = -1;
