/**
 * The scheduling queue (pkg/scheduler/internal/queue/scheduling_queue.go PriorityQueue):
 * - activeQ: pods to try, highest priority first, then earliest queue timestamp (PrioritySort);
 * - backoffQ: pods waiting out initial × 2^(attempts−1) (capped) after their last failure,
 *   moved to activeQ by the 1 s flush (flushBackoffQCompleted);
 * - unschedulable pods: wait for a cluster event that one of the plugins that rejected them says
 *   may help (EventsToRegister + QueueingHint), or for the 30 s flush that releases pods older
 *   than podMaxInUnschedulablePodsDuration (flushUnschedulablePodsLeftover).
 * Both flushes are upstream tickers from the queue's start; here they are timers armed only for
 * the tick that will move something, so an idle queue costs no events. A scheduling cycle takes
 * no simulated time, so no event can arrive while a pod is being scheduled and upstream's
 * in-flight event bookkeeping (moveRequestCycle) never applies.
 */
import type { Sim, Timer } from '../../kernel/sim.js';
import { SEC, type Time } from '../../kernel/time.js';
import type { SchedulerConfig } from '../../scenario/types.js';
import { PodInfo, QueueState } from '../cache/pod-info.js';
import type { ClusterEvent, EnqueueExtensions } from '../framework/interfaces.js';
import { PodHeap } from './heap.js';

/** flushBackoffQCompleted period. */
export const BACKOFF_FLUSH_PERIOD_US: Time = 1 * SEC;
/** flushUnschedulablePodsLeftover period. */
export const LEFTOVER_FLUSH_PERIOD_US: Time = 30 * SEC;

