/**
 * The etcd cluster driver: runs the pure `RaftMember`s over the simulated network and kernel.
 * It delivers their messages with latencies (dropped at a down member or across a cut, checked
 * when sent and again on arrival), delays the messages of a step that changed durable state by
 * a disk fsync, arms one timer per member, crashes and restarts member processes (term, vote
 * and log survive), and elides heartbeats while the cluster is steady (`elision.ts`).
 * Committed writes advance the members' logs (`writes.ts`).
 */
import { sampleTime, type Dist } from '../kernel/dist.js';
import type { Rng, Streams } from '../kernel/rng.js';
import type { EventId, Sim, Timer } from '../kernel/sim.js';
import type { Time } from '../kernel/time.js';
import type { EventLog } from '../metrics/events.js';
import type { Network } from '../network/network.js';
import type { HostId } from '../topology/types.js';
import { PRIORITY } from '../world/priority.js';
import { findSteady, SteadyEpoch } from './elision.js';
import { follows, leaderWithQuorum, linkSignature, quorumConnected, type MemberLinks } from './health.js';
import { HeartbeatLatency } from './keyed.js';
import { RaftMember, type RaftConfig } from './member.js';
import { NONE, type LogPos, type Message, type Ready, type Role } from './messages.js';
import { EtcdRecorder } from './record.js';
import { CommittedWrites } from './writes.js';

/** How to build a cluster. */
export interface EtcdClusterOptions {
  sim: Sim;
  streams: Streams;
  network: Network;
  /** Host of each member, in member order (`cp-1` … `cp-N`). */
  hosts: readonly HostId[];
  /** Member names for events and streams (`cp-1` …). */
  names: readonly string[];
  config: RaftConfig & { diskFsync: Dist };
  /** Elide heartbeats while steady (default true); false plays every heartbeat, for equivalence tests. */
  elide?: boolean;
  /** Period of the background write stream while a leader holds a quorum; 0 (default) for none. */
  backgroundWriteIntervalUs?: Time;
  events?: EventLog;
}

/** Watches the cluster from outside (checkers, tests). Called synchronously. */
export interface RaftObserver {
  /** A message was delivered and stepped (after the step). */
  delivered?(m: Message, at: Time): void;
  /** A member changed role. */
  transition?(member: number, from: Role, to: Role, term: number, at: Time): void;
  /** A member became leader; `logAtElection` is its log before its empty entry. */
  elected?(member: number, term: number, logAtElection: LogPos, at: Time): void;
  /** Entries up to `index` of `term` were committed and appended where they were replicated. */
  committed?(index: number, term: number, at: Time): void;
}

interface Flight {
  msg: Message;
  /** When it left the sender (after any fsync). */
  sentAt: Time;
  event: EventId;
}

/** A running etcd cluster. */
export class EtcdCluster implements MemberLinks {
  readonly members: RaftMember[];
  readonly recorder: EtcdRecorder;
  readonly hosts: readonly HostId[];
  readonly names: readonly string[];
  /** Increments whenever a member's role, term, leader or liveness changes. */
  stateVersion = 0;
  private readonly sim: Sim;
  private readonly network: Network;
  private readonly cfg: EtcdClusterOptions['config'];
  private readonly elide: boolean;
  private readonly writes: CommittedWrites;
  private readonly live: boolean[];
  private readonly crashes: number[];
  private readonly timers: Timer[];
  private readonly fsync: Rng[];
  private readonly flights = new Set<Flight>();
  private readonly hb: HeartbeatLatency;
  private steady: SteadyEpoch | null = null;
  private readonly observers: RaftObserver[] = [];
  private readonly listeners: Array<() => void> = [];
  /** (signatureVersion, stateVersion) the health below was computed at. */
  private healthSignature = -1;
  private healthState = -1;
  private healthLeader = NONE;
  private healthQuorum = true;
  private emittedKey = '';
  private signature = '';
  /** Increments when `signature` changes: the health cache ignores changes that do not touch etcd. */
  private signatureVersion = 0;
  private started = false;

