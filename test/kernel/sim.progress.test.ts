// The progress hook (Sim.onProgress): called after every N events, between two events, across
// run() calls, never when unset; it only observes, so the order of events does not change.
import { describe, expect, it } from 'vitest';
import { Sim } from '../../src/kernel/sim.js';

/** A sim with `n` events at t = 1..n, each logging its label when it runs. */
function chain(n: number): { sim: Sim; log: string[] } {
  const sim = new Sim();
  const log: string[] = [];
  for (let i = 1; i <= n; i++) sim.at(i, `e${i}`, () => log.push(`e${i}`));
  return { sim, log };
}

describe('Sim.onProgress', () => {
  it('is called after every 3rd event, and sees the events run so far and the time of the last', () => {
    const { sim, log } = chain(10);
    const seen: Array<[number, number, number]> = [];
    sim.onProgress(3, () => seen.push([sim.eventsRun, sim.now, log.length]));
    sim.run();
    expect(seen).toEqual([[3, 3, 3], [6, 6, 6], [9, 9, 9]]);
  });

  it('keeps counting across run(until) calls (a boot run in steps)', () => {
    const { sim } = chain(10);
    const seen: number[] = [];
    sim.onProgress(4, () => seen.push(sim.eventsRun));
    for (let until = 1; until <= 10; until += 3) sim.run(until);
    sim.run();
    expect(seen).toEqual([4, 8]);
  });

  it('leaves the order of events and the clock as they are without it', () => {
    const plain = chain(50);
    plain.sim.run(37);
    const hooked = chain(50);
    let calls = 0;
    hooked.sim.onProgress(1, () => calls++);
    hooked.sim.run(37);
    expect(hooked.log).toEqual(plain.log);
    expect(hooked.sim.now).toBe(plain.sim.now);
    expect(calls).toBe(37);
  });

  it('is not called once unset, and refuses an interval that is not a positive integer', () => {
    const { sim } = chain(5);
    let calls = 0;
    sim.onProgress(1, () => calls++);
    sim.onProgress(1, null);
    sim.run();
    expect(calls).toBe(0);
    expect(() => sim.onProgress(0, () => {})).toThrow(/positive integer/);
    expect(() => sim.onProgress(1.5, () => {})).toThrow(/positive integer/);
  });
});
