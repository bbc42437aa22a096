import { SlotHeap } from './heap.js';
import { formatSeconds, type Time } from './time.js';

/** Handle of a one-shot event, for `Sim.cancel`. Stale handles (already run or cancelled) are harmless. */
export type EventId = number;

/** Lowest and highest event priorities; at equal times a lower priority runs first. */
export const PRIORITY_MIN = 0;
export const PRIORITY_MAX = 255;
/** Priority used when none is given. */
export const PRIORITY_DEFAULT = 128;

const ORDER_SHIFT = 2 ** 44; // order = priority * 2^44 + sequence; exact in a double for seq < 2^44
const SLOT_BITS = 2 ** 24; // EventId = generation * 2^24 + slot
const LAST_ID = Number.MAX_SAFE_INTEGER - SLOT_BITS; // past it, a slot's generation wraps to 0

/** An error raised inside an event; it names the simulated time and the event. */
export class SimulationError extends Error {
  constructor(
    readonly time: Time,
    readonly label: string,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`at t=${formatSeconds(time)}s in event "${label}": ${why}`);
    this.name = 'SimulationError';
  }
}

/**
 * The discrete-event kernel: a clock and a queue of events keyed by (time, priority, sequence).
 * The sequence number makes the order of simultaneous events of equal priority the order in
 * which they were scheduled, so every run of the same inputs takes the same path. Only `run`
 * moves `now`. The kernel knows nothing about Kubernetes.
 */
export class Sim {
  private heap = new SlotHeap();
  private fns: Array<(() => void) | undefined> = [];
  private labels: string[] = [];
  /**
   * Per slot: the handle of the one-shot event it holds or last held, or -1 for a timer's slot.
   * A handle is generation × 2^24 + slot, so the next handle for a slot is the last plus 2^24,
   * and a stale handle never matches once the slot has been reused.
   */
  private ids = new Float64Array(1024).fill(-1);
  /** Per slot: the priority of a timer (one-shots carry theirs in the queued order key). */
  private prios = new Uint8Array(1024);
  /** Stack of released slots, reused last-in first-out. */
  private free = new Int32Array(1024);
  private freeCount = 0;
  private slotCount = 0;
  private seq = 0;
  private stopped = false;
  private nowUs: Time = 0;
  /** Value of `eventsRun` at which the progress hook is next called (see `onProgress`). */
  private progressAt = Number.MAX_SAFE_INTEGER;
  private progressEvery = 0;
  private progressFn: (() => void) | null = null;
  /** Events executed so far. */
  eventsRun = 0;

  /** The current simulated time in microseconds. */
  get now(): Time {
    return this.nowUs;
  }

  /** Number of events waiting in the queue. */
  get pending(): number {
    return this.heap.size;
  }

  /** Schedules `fn` once at absolute time `at` (not before now). */
  at(at: Time, label: string, fn: () => void, priority = PRIORITY_DEFAULT): EventId {
    if (!(at >= this.nowUs)) throw new Error(`cannot schedule "${label}" at ${at}µs, before now (${this.nowUs}µs)`);
    checkPriority(priority);
    const slot = this.alloc(label, fn);
    const last = this.ids[slot];
    const id = last >= 0 && last < LAST_ID ? last + SLOT_BITS : slot;
    this.ids[slot] = id;
    this.heap.push(slot, at, priority * ORDER_SHIFT + this.seq++);
    return id;
  }

  /** Schedules `fn` once, `delay` microseconds from now. */
  after(delay: Time, label: string, fn: () => void, priority = PRIORITY_DEFAULT): EventId {
    return this.at(this.nowUs + delay, label, fn, priority);
  }

  /** Cancels a one-shot event; returns whether it was still pending. */
  cancel(id: EventId): boolean {
    const slot = id % SLOT_BITS;
    if (!(slot >= 0 && slot < this.slotCount) || this.ids[slot] !== id || this.heap.pos[slot] < 0) return false;
    this.heap.remove(slot);
    this.release(slot);
    return true;
  }

  /** Creates a reusable timer; arming, re-arming and clearing it cost no allocation. */
  timer(label: string, fn: () => void, priority = PRIORITY_DEFAULT): Timer {
    checkPriority(priority);
    const slot = this.alloc(label, fn);
    this.ids[slot] = -1;
    this.prios[slot] = priority;
    return new Timer(this, slot);
  }

  /**
   * Calls `fn` after every `every` events that `run` executes (or never, with `fn` null), between
   * two events, so that a caller outside the simulation (the CLI's progress line) can sample
   * `now` and `eventsRun` without the simulation reading any clock. `fn` must not schedule,
   * cancel or stop anything: it observes only, so runs with and without it are identical. The
   * cost is one compare per event, with a local.
   */
  onProgress(every: number, fn: (() => void) | null): void {
    if (!(Number.isInteger(every) && every >= 1)) throw new Error(`progress interval must be a positive integer of events, got ${every}`);
    this.progressFn = fn;
    this.progressEvery = every;
    this.progressAt = fn === null ? Number.MAX_SAFE_INTEGER : this.eventsRun + every;
  }

