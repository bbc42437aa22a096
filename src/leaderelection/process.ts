/**
 * One replica of kube-controller-manager or kube-scheduler on a control-plane host, as its
 * leader elector (client-go `LeaderElector`) sees the world: its identity, the Lease record it
 * last observed and when (its local clock), and where it is in its acquire or renew loop.
 * A restarted process is a new `generation` with a new identity; callbacks of an older
 * generation are ignored, as a dead process hears nothing.
 */
import type { Rng } from '../kernel/rng.js';
import type { Timer } from '../kernel/sim.js';
import type { Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';

/** Lifecycle of the replica on a host. */
export type ProcessState = 'down' | 'restarting' | 'acquiring' | 'leading';

/** What the replica's timer does when it fires. */
export type PendingStep = 'poll' | 'round' | 'attempt' | 'restart';

/** The Lease object as stored in etcd. */
export interface LeaseRecord {
  /** `holderIdentity`; empty when nobody ever held it (the Lease does not exist yet). */
  holder: string;
  /** The object's resourceVersion: changes on every write, so a reader sees any renewal. */
  version: number;
  /** `leaseTransitions`. */
  transitions: number;
}

/** A leader-election client process on one control-plane host. */
export class ElectorProcess {
  identity = '';
  generation = 0;
  state: ProcessState = 'down';
  /** The raw record last seen (version), its holder, and the local time it was first seen. */
  observedVersion = -1;
  observedHolder = '';
  observedTime: Time = 0;
  /** A tryAcquireOrRenew is under way. */
  busy = false;
  pending: PendingStep = 'poll';
  /** When it became leader (to order acting leaders). */
  acquiredAt: Time = 0;
  /** When it last saw the record it took over change (its local clock); −1 when it created the Lease. */
  replacedSeenAt: Time = -1;
  /** Renew loop: start of the current round's ticker, its deadline, and when the current attempt began. */
  tickBase: Time = 0;
  roundDeadline: Time = 0;
  attemptStart: Time = 0;
  /** Analytic mode (candidates): polls after `anchorAt` are computed; the next one is `nextPollAt`. */
  analytic = false;
  anchorAt: Time = 0;
  nextPollAt: Time = 0;
  timer!: Timer;
  deadline!: Timer;

  constructor(
    readonly host: HostId,
    readonly name: string,
    readonly jitterRng: Rng,
    readonly identityRng: Rng,
    readonly restartRng: Rng,
  ) {}

  /** Whether this process has seen the record held by itself (client-go `IsLeader`). */
  isLeader(): boolean {
    return this.observedHolder === this.identity;
  }
}
