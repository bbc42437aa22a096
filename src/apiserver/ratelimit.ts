/**
 * Client-side request throttling (client-go's token-bucket rate limiter, `flowcontrol`), which
 * every Kubernetes client applies to its own requests. It shapes recovery at scale: the
 * controller-manager creates replacement pods at most `--kube-api-qps` (20/s, burst 30) and the
 * scheduler binds at most 50/s (burst 100) — ref: kube-controller-manager options
 * (KubeAPIQPS 20, KubeAPIBurst 30); KubeSchedulerConfiguration clientConnection (qps 50, burst 100).
 */
import type { Sim, Timer } from '../kernel/sim.js';
import { SEC, type Time } from '../kernel/time.js';

/** A token bucket in simulated time with a FIFO queue of waiting requests (one timer, not one event per request). */
export class ClientRateLimiter {
  private tokens: number;
  private last: Time = 0;
  private readonly waiting: Array<() => void> = [];
  private head = 0;
  private readonly timer: Timer;

  constructor(
    private readonly sim: Sim,
    private readonly qps: number,
    private readonly burst: number,
    label: string,
    priority: number,
  ) {
    this.tokens = burst;
    this.timer = sim.timer(`${label} rate limiter`, () => this.drain(), priority);
  }

  /** Runs `request` now if a token is free, else when its turn comes. */
  take(request: () => void): void {
    if (this.qps <= 0) {
      request();
      return;
    }
    this.refill();
    if (this.head === this.waiting.length && this.tokens >= 1) {
      this.tokens -= 1;
      request();
      return;
    }
    this.waiting.push(request);
    this.arm();
  }

  /** Requests waiting for a token. */
  get backlog(): number {
    return this.waiting.length - this.head;
  }

  /** Drops every waiting request and refills the bucket (the client process restarted). */
  reset(): void {
    this.waiting.length = 0;
    this.head = 0;
    this.tokens = this.burst;
    this.last = this.sim.now;
    this.timer.clear();
  }

  private refill(): void {
    const now = this.sim.now;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.qps) / SEC);
    this.last = now;
  }

  private arm(): void {
    if (this.timer.pending) return;
    const wait = Math.max(0, Math.ceil(((1 - this.tokens) * SEC) / this.qps));
    this.timer.set(this.sim.now + wait);
  }

  private drain(): void {
    this.refill();
    while (this.head < this.waiting.length && this.tokens >= 1 - 1e-9) {
      this.tokens -= 1;
      const req = this.waiting[this.head];
      this.waiting[this.head++] = undefined as unknown as () => void;
      req();
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else {
      this.arm();
    }
  }
}