/** The queue of one scheduler process. */
export class SchedulingQueue {
  private readonly active = new PodHeap((a, b) => a.priority > b.priority || (a.priority === b.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.uid < b.uid))));
  private readonly backoff = new PodHeap((a, b) => this.backoffExpiry(a) < this.backoffExpiry(b) || (this.backoffExpiry(a) === this.backoffExpiry(b) && a.uid < b.uid));
  /** Unschedulable pods in the order they entered (so in timestamp order). */
  private readonly unschedulable = new Set<PodInfo>();
  /** Unschedulable pods per rejecting plugin id. */
  private readonly byPlugin: Array<Set<PodInfo>> = [];
  private visitStamp = 0;

  constructor(
    private readonly sim: Sim,
    private readonly config: SchedulerConfig,
    private readonly plugins: readonly EnqueueExtensions[],
    /** When the queue started (the flush tickers' origin). */
    private readonly startUs: Time,
    /** Called whenever activeQ gains pods. */
    private readonly onActive: () => void,
    /** Timer that must call `flushBackoff` (owned by the scheduler, reused across processes). */
    private readonly backoffTimer: Timer,
    /** Timer that must call `flushLeftover`. */
    private readonly leftoverTimer: Timer,
  ) {}

  /** Pods in activeQ, backoffQ and the unschedulable pool. */
  get sizes(): { active: number; backoff: number; unschedulable: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size };
  }

  /** Adds a new pending pod to activeQ (Add). */
  add(p: PodInfo): void {
    if (p.queue !== QueueState.None) return;
    p.timestamp = this.sim.now;
    this.pushActive(p);
  }

  /** Pops the next pod to schedule and counts the attempt (Pop). */
  pop(): PodInfo | undefined {
    const p = this.active.pop();
    if (p === undefined) return undefined;
    p.queue = QueueState.None;
    p.attempts++;
    return p;
  }

  /**
   * Puts back a pod that failed (AddUnschedulableIfNotPresent): to the unschedulable pool with
   * the plugins that rejected it, or to backoffQ when no plugin rejected it (an error, a failed
   * binding).
   */
  addUnschedulable(p: PodInfo, rejectors: number): void {
    if (p.queue !== QueueState.None) return;
    p.timestamp = this.sim.now;
    p.rejectors = rejectors;
    if (rejectors === 0) {
      this.pushBackoff(p);
      return;
    }
    p.queue = QueueState.Unschedulable;
    this.unschedulable.add(p);
    for (let id = 0; rejectors >> id !== 0; id++) {
      if (((rejectors >> id) & 1) === 0) continue;
      let set = this.byPlugin[id];
      if (!set) set = this.byPlugin[id] = new Set();
      set.add(p);
    }
    if (!this.leftoverTimer.pending) this.armLeftover();
  }

  /** Removes a pod wherever it is queued (deleted, bound by someone else). */
  delete(p: PodInfo): void {
    switch (p.queue) {
      case QueueState.Active:
      case QueueState.Backoff:
        (p.queue === QueueState.Active ? this.active : this.backoff).remove(p);
        break;
      case QueueState.Unschedulable:
        this.dropUnschedulable(p);
        break;
    }
    p.queue = QueueState.None;
  }

  /** A cluster event: moves the unschedulable pods it may help to activeQ or backoffQ (MoveAllToActiveOrBackoffQueue). */
  onEvent(event: ClusterEvent): void {
    if (this.unschedulable.size === 0) return;
    const stamp = ++this.visitStamp;
    let moved: PodInfo[] | null = null;
    for (const pl of this.plugins) {
      if (!pl.events.includes(event.kind)) continue;
      const set = this.byPlugin[pl.id];
      if (!set) continue;
      for (const p of set) {
        if (p.visit === stamp) continue;
        p.visit = stamp;
        if (this.worthRequeuing(p, event)) (moved ??= []).push(p);
      }
    }
    if (moved) for (const p of moved) this.requeue(p);
  }

  /** isPodWorthRequeuing: some plugin that rejected the pod registered the event and its hint says Queue. */
  private worthRequeuing(p: PodInfo, event: ClusterEvent): boolean {
    for (const pl of this.plugins) {
      if (((p.rejectors >> pl.id) & 1) === 0 || !pl.events.includes(event.kind)) continue;
      if (pl.isSchedulableAfter(event, p)) return true;
    }
    return false;
  }

  /** Moves an unschedulable pod to backoffQ if it is still backing off, else to activeQ. */
  private requeue(p: PodInfo): void {
    this.dropUnschedulable(p);
    p.queue = QueueState.None;
    if (this.backoffExpiry(p) > this.sim.now) this.pushBackoff(p);
    else this.pushActive(p);
  }

  private dropUnschedulable(p: PodInfo): void {
    this.unschedulable.delete(p);
    for (let id = 0; p.rejectors >> id !== 0; id++) if (((p.rejectors >> id) & 1) !== 0) this.byPlugin[id]?.delete(p);
  }

  private pushActive(p: PodInfo): void {
    p.queue = QueueState.Active;
    this.active.push(p);
    this.onActive();
  }

  private pushBackoff(p: PodInfo): void {
    p.queue = QueueState.Backoff;
    this.backoff.push(p);
    this.armBackoff();
  }

  /** getBackoffTime: last failure + backoff(attempts). */
  private backoffExpiry(p: PodInfo): Time {
    return p.timestamp + p.backoffUs(this.config.podInitialBackoffUs, this.config.podMaxBackoffUs);
  }

  /** The first tick of a ticker of `period` started at `startUs` that is ≥ `t` (or > `t` when `strict`). */
  private tickAfter(t: Time, period: Time, strict: boolean): Time {
    const k = Math.max(0, Math.ceil((t - this.startUs) / period));
    let tick = this.startUs + k * period;
    if (strict && tick <= t) tick += period;
    return Math.max(tick, this.sim.now);
  }

  private armBackoff(): void {
    const head = this.backoff.peek();
    if (head === undefined) {
      this.backoffTimer.clear();
      return;
    }
    const at = this.tickAfter(this.backoffExpiry(head), BACKOFF_FLUSH_PERIOD_US, false);
    if (!this.backoffTimer.pending || this.backoffTimer.at > at) this.backoffTimer.set(at);
  }

  /** flushBackoffQCompleted: moves pods whose backoff is over to activeQ. */
  flushBackoff(): void {
    const now = this.sim.now;
    for (let head = this.backoff.peek(); head !== undefined && this.backoffExpiry(head) <= now; head = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(head);
    }
    this.armBackoff();
  }

  private armLeftover(): void {
    const first = this.unschedulable.values().next();
    if (first.done) {
      this.leftoverTimer.clear();
      return;
    }
    this.leftoverTimer.set(this.tickAfter(first.value.timestamp + this.config.podMaxInUnschedulablePodsDurationUs, LEFTOVER_FLUSH_PERIOD_US, true));
  }

  /** flushUnschedulablePodsLeftover: releases pods unschedulable for longer than the maximum. */
  flushLeftover(): void {
    const now = this.sim.now;
    const due: PodInfo[] = [];
    for (const p of this.unschedulable) {
      if (now - p.timestamp <= this.config.podMaxInUnschedulablePodsDurationUs) break;
      due.push(p);
    }
    for (const p of due) this.requeue(p);
    this.armLeftover();
  }

  /** Stops the queue's timers (the process ended). */
  close(): void {
    this.backoffTimer.clear();
    this.leftoverTimer.clear();
  }
}
