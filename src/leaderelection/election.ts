/**
 * Lease-based leader election of one component (kube-controller-manager or kube-scheduler): a
 * candidate process per control-plane host, client-go's algorithm (`client.ts`), and the
 * `LeaderLease` the data plane reads (ref: kubernetes.md §3).
 *
 * Cost: while the leader renews normally, neither its renewals nor the candidates' polls are
 * events. The leader's renewals follow a grid from its last explicit renewal (`RenewGrid`); each
 * candidate keeps its next poll time. When renewals stop — the leader's host dies or it can no
 * longer write — every candidate is materialized at that instant: where it stands in its
 * jittered poll period (replaying its own draws for short gaps, the stationary phase for long
 * ones) and the Lease version it last saw; explicit polls run from there. A candidate that
 * cannot read goes explicit alone. Processes return to the analytic mode as soon as the picture
 * is steady again.
 */
import { sampleTime } from '../kernel/dist.js';
import type { Streams } from '../kernel/rng.js';
import type { Sim } from '../kernel/sim.js';
import { toSeconds, type Time } from '../kernel/time.js';
import type { ApiServerWritePath } from '../apiserver/writepath.js';
import type { LeaderLease } from '../apiserver/types.js';
import type { EventLog } from '../metrics/events.js';
import type { Network } from '../network/network.js';
import type { LeaderElectionConfig } from '../scenario/types.js';
import type { HostId, Topology } from '../topology/types.js';
import { PRIORITY } from '../world/priority.js';
import { identity, jitter, RenewGrid, stationaryPhase } from './analytic.js';
import { LeaseClient, type LeaseHost } from './client.js';
import { ElectorProcess, type LeaseRecord } from './process.js';

/** Polls replayed one by one when materializing a candidate; past this, its stationary phase is drawn. */
const EXACT_POLLS = 256;

/** How to build one leader election. */
export interface LeaseElectionOptions {
  sim: Sim;
  streams: Streams;
  network: Network;
  writePath: ApiServerWritePath;
  topology: Topology;
  config: LeaderElectionConfig;
  /** Lease name in kube-system: `kube-controller-manager` or `kube-scheduler`. */
  lease: string;
  events?: EventLog;
  /** Compute renewals and polls while steady (default true). */
  elide?: boolean;
}

/** One leadership: who held it, from when, until when (null while still leading). */
export interface LeadershipSpan {
  identity: string;
  host: HostId;
  startUs: Time;
  endUs: Time | null;
  /** When the acquirer last saw the record it took over change, on its own clock (−1: it created the Lease). */
  observedAtUs: Time;
}

/** The `controllerManager` / `scheduler` section of summary.json. */
export interface LeaseSummary {
  leaderChanges: number;
  noLeaderS: number;
}

/** Leader election of one component over all control-plane hosts. */
export class LeaseElection implements LeaderLease, LeaseHost {
  readonly object: string;
  readonly processes: ElectorProcess[];
  /** Every leadership in order (for checkers and reports). */
  readonly history: LeadershipSpan[] = [];
  leaderChanges = 0;
  private readonly sim: Sim;
  private readonly network: Network;
  private readonly wp: ApiServerWritePath;
  private readonly cfg: LeaderElectionConfig;
  private readonly events?: EventLog;
  private readonly elide: boolean;
  private readonly client: LeaseClient;
  private rec: LeaseRecord = { holder: '', version: 0, transitions: 0 };
  private grid: RenewGrid | null = null;
  private gridLeader: ElectorProcess | null = null;
  private acting: ElectorProcess | null = null;
  private readonly listeners: Array<(host: HostId, previous: HostId) => void> = [];
  private noLeaderSince: Time | null = null;
  private noLeaderUs: Time = 0;

  constructor(opts: LeaseElectionOptions) {
    this.sim = opts.sim;
    this.network = opts.network;
    this.wp = opts.writePath;
    this.cfg = opts.config;
    this.events = opts.events;
    this.elide = opts.elide ?? true;
    this.object = `lease/kube-system/${opts.lease}`;
    this.client = new LeaseClient(this, opts.writePath, opts.config, opts.lease);
    this.processes = opts.topology.controlPlane.map((h) => {
      const s = (what: string) => opts.streams.stream(`leaderelection/${opts.lease}/${h.name}/${what}`);
      const p = new ElectorProcess(h.id, h.name, s('jitter'), s('identity'), s('restart'));
      p.timer = opts.sim.timer(`${opts.lease} ${h.name}`, () => this.onTimer(p), PRIORITY.lease);
      p.deadline = opts.sim.timer(`${opts.lease} ${h.name} renew deadline`, () => this.client.deadlinePassed(p), PRIORITY.lease);
      return p;
    });
    opts.writePath.onChange(() => this.changed());
  }