  constructor(opts: EtcdClusterOptions) {
    this.sim = opts.sim;
    this.network = opts.network;
    this.cfg = opts.config;
    this.hosts = opts.hosts;
    this.names = opts.names;
    this.elide = opts.elide ?? true;
    const n = opts.hosts.length;
    this.members = opts.names.map((name, i) => new RaftMember(i, n, opts.config, opts.streams.stream(`etcd/${name}/election`)));
    this.fsync = opts.names.map((name) => opts.streams.stream(`etcd/${name}/fsync`));
    this.timers = opts.names.map((name, i) => opts.sim.timer(`etcd ${name} timer`, () => this.onTimer(i), PRIORITY.raftTimer));
    this.live = new Array<boolean>(n).fill(false);
    this.crashes = new Array<number>(n).fill(0);
    this.hb = new HeartbeatLatency(opts.streams.seed, opts.network, opts.hosts);
    this.recorder = new EtcdRecorder(opts.names, opts.events);
    this.writes = new CommittedWrites(this.members, this, opts.backgroundWriteIntervalUs ?? 0, (index, term) => {
      for (const o of this.observers) o.committed?.(index, term, this.sim.now);
    });
    opts.network.onBeforeChange(() => this.flush(this.sim.now));
    opts.network.onChange(() => this.networkChanged());
  }

  /** Boots every member whose host is up as a follower of term 0; the first election follows. */
  start(): void {
    this.started = true;
    for (let i = 0; i < this.members.length; i++) if (this.processUp(i)) this.revive(i);
    this.signature = linkSignature(this.network, this.hosts);
    this.afterEvent();
  }

  /** Calls `fn` synchronously after every change of leadership, liveness or reachability. */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Adds an outside observer. */
  observe(o: RaftObserver): void {
    this.observers.push(o);
  }

  /** Member index of the etcd member on `host`, or −1. */
  memberOf(host: HostId): number {
    return this.hosts.indexOf(host);
  }

  /** Whether member `i`'s process runs (host up and not crashed). */
  alive(i: number): boolean {
    return this.live[i];
  }

  /** Whether a message from member `i` reaches member `j` now. */
  reach(i: number, j: number): boolean {
    return this.live[i] && this.live[j] && this.network.canReach(this.hosts[i], this.hosts[j], 'etcd-etcd');
  }

  /** Whether member `f` follows leader `l` over open paths both ways. */
  follows(f: number, l: number): boolean {
    return follows(this.members, this, f, l);
  }

  /** The member leading a quorum now, or −1. */
  leader(): number {
    this.refreshHealth();
    return this.healthLeader;
  }

  /** Whether some quorum of members is up and connected. */
  quorumConnected(): boolean {
    this.refreshHealth();
    return this.healthQuorum;
  }

  /** Whether heartbeats are being elided now. */
  get isSteady(): boolean {
    return this.steady !== null;
  }

  /** Messages in flight (for tests of quiescence). */
  get inFlight(): number {
    return this.flights.size;
  }

  /** Crashes the etcd process of member `i` (counted: each crash needs its own restart). */
  crashProcess(i: number): void {
    this.crashes[i]++;
    if (!this.started || !this.live[i]) return;
    this.flush(this.sim.now);
    this.exitSteady(this.sim.now);
    this.kill(i);
    this.afterEvent();
  }

  /** Restarts the etcd process of member `i` after `crashProcess`; it comes back as a follower. */
  restartProcess(i: number): void {
    if (this.crashes[i] === 0) return;
    this.crashes[i]--;
    if (!this.started || this.live[i] || !this.processUp(i)) return;
    this.flush(this.sim.now);
    this.exitSteady(this.sim.now);
    this.revive(i);
    this.afterEvent();
  }

  /**
   * Commits one write proposed to leader `l` in `term`: returns false when `l` no longer leads
   * a quorum in that term (the proposal is lost and must be retried).
   */
  commitWrite(l: number, term: number): boolean {
    const now = this.sim.now;
    this.flush(now);
    if (this.leader() !== l || this.members[l].term !== term) return false;
    this.writes.append(l, 1);
    return true;
  }

