/**
 * A zone's NoExecute-tainting queue: the node lifecycle controller's `RateLimitedTimedQueue` with
 * a token bucket (burst 1) at the zone's rate — ref: pkg/controller/nodelifecycle/scheduler/
 * rate_limited_queue.go (UniqueQueue, Try, SwapLimiter; EvictionRateLimiterBurst = 1) and
 * client-go flowcontrol NewTokenBucketRateLimiter (starts full). Pure state; the controller drives
 * it from a timer on the 100 ms `doNoExecuteTaintingPass` grid.
 */
import type { Rng } from '../../kernel/rng.js';
import { SEC, type Time } from '../../kernel/time.js';
import type { HostId } from '../../topology/types.js';

/** Token-bucket tolerance for float accumulation (a token that is 1 − 1e-9 full counts as full). */
const EPS = 1e-9;

/** One zone's queue of nodes waiting to be tainted, and its limiter. */
export class ZoneTainter {
  /** Nodes waiting for a token (the heap of the upstream queue). */
  readonly waiting: HostId[] = [];
  /** The queue's uniqueness set: waiting nodes plus processed ones until `remove` (UniqueQueue.set). */
  readonly members = new Set<HostId>();
  private tokens = 1;
  private lastUs: Time;

  constructor(
    /** Tokens per second; ≤ 0 means the limiter never accepts (flowcontrol fakeNeverRateLimiter). */
    public qps: number,
    nowUs: Time,
  ) {
    this.lastUs = nowUs;
  }

  /** `Add`: queues a node unless it is already in the set; returns whether it was added. */
  add(host: HostId): boolean {
    if (this.members.has(host)) return false;
    this.members.add(host);
    this.waiting.push(host);
    return true;
  }

  /** `Remove`: forgets a node (it may be added again); returns whether it was in the set. */
  remove(host: HostId): boolean {
    if (!this.members.delete(host)) return false;
    const i = this.waiting.indexOf(host);
    if (i >= 0) this.waiting.splice(i, 1);
    return true;
  }

  /** Puts a node whose tainting failed back in line (`Try`'s requeue when fn returns false). */
  retry(host: HostId): void {
    if (this.members.has(host) && !this.waiting.includes(host)) this.waiting.push(host);
  }

  /**
   * Takes the next node to taint, if a token is free (`Try`: one TryAccept per head). Upstream's
   * heap is ordered by ProcessAt, which `markNodeForTainting` resets to "now" for every waiting
   * node at every monitor pass, in the node lister's (map, so random) order; so which waiting node
   * goes next is effectively random — ⚠ modelled as a uniform pick.
   */
  take(nowUs: Time, rng: Rng): HostId | undefined {
    if (this.waiting.length === 0 || !this.tryAccept(nowUs)) return undefined;
    const i = this.waiting.length === 1 ? 0 : rng.int(this.waiting.length);
    const [host] = this.waiting.splice(i, 1);
    return host;
  }

  /** The earliest time at or after `nowUs` when a token is free; +∞ when the limiter never accepts. */
  nextTokenAt(nowUs: Time): Time {
    if (this.qps <= 0) return Number.POSITIVE_INFINITY;
    this.refill(nowUs);
    if (this.tokens >= 1 - EPS) return nowUs;
    return nowUs + Math.ceil(((1 - this.tokens) * SEC) / this.qps);
  }

  /**
   * `SwapLimiter`: a new bucket at the new rate, full — unless the old one had no token, in which
   * case the new one starts drained ("if we're currently waiting on limiter, we drain the new one").
   */
  swapLimiter(qps: number, nowUs: Time): void {
    if (qps === this.qps) return;
    const hadToken = this.tryAccept(nowUs);
    this.qps = qps;
    this.tokens = qps > 0 && hadToken ? 1 : 0;
    this.lastUs = nowUs;
  }

  private tryAccept(nowUs: Time): boolean {
    if (this.qps <= 0) return false;
    this.refill(nowUs);
    if (this.tokens < 1 - EPS) return false;
    this.tokens = Math.max(0, this.tokens - 1);
    return true;
  }

  private refill(nowUs: Time): void {
    if (nowUs > this.lastUs) this.tokens = Math.min(1, this.tokens + ((nowUs - this.lastUs) * this.qps) / SEC);
    this.lastUs = nowUs;
  }
}
