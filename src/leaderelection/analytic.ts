/**
 * The lease renewals and candidate polls of a leader election computed instead of played
 * (design.md §6: no event per renewal or per poll while the leader renews normally).
 *
 * A leader that renews normally starts a renew round every retryPeriod after the previous one
 * returned (`wait.Until`, sliding), and each round's Update commits one write latency later: a
 * deterministic grid from its last explicit renewal. A candidate polls every jittered period
 * (`wait.JitterUntil`, sliding, factor 1.2); each poll sees the Lease changed since its previous
 * poll and so moves its `observedTime` forward — which is all that matters when renewals stop.
 */
import type { Rng } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';

/** The grid of a leader's renewals from an anchor: round k starts at `firstRoundAt + k × periodUs` and commits `latencyUs` later. */
export class RenewGrid {
  constructor(
    /** Lease version after the anchoring renewal. */
    readonly baseVersion: number,
    /** When the anchoring renewal committed. */
    readonly anchorCommitAt: Time,
    /** When the first analytic round starts (anchor + retryPeriod). */
    readonly firstRoundAt: Time,
    /** retryPeriod + the renewal's write latency. */
    readonly periodUs: Time,
    readonly latencyUs: Time,
  ) {}

  /** Renewals committed at or before `t`. */
  commitsBy(t: Time): number {
    const first = this.firstRoundAt + this.latencyUs;
    return t < first ? 0 : Math.floor((t - first) / this.periodUs) + 1;
  }

  /** The Lease's version at `t`. */
  version(t: Time): number {
    return this.baseVersion + this.commitsBy(t);
  }

  /** When the last renewal at or before `t` committed. */
  lastCommitAt(t: Time): Time {
    const n = this.commitsBy(t);
    return n === 0 ? this.anchorCommitAt : this.roundAt(n - 1) + this.latencyUs;
  }

  /** Start of analytic round `k` (from 0). */
  roundAt(k: number): Time {
    return this.firstRoundAt + k * this.periodUs;
  }
}

/** One jittered retry period: `wait.Jitter(retryPeriod, factor)` = retryPeriod × (1 + factor × U[0,1)). */
export function jitter(retryPeriodUs: Time, factor: number, rng: Rng): Time {
  return retryPeriodUs + Math.floor(rng.next() * factor * retryPeriodUs);
}

/**
 * Where a renewal process with uniform intervals [a, b) stands at a random instant long after it
 * started (its stationary state): the interval containing the instant is length-biased (density
 * ∝ x), and the instant falls uniformly inside it. Returns the age (time since the last poll)
 * and the interval's length.
 */
export function stationaryPhase(a: Time, b: Time, rng: Rng): { age: Time; length: Time } {
  const length = Math.sqrt(a * a + rng.next() * (b * b - a * a));
  const age = Math.floor(rng.next() * length);
  return { age, length: Math.floor(length) };
}

/** A process identity as kube-controller-manager and kube-scheduler build it: `hostname_UUID`. */
export function identity(host: string, rng: Rng): string {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 32; i++) {
    s += hex[rng.int(16)];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return `${host}_${s}`;
}
