/**
 * Latencies of leader heartbeats, drawn from a stream keyed by the heartbeat itself
 * (`network/latency/heartbeat/TERM/LEADER/FOLLOWER/J`) instead of the shared `network/latency`
 * sequence. The draw of heartbeat j to a follower is then a pure function of (seed, term,
 * leader, follower, j): the elided driver, which derives heartbeat receipts lazily and in any
 * order, and the explicit driver, which sends every heartbeat as an event, see the very same
 * latencies — so eliding heartbeats changes the cost of a run and nothing else.
 */
import { sampleTime } from '../kernel/dist.js';
import { Rng } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import type { Network } from '../network/network.js';
import type { HostId } from '../topology/types.js';

const CACHE_LIMIT = 4096;

/** One heartbeat's one-way latencies: leader → follower, and the response back. */
export interface HeartbeatDraw {
  out: Time;
  back: Time;
}

/** Keyed heartbeat latency draws for one cluster. */
export class HeartbeatLatency {
  private cache = new Map<string, HeartbeatDraw>();

  constructor(
    private readonly seed: number,
    private readonly network: Network,
    private readonly hosts: readonly HostId[],
  ) {}

  /** The latencies of heartbeat `j` of `leader`'s term `term` to `follower` and of its response. */
  get(term: number, leader: number, follower: number, j: number): HeartbeatDraw {
    const dOut = this.network.latencyDist(this.hosts[leader], this.hosts[follower]);
    const dBack = this.network.latencyDist(this.hosts[follower], this.hosts[leader]);
    if (dOut.dist === 'fixed' && dBack.dist === 'fixed') return { out: sampleFixed(dOut.value), back: sampleFixed(dBack.value) };
    const key = `${term}/${leader}/${follower}/${j}`;
    let d = this.cache.get(key);
    if (!d) {
      const rng = new Rng(`${this.seed}\u0000network/latency/heartbeat/${key}`);
      d = { out: sampleTime(dOut, rng), back: sampleTime(dBack, rng) };
      // The values are pure functions of the key, so dropping the cache only costs redraws.
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, d);
    }
    return d;
  }
}

function sampleFixed(v: number): Time {
  const x = Math.round(v);
  return x > 0 ? x : 0;
}
