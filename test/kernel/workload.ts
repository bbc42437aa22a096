// A randomized workload for kernel tests, written against the Sim's public surface so that the
// same workload can drive the real kernel and the reference model (model-sim.ts).
import { Streams } from '../../src/kernel/rng.js';
import { sampleTime } from '../../src/kernel/dist.js';
import { MS, SEC } from '../../src/kernel/time.js';

// Timers and messages share priorities, so that simultaneous events of equal priority are
// ordered by the scheduling sequence alone.
const PRIORITIES = [10, 20, 128];

/** The part of a timer the workload uses. */
export interface TimerLike {
  set(at: number): void;
  setAfter(delay: number): void;
  clear(): void;
  readonly pending: boolean;
  readonly at: number;
}

/** The part of `Sim` the workload uses; `Sim` and `ModelSim` both have it. */
export interface SimLike {
  readonly now: number;
  readonly pending: number;
  eventsRun: number;
  at(at: number, label: string, fn: () => void, priority?: number): number;
  after(delay: number, label: string, fn: () => void, priority?: number): number;
  cancel(id: number): boolean;
  timer(label: string, fn: () => void, priority?: number): TimerLike;
  run(until?: number): void;
  stop(): void;
}

/**
 * Actors that each own a stream: on every wake-up an actor draws what to do next — schedule a
 * message to another actor, re-arm or clear its timer, cancel a message it sent, look at its
 * timer, stop the run — so the trace depends on every draw, on simultaneous-event order, on
 * cancellation and on run(until) / stop(). The run goes in four slices, resumed after each stop.
 */
export function actors(sim: SimLike, seed: number, count = 40, until = 10 * SEC): string[] {
  const streams = new Streams(seed);
  const trace: string[] = [];
  const sent: number[][] = Array.from({ length: count }, () => []);
  const timers: TimerLike[] = [];
  let stopped = false;
  const act = (i: number, why: string): void => {
    const rng = streams.stream(`actor/${i}`);
    trace.push(`${sim.now} ${why} ${i}`);
    const to = rng.int(count);
    const delay = sampleTime({ dist: 'exponential', mean: 20 * MS }, rng);
    const priority = rng.pick(PRIORITIES);
    const send = (): void => {
      sent[i].push(sim.after(delay, `msg/${i}->${to}`, () => act(to, `msg-from-${i}`), priority));
    };
    // Half the time the actor sends before it touches its timer or cancels, half the time after:
    // the kernel's queue is in a different state in the two cases (the running event's place at
    // the root is refilled by the first push, or first settled by a cancel or re-arm).
    const sendFirst = rng.next() < 0.5;
    if (sendFirst) send();
    const r = rng.next();
    if (r < 0.3) timers[i].setAfter(sampleTime({ dist: 'uniform', min: 0, max: 50 * MS }, rng));
    else if (r < 0.4) timers[i].clear();
    else if (r < 0.5 && sent[i].length > 1) {
      const k = rng.int(sent[i].length);
      trace.push(`cancel ${sim.cancel(sent[i][k])}`);
      sent[i].splice(k, 1);
    } else if (r < 0.55) trace.push(`timer ${i} ${timers[i].pending} ${timers[i].at}`);
    else if (r < 0.553) {
      sim.stop();
      stopped = true;
    }
    if (!sendFirst) send();
    if (sent[i].length > 8) sent[i].shift();
  };
  for (let i = 0; i < count; i++) {
    timers.push(sim.timer(`timer/${i}`, () => act(i, 'timer'), PRIORITIES[i % PRIORITIES.length]));
    timers[i].set(i * MS);
  }
  for (const end of [1, 2, 3, 4].map((k) => (k * until) / 4)) {
    do {
      stopped = false;
      sim.run(end);
      trace.push(`run ${sim.now} ${sim.pending}`);
    } while (stopped);
  }
  trace.push(`end ${sim.now} events=${sim.eventsRun} pending=${sim.pending}`);
  return trace;
}