  /** Leaves steady mode now (for tests that change members' state by hand). */
  wake(): void {
    this.exitSteady(this.sim.now);
  }

  // ——— events ———

  private onTimer(i: number): void {
    if (!this.live[i]) return;
    const now = this.sim.now;
    this.flush(now);
    this.stepMember(i, () => this.members[i].tick(now));
    this.afterEvent();
  }

  private send(m: Message, delay: Time): void {
    const from = this.hosts[m.from];
    const to = this.hosts[m.to];
    if (!this.live[m.to] || !this.network.canReach(from, to, 'etcd-etcd')) return;
    let lat: Time;
    if (m.type === 'Heartbeat') lat = this.hb.get(m.term, m.from, m.to, m.seq!).out;
    else if (m.type === 'HeartbeatResp') lat = this.hb.get(m.term, m.to, m.from, m.seq!).back;
    else lat = this.network.latency(from, to);
    this.schedule(m, this.sim.now + delay, this.sim.now + delay + lat);
  }

  private schedule(msg: Message, sentAt: Time, arriveAt: Time): void {
    const f: Flight = { msg, sentAt, event: 0 };
    f.event = this.sim.at(arriveAt, 'etcd message', () => this.deliver(f), PRIORITY.message);
    this.flights.add(f);
  }

  private deliver(f: Flight): void {
    this.flights.delete(f);
    const m = f.msg;
    const now = this.sim.now;
    if (this.live[m.to] && this.network.delivers(this.hosts[m.from], this.hosts[m.to], 'etcd-etcd')) {
      this.flush(now);
      if (this.steady?.has(m.to)) this.stepElided(m, now);
      else this.stepMember(m.to, () => this.members[m.to].step(m, now), m);
    }
    this.afterEvent();
  }

  private stepMember(i: number, fn: () => Ready, m?: Message): void {
    const mem = this.members[i];
    const role = mem.role;
    const term = mem.term;
    const lead = mem.lead;
    const r = fn();
    this.noteTransition(i, role, term, lead);
    if (m) for (const o of this.observers) o.delivered?.(m, this.sim.now);
    this.apply(i, r);
  }

  /** A message to an elided member: step it on its derived state; stay steady if nothing but replies came of it. */
  private stepElided(m: Message, now: Time): void {
    const ep = this.steady!;
    const i = m.to;
    const mem = this.members[i];
    ep.materialize(i, now);
    const before = [mem.role, mem.term, mem.vote, mem.lead, mem.log.index, mem.log.term];
    const r = mem.step(m, now);
    const after = [mem.role, mem.term, mem.vote, mem.lead, mem.log.index, mem.log.term];
    if (after.every((v, k) => v === before[k]) && r.msgs.every((x) => !ep.has(x.to))) {
      for (const o of this.observers) o.delivered?.(m, now);
      for (const x of r.msgs) this.send(x, 0);
      return;
    }
    this.exitSteady(now, i);
    this.noteTransition(i, before[0] as Role, before[1] as number, before[3] as number);
    for (const o of this.observers) o.delivered?.(m, now);
    this.apply(i, r);
  }

  private noteTransition(i: number, role: Role, term: number, lead: number): void {
    const mem = this.members[i];
    if (mem.role === role && mem.term === term && mem.lead === lead) return;
    this.stateVersion++;
    if (mem.role === role) return;
    for (const o of this.observers) o.transition?.(i, role, mem.role, mem.term, this.sim.now);
    if (mem.role === 'leader') for (const o of this.observers) o.elected?.(i, mem.term, mem.logAtElection, this.sim.now);
  }

  private apply(i: number, r: Ready): void {
    const delay = r.persist ? sampleTime(this.cfg.diskFsync, this.fsync[i]) : 0;
    for (const m of r.msgs) this.send(m, delay);
    if (this.steady?.has(i)) return;
    if (r.timerAt === null) this.timers[i].clear();
    else this.timers[i].set(Math.max(r.timerAt, this.sim.now));
  }

