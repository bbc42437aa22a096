/**
 * The write path of the real control plane (`WritePath`): a request goes client → API server →
 * its local etcd member → the leader, commits once the leader has appended it and a quorum has
 * fsynced it, and the answer travels back. A request that finds no path waits (etcd queues
 * proposals during an election) and fails after the etcd request timeout. Linearizable reads
 * need the same path (ReadIndex needs a leader that holds a quorum).
 *
 * It also measures API server unavailability: time during which no write can commit from any
 * control-plane host (summary.json `apiserver.unavailableS`), from the first available instant.
 *
 * Latencies are drawn from one stream per requester — source host, channel and client
 * (`requesterOf`) — so one client's extra write never shifts the latencies of another's.
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

/** A request with the stream its latencies are drawn from (null for reads, which draw nothing). */
interface Request extends PendingRequest {
  rng: Rng | null;
}

const CHANNELS: readonly Channel[] = ['kubelet-apiserver', 'client-apiserver', 'apiserver-etcd', 'etcd-etcd'];
/** Index of each channel in `CHANNELS` (a lookup per write instead of a search). */
const CHANNEL_INDEX = Object.fromEntries(CHANNELS.map((ch, i) => [ch, i])) as Record<Channel, number>;

/**
 * Sorts a few numbers ascending in place. `Array.prototype.sort` allocates a work copy on every
 * call (V8's TimSort), which for the two or four follower rounds of each write was the largest
 * allocation of the run; an insertion sort of so few values allocates nothing. Sorts `xs[0..n)`.
 */
function sortSmall(xs: number[], n: number): void {
  for (let i = 1; i < n; i++) {
    const x = xs[i];
    let j = i - 1;
    for (; j >= 0 && xs[j] > x; j--) xs[j + 1] = xs[j];
    xs[j + 1] = x;
  }
}

/**
 * The client a write is charged to when its caller names none: the label's leading words
 * before the first object key (a word with a `/`), at most two — `kubelet status pod/NS/NAME`
 * → `kubelet status`, `bind pod/NS/NAME` → `bind`, `update lease lease/kube-system/x` →
 * `update lease`, `create pod web-7d4f*` → `create pod`.
 */
