/**
 * Kernel figures: the classic hold model (a fixed population of pending events, each of which
 * schedules one successor at now + a pre-drawn increment), the same with timer churn (re-arming
 * and clearing reusable timers, as election timeouts and lease renewals do), and a bare typed-array
 * heap running the same hold loop in the same process as the floor the kernel is measured against.
 */
import { Sim, Streams, sampleTime, type Timer } from '../src/kernel/index.js';
import { median, medianRatio, roundRates, type BenchGroup, type BenchOptions, type Figure } from './harness.js';

/** Events waiting in the queue throughout the hold loop. */
const PENDING = 10_000;
/** Events executed per timed repetition. */
const EVENTS = 1_000_000;
/** Reusable timers in the churn case. */
const TIMERS = 1_000;
/** What kernel.vsBare.ratio should reach: the kernel's bookkeeping may cost at most ~40% of the bare heap's speed. */
const RATIO_TARGET = 0.6;
/** Pre-drawn increments and timer indices, cycled through (a power of two, for masking). */
const DRAWS = 1 << 16;
const MASK = DRAWS - 1;

interface Draws {
  /** Hold increments in µs, exponential with mean 1 ms. */
  inc: Float64Array;
  /** Timer indices in [0, TIMERS). */
  idx: Int32Array;
}

function preDraw(): Draws {
  const streams = new Streams(1);
  const incRng = streams.stream('bench/increments');
  const idxRng = streams.stream('bench/timers');
  const inc = new Float64Array(DRAWS);
  const idx = new Int32Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) {
    inc[i] = sampleTime({ dist: 'exponential', mean: 1000 }, incRng);
    idx[i] = idxRng.int(TIMERS);
  }
  return { inc, idx };
}

/** Hold model on the kernel: returns the timed loop, which returns the events it ran. */
function holdKernel({ inc }: Draws): () => number {
  const sim = new Sim();
  let k = 0;
  let left = EVENTS;
  const hold = (): void => {
    if (--left === 0) sim.stop();
    sim.after(inc[k++ & MASK], 'hold', hold);
  };
  for (let i = 0; i < PENDING; i++) sim.after(inc[k++ & MASK], 'hold', hold);
  return () => {
    sim.run();
    return sim.eventsRun;
  };
}

/** Hold model plus timer churn: every event also re-arms one of the timers and clears another. */
function churnKernel({ inc, idx }: Draws): () => number {
  const sim = new Sim();
  let k = 0;
  let left = EVENTS;
  const fired = (): void => {};
  const timers: Timer[] = [];
  for (let i = 0; i < TIMERS; i++) timers.push(sim.timer('churn', fired));
  const hold = (): void => {
    if (--left === 0) sim.stop();
    const j = k++ & MASK;
    sim.after(inc[j], 'hold', hold);
    timers[idx[j]].setAfter(inc[(j + 1) & MASK] * 4);
    timers[idx[(j + 7) & MASK]].clear();
  };
  for (let i = 0; i < PENDING; i++) sim.after(inc[k++ & MASK], 'hold', hold);
  return () => {
    sim.run();
    return sim.eventsRun;
  };
}

/**
 * The floor: a binary min-heap of bare times in a Float64Array, popping the minimum and pushing
 * its successor exactly as the kernel does (pop, then push; no replace-top shortcut), with no
 * tie-break keys, slots or callbacks.
 */
function holdBare({ inc }: Draws): () => number {
  const heap = new Float64Array(PENDING + 1);
  let n = 0;
  const push = (t: number): void => {
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p] <= t) break;
      heap[i] = heap[p];
      i = p;
    }
    heap[i] = t;
  };
  const pop = (): number => {
    const top = heap[0];
    const t = heap[--n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heap[c + 1] < heap[c]) c++;
      if (t <= heap[c]) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = t;
    return top;
  };
  let k = 0;
  for (let i = 0; i < PENDING; i++) push(inc[k++ & MASK]);
  return () => {
    for (let e = 0; e < EVENTS; e++) {
      const now = pop();
      push(now + inc[k++ & MASK]);
    }
    return EVENTS;
  };
}

/** The kernel's group of figures. */
export const kernelBench: BenchGroup = {
  name: 'kernel',
  description: `hold model, ${PENDING.toLocaleString('en')} pending events, exponential increments of mean 1 ms in whole µs (many ties), ${EVENTS.toLocaleString('en')} events per repetition`,
  run(opts: BenchOptions): Figure[] {
    const draws = preDraw();
    const rates = roundRates(
      { hold: () => holdKernel(draws), bare: () => holdBare(draws), churn: () => churnKernel(draws) },
      opts,
    );
    return [
      { name: 'kernel.hold.eventsPerSec', value: median(rates.hold), unit: 'events/s' },
      { name: 'kernel.churn.eventsPerSec', value: median(rates.churn), unit: 'events/s' },
      { name: 'bare.heap.eventsPerSec', value: median(rates.bare), unit: 'events/s' },
      {
        name: 'kernel.vsBare.ratio',
        value: medianRatio(rates.hold, rates.bare),
        unit: 'ratio',
        note: `hold ÷ bare, median of rounds; target ≥ ${RATIO_TARGET}`,
      },
    ];
  },
};
