// A reference event loop for differential tests: the kernel's documented semantics written as
// plainly as possible — an unsorted array searched for the least (time, priority, sequence) on
// every step. Slow, obviously right, and sharing no code with src/kernel/sim.ts.
import type { SimLike, TimerLike } from './workload.js';

interface Entry {
  key: number; // handle of a one-shot, or −1 − index for timer `index`
  time: number;
  priority: number;
  seq: number;
  fn: () => void;
}

const before = (a: Entry, b: Entry): boolean =>
  a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)));

/** The reference model of `Sim`. */
export class ModelSim implements SimLike {
  now = 0;
  eventsRun = 0;
  private queue: Entry[] = [];
  private seq = 0;
  private nextId = 1;
  private timerCount = 0;
  private stopped = false;

  get pending(): number {
    return this.queue.length;
  }

  at(at: number, _label: string, fn: () => void, priority = 128): number {
    if (!(at >= this.now)) throw new Error('scheduled before now');
    const key = this.nextId++;
    this.queue.push({ key, time: at, priority, seq: this.seq++, fn });
    return key;
  }

  after(delay: number, label: string, fn: () => void, priority = 128): number {
    return this.at(this.now + delay, label, fn, priority);
  }

  cancel(id: number): boolean {
    return this.drop(id);
  }

  timer(_label: string, fn: () => void, priority = 128): TimerLike {
    const key = -1 - this.timerCount++;
    const find = (): Entry | undefined => this.queue.find((e) => e.key === key);
    const set = (at: number): void => {
      if (!(at >= this.now)) throw new Error('armed before now');
      this.drop(key);
      this.queue.push({ key, time: at, priority, seq: this.seq++, fn });
    };
    return {
      set,
      setAfter: (delay: number) => set(this.now + delay),
      clear: () => void this.drop(key),
      get pending() {
        return find() !== undefined;
      },
      get at() {
        return find()?.time ?? Number.NaN;
      },
    };
  }

  run(until = Number.POSITIVE_INFINITY): void {
    this.stopped = false;
    while (this.queue.length > 0 && !this.stopped) {
      let next = 0;
      for (let i = 1; i < this.queue.length; i++) if (before(this.queue[i], this.queue[next])) next = i;
      const e = this.queue[next];
      if (e.time > until) break;
      this.queue.splice(next, 1);
      this.now = e.time;
      this.eventsRun++;
      e.fn();
    }
    if (!this.stopped && until !== Number.POSITIVE_INFINITY && until > this.now) this.now = until;
  }

  stop(): void {
    this.stopped = true;
  }

  private drop(key: number): boolean {
    const i = this.queue.findIndex((e) => e.key === key);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    return true;
  }
}