  /** Starts a process on every control-plane host that is up (t = 0). */
  start(): void {
    for (const p of this.processes) if (this.network.isUp(p.host)) this.startProcess(p);
  }

  leaderHost(): HostId {
    return this.acting ? this.acting.host : -1;
  }

  onLeaderChange(fn: (host: HostId, previous: HostId) => void): void {
    this.listeners.push(fn);
  }

  /** Identity of the acting leader, or ''. */
  leaderIdentity(): string {
    return this.acting ? this.acting.identity : '';
  }

  /** Whether the leader's renewals are computed rather than played now. */
  get isAnalytic(): boolean {
    return this.grid !== null;
  }

  /** Leader changes after the first acquisition, and time with no acting leader since it. */
  summary(now: Time, round: (x: number) => number): LeaseSummary {
    const open = this.noLeaderSince !== null ? now - this.noLeaderSince : 0;
    return { leaderChanges: this.leaderChanges, noLeaderS: round(toSeconds(this.noLeaderUs + open)) };
  }

  // ——— LeaseHost ———

  now(): Time {
    return this.sim.now;
  }

  record(): LeaseRecord {
    if (!this.grid) return this.rec;
    return { holder: this.gridLeader!.identity, version: this.grid.version(this.sim.now), transitions: this.rec.transitions };
  }

  store(holder: string, transitions: number): LeaseRecord {
    if (this.grid && holder !== this.gridLeader!.identity) this.materializeAll(this.sim.now);
    this.rec = { holder, version: this.record().version + 1, transitions };
    return this.rec;
  }

  acquired(p: ElectorProcess): void {
    const now = this.sim.now;
    if (this.history.length > 0) this.leaderChanges++;
    p.state = 'leading';
    p.acquiredAt = now;
    this.history.push({ identity: p.identity, host: p.host, startUs: now, endUs: null, observedAtUs: p.replacedSeenAt });
    // ref: client-go `acquire` → `Lock.RecordEvent("became leader")` (reason LeaderElection, "<identity> became leader")
    this.events?.add(now, 'Normal', 'LeaderElection', this.object, `${p.identity} became leader`);
    this.updateActing();
    this.client.renewRound(p);
  }

  pollFailed(p: ElectorProcess): void {
    if (this.canElideCandidate(p)) {
      p.analytic = true;
      p.anchorAt = this.sim.now;
    } else {
      p.timer.set(p.nextPollAt);
    }
  }

  renewed(p: ElectorProcess, latencyUs: Time): void {
    const now = this.sim.now;
    if (!this.canElideLeader(p)) {
      p.timer.set(now + this.cfg.retryPeriodUs);
      return;
    }
    const rp = this.cfg.retryPeriodUs;
    this.grid = new RenewGrid(this.rec.version, now, now + rp, rp + latencyUs, latencyUs);
    this.gridLeader = p;
    p.timer.clear();
    this.elideIdleCandidates(now);
  }

  lost(p: ElectorProcess): void {
    this.stopLeading(p, 'leaderelection lost');
    this.stopProcess(p, 'restarting');
    p.pending = 'restart';
    p.timer.set(this.sim.now + sampleTime(this.cfg.restartDelay, p.restartRng));
  }

  // ——— processes ———

  private startProcess(p: ElectorProcess): void {
    p.generation++;
    p.identity = identity(p.name, p.identityRng);
    p.state = 'acquiring';
    p.observedVersion = -1;
    p.observedHolder = '';
    p.observedTime = 0;
    p.busy = false;
    p.analytic = false;
    this.client.acquireAttempt(p);
  }

  private stopProcess(p: ElectorProcess, state: 'down' | 'restarting'): void {
    if (p === this.gridLeader) this.materializeAll(this.sim.now);
    p.generation++;
    p.timer.clear();
    p.deadline.clear();
    p.busy = false;
    p.analytic = false;
    p.state = state;
    this.updateActing();
  }

  private stopLeading(p: ElectorProcess, why: string): void {
    const now = this.sim.now;
    const span = this.history.findLast((s) => s.identity === p.identity && s.endUs === null);
    if (span) span.endUs = now;
    this.events?.add(now, 'Warning', 'LeaderElectionLost', this.object, `${p.identity} stopped leading: ${why}`);
  }

  private onTimer(p: ElectorProcess): void {
    switch (p.pending) {
      case 'poll':
        if (p.state === 'acquiring') this.client.acquireAttempt(p);
        return;
      case 'round':
        if (p.state === 'leading') this.client.renewRound(p);
        return;
      case 'attempt':
        if (p.state === 'leading') this.client.renewAttempt(p);
        return;
      case 'restart':
        if (this.network.isUp(p.host)) this.startProcess(p);
        else p.state = 'down';
    }
  }

