/**
 * Requests that found no path and wait for one, as etcd queues proposals during an election,
 * each until its request deadline (etcd `ReqTimeout`: 5 s + 2 × election timeout, "etcdserver:
 * request timed out"). One kernel timer serves the earliest deadline; when the picture changes
 * the whole queue is retried synchronously — never an event per waiting request per retry.
 */
import type { Sim, Timer } from '../kernel/sim.js';
import type { Time } from '../kernel/time.js';
import { PRIORITY } from '../world/priority.js';
import type { Channel } from './types.js';

/** A request waiting for a path. */
export interface PendingRequest {
  client: number;
  channel: Channel;
  label: string;
  /** Writes advance the etcd log; reads do not. */
  kind: 'write' | 'read';
  deadline: Time;
  done: () => void;
  failed?: (reason: string) => void;
}

/** The queue of waiting requests, ordered by deadline. */
export class WaitingRequests {
  private queue: PendingRequest[] = [];
  private readonly timer: Timer;

  constructor(
    private readonly sim: Sim,
    /** Why a request from `client` over `channel` cannot go now. */
    private readonly reason: (client: number, channel: Channel) => string,
  ) {
    this.timer = sim.timer('apiserver request timeout', () => this.expire(), PRIORITY.commit);
  }

  /** Number of waiting requests. */
  get size(): number {
    return this.queue.length;
  }

  /** Queues a request until its deadline. */
  add(r: PendingRequest): void {
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.queue[mid].deadline <= r.deadline) lo = mid + 1;
      else hi = mid;
    }
    this.queue.splice(lo, 0, r);
    this.arm();
  }

  /** Removes and returns the requests `canGo` accepts (asked once per client and channel), oldest deadline first. */
  takeReady(canGo: (client: number, channel: Channel) => boolean): PendingRequest[] {
    if (this.queue.length === 0) return [];
    const memo = new Map<string, boolean>();
    const ready: PendingRequest[] = [];
    const keep: PendingRequest[] = [];
    for (const r of this.queue) {
      const key = `${r.client}/${r.channel}`;
      let ok = memo.get(key);
      if (ok === undefined) memo.set(key, (ok = canGo(r.client, r.channel)));
      (ok ? ready : keep).push(r);
    }
    this.queue = keep;
    this.arm();
    return ready;
  }

  private arm(): void {
    if (this.queue.length === 0) this.timer.clear();
    else this.timer.set(Math.max(this.sim.now, this.queue[0].deadline));
  }

  private expire(): void {
    const now = this.sim.now;
    let n = 0;
    while (n < this.queue.length && this.queue[n].deadline <= now) n++;
    const expired = this.queue.splice(0, n);
    this.arm();
    for (const r of expired) r.failed?.(`etcdserver: request timed out (${this.reason(r.client, r.channel)})`);
  }
}
