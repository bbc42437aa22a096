// Cancelling one-shot events by handle (stale handles are harmless, even once their slot is
// reused) and reusable timers that are re-armed and cleared many times.
import { describe, expect, it } from 'vitest';
import { Sim, type Timer } from '../../src/kernel/sim.js';
import { Streams } from '../../src/kernel/rng.js';

describe('cancel', () => {
  it('cancels a pending event once; a second cancel and a cancel after the run return false', () => {
    const sim = new Sim();
    const log: string[] = [];
    const a = sim.at(10, 'a', () => log.push('a'));
    const b = sim.at(20, 'b', () => log.push('b'));
    expect(sim.pending).toBe(2);
    expect(sim.cancel(a)).toBe(true);
    expect(sim.cancel(a)).toBe(false);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(log).toEqual(['b']);
    expect(sim.cancel(b)).toBe(false);
  });

  it('a stale handle does not cancel the event that reused its slot', () => {
    const sim = new Sim();
    const log: string[] = [];
    const old = sim.at(10, 'old', () => log.push('old'));
    sim.cancel(old);
    // The freed slot is reused by one of these; every one of them must still run.
    const fresh = Array.from({ length: 5 }, (_, i) => sim.at(10 + i, `new${i}`, () => log.push(`new${i}`)));
    expect(fresh).not.toContain(old);
    expect(sim.cancel(old)).toBe(false);
    expect(sim.pending).toBe(5);
    sim.run();
    expect(log).toEqual(['new0', 'new1', 'new2', 'new3', 'new4']);
  });

  it('the handle of an event that already ran does not cancel later events in its slot', () => {
    const sim = new Sim();
    const log: string[] = [];
    const ran = sim.at(1, 'ran', () => log.push('ran'));
    sim.run();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) sim.after(1 + i, `r${round}e${i}`, () => log.push('x'));
      expect(sim.cancel(ran)).toBe(false);
      expect(sim.pending).toBe(4);
      sim.run();
    }
    expect(log).toHaveLength(1 + 12);
  });

  it('handles stay unique across many reuses of one slot', () => {
    const sim = new Sim();
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const id = sim.at(5, 'x', () => {});
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      expect(sim.cancel(id)).toBe(true);
    }
    for (const id of [...seen].slice(0, 100)) expect(sim.cancel(id)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('an event can cancel another of the same instant; cancelling itself is a no-op', () => {
    const sim = new Sim();
    const log: string[] = [];
    let victim = 0;
    let self = 0;
    self = sim.at(10, 'killer', () => {
      log.push('killer');
      expect(sim.cancel(victim)).toBe(true);
      expect(sim.cancel(self)).toBe(false);
    });
    victim = sim.at(10, 'victim', () => log.push('victim'));
    sim.run();
    expect(log).toEqual(['killer']);
  });

  it('ignores handles that were never issued', () => {
    const sim = new Sim();
    sim.at(1, 'x', () => {});
    for (const id of [-1, 1.5, 2 ** 60, Number.NaN, 123456, 2 ** 24]) expect(sim.cancel(id)).toBe(false);
    expect(sim.pending).toBe(1);
  });

  it('handles of timers do not exist: cancel never removes an armed timer', () => {
    const sim = new Sim();
    const t = sim.timer('t', () => {});
    t.set(10);
    for (let id = 0; id < 4; id++) expect(sim.cancel(id)).toBe(false);
    expect(t.pending).toBe(true);
  });
});

describe('timers', () => {
  it('set, re-arm, clear: pending and at follow the last call; it fires once, at the last time set', () => {
    const sim = new Sim();
    const fired: number[] = [];
    const t = sim.timer('t', () => fired.push(sim.now));
    expect(t.pending).toBe(false);
    expect(t.at).toBeNaN();
    t.set(100);
    t.set(50); // earlier
    t.set(300); // later
    expect(t.pending).toBe(true);
    expect(t.at).toBe(300);
    expect(sim.pending).toBe(1);
    t.clear();
    t.clear(); // clearing an idle timer is harmless
    expect(t.pending).toBe(false);
    expect(sim.pending).toBe(0);
    t.setAfter(70);
    sim.run();
    expect(fired).toEqual([70]);
    expect(t.pending).toBe(false);
  });

  it('a timer re-armed from its own callback fires periodically', () => {
    const sim = new Sim();
    const fired: number[] = [];
    const t: Timer = sim.timer('tick', () => {
      fired.push(sim.now);
      if (fired.length < 5) t.setAfter(10);
    });
    t.set(3);
    sim.run();
    expect(fired).toEqual([3, 13, 23, 33, 43]);
  });

  it('one timer re-armed and cleared 100,000 times keeps exactly one queue entry, then fires at the last time', () => {
    const sim = new Sim();
    const rng = new Streams(11).stream('test/timer-churn');
    const fired: number[] = [];
    const t = sim.timer('t', () => fired.push(sim.now));
    const other = sim.at(500_000, 'other', () => {});
    let expected = Number.NaN;
    let wrongPending = 0;
    for (let i = 0; i < 100_000; i++) {
      if (rng.next() < 0.2) {
        t.clear();
        expected = Number.NaN;
      } else {
        expected = 1 + rng.int(1_000_000);
        t.set(expected);
      }
      if (sim.pending !== (Number.isNaN(expected) ? 1 : 2)) wrongPending++;
    }
    expect(wrongPending).toBe(0);
    expect(t.at).toBe(expected);
    sim.cancel(other);
    sim.run();
    expect(fired).toEqual(Number.isNaN(expected) ? [] : [expected]);
  });

  it('many timers reset during the run fire exactly at their last deadline (model check)', () => {
    const sim = new Sim();
    const rng = new Streams(3).stream('test/timers');
    const TIMERS = 200;
    const deadline = new Array<number>(TIMERS).fill(Number.NaN); // the model: when each should fire
    const fires: Array<[number, number]> = [];
    const timers = Array.from({ length: TIMERS }, (_, i) =>
      sim.timer(`timer-${i}`, () => {
        expect(sim.now).toBe(deadline[i]);
        fires.push([i, sim.now]);
        deadline[i] = Number.NaN;
      }),
    );
    // A driver event every 7 µs resets a few timers, clears one, and sometimes re-arms one to now.
    let steps = 0;
    const drive = (): void => {
      for (let k = 0; k < 3; k++) {
        const i = rng.int(TIMERS);
        deadline[i] = sim.now + 1 + rng.int(500);
        timers[i].set(deadline[i]);
      }
      const c = rng.int(TIMERS);
      timers[c].clear();
      deadline[c] = Number.NaN;
      if (rng.next() < 0.1) {
        const i = rng.int(TIMERS);
        deadline[i] = sim.now;
        timers[i].set(sim.now);
      }
      if (++steps < 20_000) sim.after(7, 'drive', drive);
    };
    sim.at(0, 'drive', drive);
    sim.run();
    expect(fires.length).toBeGreaterThan(5_000);
    expect(deadline.every(Number.isNaN)).toBe(true);
    expect(sim.pending).toBe(0);
    // Fire times never go backwards.
    for (let k = 1; k < fires.length; k++) expect(fires[k][1]).toBeGreaterThanOrEqual(fires[k - 1][1]);
  });
});