  // ——— liveness and the picture ———

  private processUp(i: number): boolean {
    return this.network.isUp(this.hosts[i]) && this.crashes[i] === 0;
  }

  private kill(i: number): void {
    const now = this.sim.now;
    this.live[i] = false;
    this.timers[i].clear();
    // Messages still waiting for this member's fsync never leave; those on the wire still arrive.
    for (const f of [...this.flights]) {
      if (f.msg.from === i && f.sentAt > now) {
        this.sim.cancel(f.event);
        this.flights.delete(f);
      }
    }
    this.stateVersion++;
  }

  private revive(i: number): void {
    this.live[i] = true;
    this.stateVersion++;
    const mem = this.members[i];
    const role = mem.role;
    const r = mem.start(this.sim.now);
    if (role !== mem.role) for (const o of this.observers) o.transition?.(i, role, mem.role, mem.term, this.sim.now);
    this.apply(i, r);
  }

  private networkChanged(): void {
    if (!this.started) return;
    const sig = linkSignature(this.network, this.hosts);
    if (sig !== this.signature) {
      this.signature = sig;
      this.signatureVersion++;
      this.exitSteady(this.sim.now);
      for (let i = 0; i < this.members.length; i++) {
        const up = this.processUp(i);
        if (up !== this.live[i]) {
          if (up) this.revive(i);
          else this.kill(i);
        }
      }
    }
    this.afterEvent();
  }

  private refreshHealth(): void {
    // (signatureVersion, stateVersion) compared as numbers: leader() runs for every write of the run.
    if (this.healthSignature === this.signatureVersion && this.healthState === this.stateVersion) return;
    this.healthSignature = this.signatureVersion;
    this.healthState = this.stateVersion;
    this.healthLeader = leaderWithQuorum(this.members, this);
    this.healthQuorum = quorumConnected(this.members.length, this);
  }

  /** After every event: record health, try to become steady, tell listeners if anything changed. */
  private afterEvent(): void {
    const now = this.sim.now;
    this.refreshHealth();
    const l = this.healthLeader;
    this.recorder.update(now, l, l >= 0 ? this.members[l].term : 0, this.healthQuorum);
    this.tryEnterSteady(now);
    // Listeners (the write path) care about every change, kubelet-only partitions included.
    const key = `${this.network.version}:${this.stateVersion}`;
    if (key !== this.emittedKey) {
      this.emittedKey = key;
      for (const fn of this.listeners) fn();
    }
  }

  /** Appends the background writes due by `now` while a leader holds a quorum. */
  private flush(now: Time): void {
    this.writes.flush(now, this.leader());
  }

  // ——— heartbeat elision ———

  /** Enters steady mode when `findSteady` finds a leader whose heartbeats can be elided now. */
  private tryEnterSteady(now: Time): void {
    if (!this.elide || this.steady) return;
    const found = findSteady(this.members, this, [...this.flights].map((f) => f.msg), this.hb);
    if (!found) return;
    this.steady = new SteadyEpoch(found.leader, this.members, found.core, found.active, now, this.hb);
    for (let i = 0; i < this.members.length; i++) if (found.core[i]) this.timers[i].clear();
  }

  /** Leaves steady mode at `now`: writes the derived state into the members, re-arms timers, replays what was in flight. */
  private exitSteady(now: Time, skip = NONE): void {
    const ep = this.steady;
    if (!ep) return;
    this.steady = null;
    for (const f of ep.materializeAll(now, skip)) {
      const msg: Message = f.response
        ? { type: 'HeartbeatResp', from: f.follower, to: ep.leader, term: ep.term, seq: f.seq, log: this.members[f.follower].log }
        : { type: 'Heartbeat', from: ep.leader, to: f.follower, term: ep.term, seq: f.seq };
      this.schedule(msg, f.sentAt, f.arriveAt);
    }
    for (let i = 0; i < this.members.length; i++) {
      if (ep.has(i) && i !== skip && this.live[i]) this.timers[i].set(Math.max(now, this.members[i].timerAt()));
    }
  }

}