export function requesterOf(label: string): string {
  let end = 0;
  for (let words = 0; words < 2 && end < label.length; words++) {
    const from = words === 0 ? 0 : end + 1;
    let to = label.indexOf(' ', from);
    if (to < 0) to = label.length;
    const slash = label.indexOf('/', from);
    if (slash >= 0 && slash < to) break;
    end = to;
  }
  return label.slice(0, end);
}

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
  private readonly streams: Streams;
  private readonly topology: Topology;
  /** Per (host, channel) — index `host × 4 + channel` — the requester streams by client name. */
  private readonly requesters: Array<Map<string, Rng> | undefined> = [];
  private readonly waiting: WaitingRequests;
  /** Scratch for `latency`'s follower rounds. */
  private readonly rounds: Time[] = [];
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
    this.streams = opts.streams;
    this.topology = opts.topology;
    this.router = new ApiServerRouter(opts.topology, opts.network, opts.cluster);
    this.waiting = new WaitingRequests(opts.sim, (c, ch) => this.router.whyNot(c, ch));
    opts.cluster.onChange(() => this.changed());
  }

  /** As `WritePath.probe`; the latency is drawn from the stream of `requester` on `client` (see `requestStream`). */
  probe(client: HostId, channel: Channel, requester = ''): WriteProbe {
    return this.probeWith(client, channel, this.requestStream(client, channel, requester));
  }

  /**
   * The latency stream of one requester: `apiserver/requests/<channel>/<requester>@<host>`,
   * created on its first write and kept. `requester` is the client's name, by default
   * `requesterOf(label)`.
   */
  requestStream(client: HostId, channel: Channel, requester: string): Rng {
    const slot = client * CHANNELS.length + CHANNEL_INDEX[channel];
    let byName = this.requesters[slot];
    if (!byName) byName = this.requesters[slot] = new Map();
    let rng = byName.get(requester);
    if (!rng) {
      rng = this.streams.stream(`apiserver/requests/${channel}/${requester || '-'}@${this.topology.hosts[client].name}`);
      byName.set(requester, rng);
    }
    return rng;
  }

  private probeWith(client: HostId, channel: Channel, rng: Rng): WriteProbe {
    const a = this.router.route(client, channel);
    if (a < 0) return { ok: false, reason: this.router.whyNot(client, channel) };
    return { ok: true, latencyUs: this.latency(client, a, true, rng), apiserver: a };
  }

  writable(client: HostId, channel: Channel): boolean {
    return this.router.route(client, channel) >= 0;
  }

  /** Whether a linearizable read from `client` could be served now (ReadIndex needs a leader with a quorum). */
  readable(client: HostId, channel: Channel): boolean {
    return this.router.route(client, channel) >= 0;
  }

  submit(client: HostId, channel: Channel, label: string, commit: () => void, failed?: (reason: string) => void, requester?: string): void {
    const rng = this.requestStream(client, channel, requester ?? requesterOf(label));
    const r: Request = { client, channel, label, kind: 'write', deadline: this.sim.now + this.etcd.requestTimeoutUs, done: commit, failed, rng };
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
    const r: Request = { client, channel, label, kind: 'read', deadline: this.sim.now + this.etcd.requestTimeoutUs, done, failed, rng: null };
    this.waiting.add(r);
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
  private start(r: Request): boolean {
    if (r.rng === null) {
      if (!this.readable(r.client, r.channel)) return false;
      r.done();
      return true;
    }
    // probeWith without its result object (this runs for every write).
    const a = this.router.route(r.client, r.channel);
    if (a < 0) return false;
    const latencyUs = this.latency(r.client, a, true, r.rng);
    const l = this.cluster.leader();
    const term = this.cluster.members[l].term;
    this.sim.after(latencyUs, r.label, () => this.finish(r, l, term), PRIORITY.commit);
    return true;
  }

  private finish(r: Request, l: number, term: number): void {
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
   * then back along the same path. Draws from the requester's stream `rng`.
   */
  private latency(client: HostId, a: HostId, fsync: boolean, rng: Rng): Time {
    const net = this.network;
    const c = this.cluster;
    const l = c.leader();
    const m = c.memberOf(a);
    const lh = c.hosts[l];
    // Draws in a fixed order (the requester's sequence depends on it): out, follower rounds, leader disk, back.
    let t = net.latency(client, a, rng) + net.latency(a, a, rng) + (m === l ? 0 : net.latency(a, lh, rng));
    // A reused scratch array rather than one per write: this runs for every write of the run.
    // Its first `n` entries are this write's; `length = 0` would have dropped the backing store
    // and made every write allocate a new one.
    const rounds = this.rounds;
    let n = 0;
    for (let f = 0; f < c.members.length; f++) {
      if (c.follows(f, l)) rounds[n++] = net.latency(lh, c.hosts[f], rng) + this.disk(fsync, rng) + net.latency(c.hosts[f], lh, rng);
    }
    sortSmall(rounds, n);
    const need = c.members[l].quorum - 1;
    // (Past this write's entries, NaN: what reading past the end of a fresh array gave.)
    t += Math.max(this.disk(fsync, rng), need > 0 ? (need <= n ? rounds[need - 1] : Number.NaN) : 0);
    t += (m === l ? 0 : net.latency(lh, a, rng)) + net.latency(a, a, rng) + net.latency(a, client, rng);
    return t;
  }

  /** One fsync, drawn from `rng` (0 and no draw when the write needs none). */
  private disk(fsync: boolean, rng: Rng): Time {
    return fsync ? sampleTime(this.etcd.diskFsync, rng) : 0;
  }

  private changed(): void {
    // Every queued request was built by submit or read, so it is a Request.
    for (const r of this.waiting.takeReady((c, ch) => this.writable(c, ch)) as Request[]) if (!this.start(r)) this.waiting.add(r);
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