  /** The picture changed: hosts up or down, paths gained or lost. */
  private changed(): void {
    const now = this.sim.now;
    const l = this.gridLeader;
    if (this.grid && l && (!this.network.isUp(l.host) || !this.wp.writable(l.host, 'client-apiserver'))) this.materializeAll(now);
    for (const p of this.processes) {
      if (p.analytic && (!this.network.isUp(p.host) || !this.wp.readable(p.host, 'client-apiserver'))) this.materializeCandidate(p, now);
    }
    for (const p of this.processes) {
      const up = this.network.isUp(p.host);
      if (!up && p.state !== 'down') {
        if (p.state === 'leading') this.stopLeading(p, 'host down');
        this.stopProcess(p, 'down');
      } else if (up && p.state === 'down') {
        this.startProcess(p);
      }
    }
    if (this.grid) this.elideIdleCandidates(now);
  }

  private updateActing(): void {
    let best: ElectorProcess | null = null;
    for (const p of this.processes) if (p.state === 'leading' && (!best || p.acquiredAt > best.acquiredAt)) best = p;
    if (best === this.acting) return;
    const now = this.sim.now;
    const prev = this.acting ? this.acting.host : -1;
    this.acting = best;
    if (!best) this.noLeaderSince = now;
    else if (this.noLeaderSince !== null) {
      this.noLeaderUs += now - this.noLeaderSince;
      this.noLeaderSince = null;
    }
    for (const fn of this.listeners) fn(this.leaderHost(), prev);
  }

  // ——— analytic mode ———

  private canElideLeader(p: ElectorProcess): boolean {
    if (!this.elide || p.state !== 'leading' || !this.wp.writable(p.host, 'client-apiserver')) return false;
    return this.processes.every((q) => q === p || q.state !== 'leading');
  }

  private canElideCandidate(p: ElectorProcess): boolean {
    return this.elide && this.grid !== null && p.state === 'acquiring' && this.wp.readable(p.host, 'client-apiserver');
  }

  /** Candidates waiting for their next poll join the analytic mode. */
  private elideIdleCandidates(now: Time): void {
    for (const p of this.processes) {
      if (!p.analytic && !p.busy && p.pending === 'poll' && this.canElideCandidate(p)) {
        p.analytic = true;
        p.anchorAt = now;
        p.timer.clear();
      }
    }
  }

  /** Renewals stop now: every candidate, then the leader, back to explicit state. */
  private materializeAll(now: Time): void {
    for (const p of this.processes) if (p.analytic) this.materializeCandidate(p, now);
    this.materializeLeader(now);
  }

  /** Where candidate `p` stands at `now`: its last poll, what it saw then, and its next poll. */
  private materializeCandidate(p: ElectorProcess, now: Time): void {
    p.analytic = false;
    const g = this.grid!;
    const see = (t: Time) => {
      const v = g.version(t);
      if (v === p.observedVersion) return;
      p.observedVersion = v;
      p.observedHolder = this.gridLeader!.identity;
      p.observedTime = t;
    };
    const { retryPeriodUs: rp, jitterFactor: jf } = this.cfg;
    let n = 0;
    for (; n < EXACT_POLLS && p.nextPollAt < now; n++) {
      see(p.nextPollAt);
      p.nextPollAt += jitter(rp, jf, p.jitterRng);
    }
    if (p.nextPollAt < now) {
      // Long after the anchor: draw the stationary phase instead of replaying every poll.
      const { age, length } = stationaryPhase(rp, rp + jf * rp, p.jitterRng);
      const last = now - age;
      see(last - jitter(rp, jf, p.jitterRng));
      see(last);
      p.nextPollAt = last + length;
    }
    p.pending = 'poll';
    p.timer.set(Math.max(now, p.nextPollAt));
  }

  /** The leader's record and renew loop at `now`; the grid ends. */
  private materializeLeader(now: Time): void {
    const g = this.grid;
    const p = this.gridLeader;
    if (!g || !p) return;
    this.rec = { holder: p.identity, version: g.version(now), transitions: this.rec.transitions };
    p.observedVersion = this.rec.version;
    p.observedHolder = p.identity;
    p.observedTime = g.lastCommitAt(now);
    this.grid = null;
    this.gridLeader = null;
    // A leader that died with its host renews nothing more.
    if (p.state !== 'leading' || !this.network.isUp(p.host)) return;
    if (now < g.firstRoundAt) {
      p.pending = 'round';
      p.timer.set(g.firstRoundAt);
      return;
    }
    const k = Math.floor((now - g.firstRoundAt) / g.periodUs);
    const roundAt = g.roundAt(k);
    if (now < roundAt + g.latencyUs) {
      // That round's Update was in flight: it is submitted again now, within the same round.
      this.client.renewRound(p, roundAt);
    } else {
      p.pending = 'round';
      p.timer.set(g.roundAt(k + 1));
    }
  }
}
