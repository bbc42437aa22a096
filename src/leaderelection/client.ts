/**
 * client-go's leader election played explicitly, one process at a time
 * (ref: client-go `tools/leaderelection/leaderelection.go`):
 *
 * - `acquire`: `wait.JitterUntil(tryAcquireOrRenew, retryPeriod, JitterFactor 1.2, sliding)` —
 *   the first try at once, then every retryPeriod × [1, 2.2) after the previous try returned.
 * - `tryAcquireOrRenew`: the leader's fast path is an optimistic Update of the record it last
 *   observed; otherwise (or when that fails) Get the Lease, and if its raw record differs from
 *   the last one seen, remember it with `observedTime = now` (the local clock); fail while
 *   another holder's lease is valid (`observedTime + leaseDuration > now`); else Update with the
 *   resourceVersion just read (a concurrent writer gets a Conflict).
 * - `renew`: `wait.Until(round, retryPeriod)`; a round polls tryAcquireOrRenew at once and then on
 *   a retryPeriod ticker, under a renewDeadline timeout; a round that times out ends leadership:
 *   kube-controller-manager and kube-scheduler log "leaderelection lost" and exit
 *   (`klog.FlushAndExit`), and come back as a new process with a new identity.
 *
 * Gets are linearizable reads and Updates are writes through the API server on the process's
 * own host (`client-apiserver`), so they wait out an etcd election and fail after the request
 * timeout like any request.
 */
import type { Time } from '../kernel/time.js';
import type { ApiServerWritePath } from '../apiserver/writepath.js';
import type { LeaderElectionConfig } from '../scenario/types.js';
import { jitter } from './analytic.js';
import type { ElectorProcess, LeaseRecord } from './process.js';

/** What the loops need from the election that owns them. */
export interface LeaseHost {
  now(): Time;
  /** The Lease as stored now. */
  record(): LeaseRecord;
  /** Stores an Update that committed (resourceVersion + 1). */
  store(holder: string, transitions: number): LeaseRecord;
  /** `p` acquired the lease. */
  acquired(p: ElectorProcess): void;
  /** `p` failed an acquire try and waits for its next poll at `p.nextPollAt`. */
  pollFailed(p: ElectorProcess): void;
  /** `p` renewed; its next round starts a retryPeriod later. */
  renewed(p: ElectorProcess, latencyUs: Time): void;
  /** `p`'s renew round timed out. */
  lost(p: ElectorProcess): void;
}

/** Runs the acquire and renew loops of the processes of one Lease. */
export class LeaseClient {
  constructor(
    private readonly host: LeaseHost,
    private readonly wp: ApiServerWritePath,
    private readonly cfg: LeaderElectionConfig,
    private readonly lease: string,
  ) {}

  /** One acquire try (JitterUntil's body); schedules the next one on failure. */
  acquireAttempt(p: ElectorProcess): void {
    const gen = p.generation;
    p.busy = true;
    this.tryAcquireOrRenew(p, (ok) => {
      if (gen !== p.generation) return;
      p.busy = false;
      if (ok) {
        this.host.acquired(p);
        return;
      }
      p.pending = 'poll';
      p.nextPollAt = this.host.now() + jitter(this.cfg.retryPeriodUs, this.cfg.jitterFactor, p.jitterRng);
      this.host.pollFailed(p);
    });
  }

  /** Starts a renew round now: a renewDeadline from now, a ticker every retryPeriod. */
  renewRound(p: ElectorProcess, startedAt = this.host.now()): void {
    p.tickBase = startedAt;
    p.roundDeadline = startedAt + this.cfg.renewDeadlineUs;
    p.deadline.set(Math.max(this.host.now(), p.roundDeadline));
    this.renewAttempt(p, startedAt);
  }

  /** One try of the current round; on failure, the next try at the next tick (at once if a tick passed meanwhile). */
  renewAttempt(p: ElectorProcess, startedAt = this.host.now()): void {
    const gen = p.generation;
    p.busy = true;
    p.attemptStart = startedAt;
    this.tryAcquireOrRenew(p, (ok) => {
      if (gen !== p.generation || p.state !== 'leading') return;
      p.busy = false;
      const now = this.host.now();
      if (ok) {
        p.deadline.clear();
        p.pending = 'round';
        this.host.renewed(p, now - p.attemptStart);
        return;
      }
      const rp = this.cfg.retryPeriodUs;
      const tick = p.tickBase + (Math.floor((p.attemptStart - p.tickBase) / rp) + 1) * rp;
      const next = Math.max(tick, now);
      if (next >= p.roundDeadline) return; // the deadline timer ends the round
      p.pending = 'attempt';
      p.timer.set(next);
    });
  }

  /** The round's renewDeadline passed without a renewal. */
  deadlinePassed(p: ElectorProcess): void {
    if (p.state === 'leading') this.host.lost(p);
  }

  private valid(p: ElectorProcess, now: Time): boolean {
    return p.observedTime + this.cfg.leaseDurationUs > now;
  }

  private tryAcquireOrRenew(p: ElectorProcess, done: (ok: boolean) => void): void {
    const gen = p.generation;
    if (p.state === 'leading' && p.isLeader() && this.valid(p, this.host.now())) {
      this.update(p, p.observedVersion, (ok) => {
        if (gen !== p.generation) return;
        if (ok) done(true);
        else this.slowPath(p, done);
      });
      return;
    }
    this.slowPath(p, done);
  }

  private slowPath(p: ElectorProcess, done: (ok: boolean) => void): void {
    const gen = p.generation;
    const fail = (): void => {
      if (gen === p.generation) done(false);
    };
    this.wp.read(p.host, 'client-apiserver', `get lease ${this.lease}`, () => {
      if (gen !== p.generation) return;
      const now = this.host.now();
      const rec = this.host.record();
      if (rec.version !== p.observedVersion) {
        p.observedVersion = rec.version;
        p.observedHolder = rec.holder;
        p.observedTime = now;
      }
      if (rec.holder !== '' && this.valid(p, now) && !p.isLeader()) {
        fail();
        return;
      }
      this.update(p, rec.version, (ok) => {
        if (gen === p.generation) done(ok);
      });
    }, fail);
  }

  /** An Update (or the first Create) conditional on the resourceVersion `expected`. */
  private update(p: ElectorProcess, expected: number, cb: (ok: boolean) => void): void {
    const gen = p.generation;
    const who = p.identity;
    this.wp.submit(p.host, 'client-apiserver', `update lease ${this.lease}`, () => {
      const rec = this.host.record();
      if (rec.version !== expected) {
        cb(false); // 409 Conflict: someone wrote the Lease since it was read
        return;
      }
      // A Create starts at 0 transitions; a takeover counts one (client-go `LeaderTransitions + 1`).
      const transitions = rec.version === 0 || rec.holder === who ? rec.transitions : rec.transitions + 1;
      const seenAt = rec.version === 0 ? -1 : p.observedTime;
      const stored = this.host.store(who, transitions);
      if (gen === p.generation) {
        if (rec.holder !== who) p.replacedSeenAt = seenAt;
        p.observedVersion = stored.version;
        p.observedHolder = who;
        p.observedTime = this.host.now();
      }
      cb(true);
    }, () => cb(false), `lease ${this.lease}`);
  }
}
