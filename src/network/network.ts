/**
 * The network of a run: which hosts are up, which paths partitions cut, and how long a message
 * takes. Every host (worker node or control-plane host) is down while at least one *cause*
 * holds — its own crash, its rack's power, its zone's outage — so overlapping faults compose:
 * a node whose rack loses power during its own crash stays down until both are repaired.
 */
import type { Channel } from '../apiserver/types.js';
import { sampleTime, type Dist } from '../kernel/dist.js';
import type { Rng, Streams } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import type { LatencyConfig } from '../scenario/types.js';
import { distance, type HostId, type Topology } from '../topology/types.js';
import { Partition, type PartitionSpec } from './partition.js';

export type { PartitionSpec } from './partition.js';

/** Host liveness, partitions and latency, with change notification. */
export class Network {
  /** Increments on every change of liveness or reachability, for caches. */
  version = 0;
  /**
   * The host whose liveness the change numbered `version` flipped, or −1 when that change was a
   * partition's: a cache that saw every version up to the previous one need only look at it.
   */
  lastHost: HostId = -1;
  private readonly causes: Array<Set<string> | undefined>;
  private readonly up: Uint8Array;
  private readonly active: Partition[] = [];
  private nextPartition = 1;
  private readonly before: Array<() => void> = [];
  private readonly after: Array<() => void> = [];
  private readonly rng: Rng;

  constructor(
    readonly topology: Topology,
    private readonly latencies: LatencyConfig,
    streams: Streams,
  ) {
    const n = topology.hosts.length;
    this.causes = new Array<Set<string> | undefined>(n);
    this.up = new Uint8Array(n).fill(1);
    this.rng = streams.stream('network/latency');
  }

  /** Whether the host has power and runs. */
  isUp(host: HostId): boolean {
    return this.up[host] === 1;
  }

  /** The causes that hold a host down (empty when up), for messages. */
  downCauses(host: HostId): string[] {
    return [...(this.causes[host] ?? [])];
  }

  /** Takes a host down for `cause`; a host already down stays down until all its causes are lifted. */
  hostDown(host: HostId, cause: string): void {
    let set = this.causes[host];
    if (!set) set = this.causes[host] = new Set();
    if (set.has(cause)) return;
    if (set.size > 0) {
      set.add(cause);
      return;
    }
    this.change(() => {
      set.add(cause);
      this.up[host] = 0;
      this.lastHost = host;
    });
  }

  /** Lifts one cause; the host comes back up when no cause is left. */
  hostUp(host: HostId, cause: string): void {
    const set = this.causes[host];
    if (!set || !set.has(cause)) return;
    if (set.size > 1) {
      set.delete(cause);
      return;
    }
    this.change(() => {
      set.delete(cause);
      this.up[host] = 1;
      this.lastHost = host;
    });
  }

  /** Cuts traffic between groups of hosts; returns the id for `removePartition`. */
  addPartition(spec: PartitionSpec): number {
    const id = this.nextPartition++;
    this.change(() => {
      this.active.push(new Partition(id, spec, this.up.length));
      this.lastHost = -1;
    });
    return id;
  }

  /** Heals a partition (unknown ids are ignored). */
  removePartition(id: number): void {
    const i = this.active.findIndex((p) => p.id === id);
    if (i < 0) return;
    this.change(() => {
      this.active.splice(i, 1);
      this.lastHost = -1;
    });
  }

  /** How many partitions are active. */
  get partitionCount(): number {
    return this.active.length;
  }

  /** The active partitions, oldest first. */
  partitions(): readonly PartitionSpec[] {
    return this.active.map((p) => p.spec);
  }

  /** Whether a partition cuts traffic of `channel` from `from` to `to` (liveness aside). */
  isCut(from: HostId, to: HostId, channel: Channel): boolean {
    if (from === to) return false;
    for (const p of this.active) if (p.cuts(from, to, channel)) return true;
    return false;
  }

  /** Whether a message of `channel` sent now from `from` reaches `to`: both up and no cut between. */
  canReach(from: HostId, to: HostId, channel: Channel): boolean {
    return this.up[from] === 1 && this.up[to] === 1 && !this.isCut(from, to, channel);
  }

  /**
   * Whether a message already in flight is delivered now: the target is up and no cut lies on
   * its path. The sender's liveness does not matter — what was on the wire still arrives.
   */
  delivers(from: HostId, to: HostId, channel: Channel): boolean {
    return this.up[to] === 1 && !this.isCut(from, to, channel);
  }

  /** The one-way latency distribution between two hosts, by distance class. */
  latencyDist(from: HostId, to: HostId): Dist {
    return this.latencies[distance(this.topology, from, to)];
  }

  /** Draws a one-way latency from `from` to `to` (from `network/latency`, or from `rng` when given). */
  latency(from: HostId, to: HostId, rng: Rng = this.rng): Time {
    return sampleTime(this.latencyDist(from, to), rng);
  }

  /** Calls `fn` synchronously just before every change of liveness or reachability (the old picture still holds). */
  onBeforeChange(fn: () => void): void {
    this.before.push(fn);
  }

  /** Calls `fn` synchronously after every change of liveness or reachability. */
  onChange(fn: () => void): void {
    this.after.push(fn);
  }

  private change(apply: () => void): void {
    for (const f of this.before) f();
    apply();
    this.version++;
    for (const f of this.after) f();
  }
}