  /** Runs events in order until the queue is empty, `stop()` is called, or the next event is after `until`; then sets now to `until` (if given and not stopped). */
  run(until: Time = Number.POSITIVE_INFINITY): void {
    this.stopped = false;
    while (this.loop(until, this.progressAt)) {
      this.progressAt += this.progressEvery;
      this.progressFn!();
    }
    if (!this.stopped && until !== Number.POSITIVE_INFINITY && until > this.nowUs) this.nowUs = until;
  }

  /**
   * The event loop of `run`; it also returns (true) once `eventsRun` reaches `limit`, so that the
   * progress hook is called outside the loop and costs an event one compare with a local.
   */
  private loop(until: Time, limit: number): boolean {
    const heap = this.heap;
    while (heap.size > 0 && !this.stopped) {
      const t = heap.peekTime();
      if (t > until) return false;
      const slot = heap.take();
      this.nowUs = t;
      const n = ++this.eventsRun;
      // A one-shot's slot is released only after it ran, so that the label is still its own if
      // it throws, even when it scheduled other events first.
      try {
        this.fns[slot]!();
      } catch (err) {
        throw this.failure(slot, t, err);
      }
      if (this.ids[slot] >= 0) this.release(slot);
      if (n === limit) return true;
    }
    return false;
  }

  /** Stops `run` after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /** @internal used by Timer */
  armSlot(slot: number, at: Time): void {
    if (!(at >= this.nowUs)) throw new Error(`cannot arm timer "${this.labels[slot]}" at ${at}µs, before now (${this.nowUs}µs)`);
    const order = this.prios[slot] * ORDER_SHIFT + this.seq++;
    if (this.heap.pos[slot] >= 0) this.heap.update(slot, at, order);
    else this.heap.push(slot, at, order);
  }

  /** @internal used by Timer */
  disarmSlot(slot: number): void {
    if (this.heap.pos[slot] >= 0) this.heap.remove(slot);
  }

  /** @internal used by Timer */
  slotPending(slot: number): boolean {
    return this.heap.pos[slot] >= 0;
  }

  /** @internal used by Timer */
  slotTime(slot: number): Time {
    return this.heap.timeOf(slot);
  }

  private failure(slot: number, t: Time, err: unknown): Error {
    const label = this.labels[slot] ?? '?';
    if (this.ids[slot] >= 0) this.release(slot);
    return err instanceof SimulationError ? err : new SimulationError(t, label, err);
  }

  private alloc(label: string, fn: () => void): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.free[--this.freeCount];
    else {
      slot = this.slotCount++;
      if (slot >= SLOT_BITS) throw new Error('too many pending events');
      if (slot >= this.ids.length) this.growSlots();
      this.heap.ensureSlots(this.slotCount);
    }
    this.fns[slot] = fn;
    this.labels[slot] = label;
    return slot;
  }

  private release(slot: number): void {
    this.fns[slot] = undefined;
    this.free[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const n = this.ids.length * 2;
    const ids = new Float64Array(n).fill(-1);
    ids.set(this.ids);
    this.ids = ids;
    const prios = new Uint8Array(n);
    prios.set(this.prios);
    this.prios = prios;
    const free = new Int32Array(n);
    free.set(this.free);
    this.free = free;
  }
}

function checkPriority(priority: number): void {
  // One test covers range, integrality and NaN: as PRIORITY_MAX is 2^8 − 1 and PRIORITY_MIN 0,
  // only the integers 0..255 come through the mask unchanged.
  if ((priority & PRIORITY_MAX) !== priority) throw new Error(`event priority must be an integer in 0..255, got ${priority}`);
}

/**
 * A reusable timer bound to one callback: election timeouts, lease renewals, retry loops.
 * `set` re-keys the pending event in place, so resetting a timer is as cheap as a heap sift.
 */
export class Timer {
  constructor(
    private readonly sim: Sim,
    private readonly slot: number,
  ) {}

  /** Arms (or re-arms) the timer to fire at absolute time `at`. */
  set(at: Time): void {
    this.sim.armSlot(this.slot, at);
  }

  /** Arms (or re-arms) the timer to fire `delay` from now. */
  setAfter(delay: Time): void {
    this.set(this.sim.now + delay);
  }

  /** Disarms the timer if it is pending. */
  clear(): void {
    this.sim.disarmSlot(this.slot);
  }

  /** Whether the timer is armed. */
  get pending(): boolean {
    return this.sim.slotPending(this.slot);
  }

  /** When the timer will fire, or NaN when it is not armed. */
  get at(): Time {
    return this.sim.slotTime(this.slot);
  }
}
