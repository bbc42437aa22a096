/**
 * The write path of the real control plane (`WritePath`): a request goes client → API server →
 * its local etcd member → the leader, commits once the leader has appended it and a quorum has
 * fsynced it, and the answer travels back. A request that finds no path waits (etcd queues
 * proposals during an election) and fails after the etcd request timeout. Linearizable reads
 * need the same path (ReadIndex needs a leader that holds a quorum).
 *
 * It also measures API server unavailability: time during which no write can commit from any
 * control-plane host (summary.json `apiserver.unavailableS`), from the first available instant.
 */
import { sampleTime } from '../kernel/dist.js';
import type { Rng, Streams } from '../kernel/rng.js';
import type { Sim } from '../kernel/sim.js';
import type { Time } from '../kernel/time.js';
import type { EtcdCluster } from '../etcd/cluster.js';
import type { Network } from '../network/network.js';
import type { EtcdConfig } from '../scenario/types.js';
import type { HostId, Topology } from '../topology/types.js';
import { PRIORITY } from '../world/priority.js';
import { ApiServerRouter } from './route.js';
import type { Channel, WritePath, WriteProbe } from './types.js';
import { WaitingRequests, type PendingRequest } from './waiting.js';

/** How to build the write path. */
export interface WritePathOptions {
  sim: Sim;
  streams: Streams;
  network: Network;
  topology: Topology;
  cluster: EtcdCluster;
  etcd: Pick<EtcdConfig, 'diskFsync' | 'requestTimeoutUs'>;
}

/** The API servers over etcd, as the data plane and the leader elections see them. */
export class ApiServerWritePath implements WritePath {
  readonly router: ApiServerRouter;
  private readonly sim: Sim;
  private readonly network: Network;
  private readonly cluster: EtcdCluster;
  private readonly etcd: WritePathOptions['etcd'];
  private readonly rng: Rng;
  private readonly waiting: WaitingRequests;
  private readonly listeners: Array<() => void> = [];
  private armed = false;
  private available = false;
  private unavailableSince: Time = 0;
  private unavailableUs: Time = 0;

  constructor(opts: WritePathOptions) {
    this.sim = opts.sim;
    this.network = opts.network;
    this.cluster = opts.cluster;
    this.etcd = opts.etcd;
    this.rng = opts.streams.stream('apiserver/requests');
    this.router = new ApiServerRouter(opts.topology, opts.network, opts.cluster);
    this.waiting = new WaitingRequests(opts.sim, (c, ch) => this.router.whyNot(c, ch));
    opts.cluster.onChange(() => this.changed());
  }

  probe(client: HostId, channel: Channel): WriteProbe {
    const a = this.router.route(client, channel);
    if (a < 0) return { ok: false, reason: this.router.whyNot(client, channel) };
    return { ok: true, latencyUs: this.latency(client, a, true), apiserver: a };
  }

  writable(client: HostId, channel: Channel): boolean {
    return this.router.route(client, channel) >= 0;
  }

  /** Whether a linearizable read from `client` could be served now (ReadIndex needs a leader with a quorum). */
  readable(client: HostId, channel: Channel): boolean {
    return this.router.route(client, channel) >= 0;
  }

  submit(client: HostId, channel: Channel, label: string, commit: () => void, failed?: (reason: string) => void): void {
    const r: PendingRequest = { client, channel, label, kind: 'write', deadline: this.sim.now + this.etcd.requestTimeoutUs, done: commit, failed };
    if (!this.start(r)) this.waiting.add(r);
  }

  /**
   * A linearizable read (GET with no resourceVersion). Served at once when a path exists — its
   * round trip of about a millisecond is not modelled, so `done` runs synchronously — else it
   * waits like a write and fails after the request timeout.
   */
  read(client: HostId, channel: Channel, label: string, done: () => void, failed?: (reason: string) => void): void {
    if (this.readable(client, channel)) {
      done();
      return;
    }
    this.waiting.add({ client, channel, label, kind: 'read', deadline: this.sim.now + this.etcd.requestTimeoutUs, done, failed });
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Requests waiting for a path now. */
  get waitingCount(): number {
    return this.waiting.size;
  }

  /** Time so far during which no control-plane host could write, in µs (from the first available instant). */
  unavailableTime(now: Time): Time {
    return this.unavailableUs + (this.armed && !this.available ? now - this.unavailableSince : 0);
  }

  /** Starts a request on its path now; false when there is none. */
  private start(r: PendingRequest): boolean {
    if (r.kind === 'read') {
      if (!this.readable(r.client, r.channel)) return false;
      r.done();
      return true;
    }
    const p = this.probe(r.client, r.channel);
    if (!p.ok) return false;
    const l = this.cluster.leader();
    const term = this.cluster.members[l].term;
    this.sim.after(p.latencyUs, r.label, () => this.finish(r, l, term), PRIORITY.commit);
    return true;
  }

  private finish(r: PendingRequest, l: number, term: number): void {
    if (this.cluster.commitWrite(l, term)) {
      r.done();
      return;
    }
    // The leader changed while the proposal was in flight: etcd drops it; the request waits
    // for the next leader, still bounded by its deadline.
    if (this.sim.now >= r.deadline) r.failed?.(`etcdserver: request timed out (${this.router.whyNot(r.client, r.channel)})`);
    else if (!this.start(r)) this.waiting.add(r);
  }

  /**
   * Time from submission to the answer: client → API server → member → leader; the leader's
   * fsync in parallel with the (quorum − 1)-th fastest follower round (append, fsync, ack);
   * then back along the same path. Draws from `apiserver/requests`.
   */
  private latency(client: HostId, a: HostId, fsync: boolean): Time {
    const net = this.network;
    const c = this.cluster;
    const l = c.leader();
    const m = c.memberOf(a);
    const lh = c.hosts[l];
    const draw = (x: HostId, y: HostId): Time => net.latency(x, y, this.rng);
    const disk = (): Time => (fsync ? sampleTime(this.etcd.diskFsync, this.rng) : 0);
    let t = draw(client, a) + draw(a, a) + (m === l ? 0 : draw(a, lh));
    const rounds: Time[] = [];
    for (let f = 0; f < c.members.length; f++) {
      if (c.follows(f, l)) rounds.push(draw(lh, c.hosts[f]) + disk() + draw(c.hosts[f], lh));
    }
    rounds.sort((x, y) => x - y);
    const need = c.members[l].quorum - 1;
    t += Math.max(disk(), need > 0 ? rounds[need - 1] : 0);
    t += (m === l ? 0 : draw(lh, a)) + draw(a, a) + draw(a, client);
    return t;
  }

  private changed(): void {
    for (const r of this.waiting.takeReady((c, ch) => this.writable(c, ch))) if (!this.start(r)) this.waiting.add(r);
    this.trackAvailability();
    for (const fn of this.listeners) fn();
  }

  private trackAvailability(): void {
    const now = this.sim.now;
    const ok = this.router.hosts.some((h) => this.writable(h, 'client-apiserver'));
    if (!this.armed) {
      if (ok) {
        this.armed = true;
        this.available = true;
      }
      return;
    }
    if (ok === this.available) return;
    this.available = ok;
    if (ok) this.unavailableUs += now - this.unavailableSince;
    else this.unavailableSince = now;
  }
}
