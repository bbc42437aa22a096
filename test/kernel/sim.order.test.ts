// The order of events: by time, then priority (lower first), then the order in which they were
// scheduled (or a timer last armed); and what run(until) and stop() do to the clock.
import { describe, expect, it } from 'vitest';
import { PRIORITY_DEFAULT, Sim } from '../../src/kernel/sim.js';
import { SEC } from '../../src/kernel/time.js';

/** A sim whose events log their label when they run. */
function logged(): { sim: Sim; log: string[]; ev: (at: number, label: string, priority?: number) => number } {
  const sim = new Sim();
  const log: string[] = [];
  const ev = (at: number, label: string, priority?: number): number => sim.at(at, label, () => log.push(label), priority);
  return { sim, log, ev };
}

describe('order of simultaneous events', () => {
  it('time first, then priority, then scheduling order', () => {
    const { sim, log, ev } = logged();
    ev(10, 'c', 5);
    ev(10, 'a', 1);
    ev(5, 'early', 255); // an earlier time beats any priority
    ev(10, 'b', 1); // same time and priority as a, scheduled later
    ev(10, 'd', 5);
    ev(10, 'default'); // PRIORITY_DEFAULT = 128
    ev(10, 'last', 255);
    ev(10, 'first', 0);
    sim.run();
    expect(log).toEqual(['early', 'first', 'a', 'b', 'c', 'd', 'default', 'last']);
    expect(PRIORITY_DEFAULT).toBe(128);
  });

  it('an event scheduled for now runs after queued events of its priority, before those of a higher one', () => {
    const { sim, log, ev } = logged();
    sim.at(10, 'spawner', () => {
      log.push('spawner');
      ev(sim.now, 'same-prio');
      ev(sim.now, 'urgent', 0);
    });
    ev(10, 'queued-same');
    ev(10, 'queued-later', 200);
    sim.run();
    expect(log).toEqual(['spawner', 'urgent', 'queued-same', 'same-prio', 'queued-later']);
  });

  it('re-arming a timer takes a new place in the scheduling order', () => {
    const { sim, log, ev } = logged();
    const t = sim.timer('timer', () => log.push('timer'));
    t.set(10);
    ev(10, 'one-shot');
    t.set(10); // re-armed after the one-shot was scheduled: now runs after it
    sim.run();
    expect(log).toEqual(['one-shot', 'timer']);
  });

  it('timers and one-shots of equal time and priority share one scheduling sequence', () => {
    const { sim, log, ev } = logged();
    const t = sim.timer('timer', () => log.push('timer'));
    const u = sim.timer('timer2', () => log.push('timer2'));
    ev(10, 'a');
    t.set(10);
    ev(10, 'b');
    u.set(10);
    ev(10, 'c');
    sim.run();
    expect(log).toEqual(['a', 'timer', 'b', 'timer2', 'c']);
  });

  it('a timer keeps its priority across re-arms', () => {
    const { sim, log, ev } = logged();
    const t = sim.timer('timer', () => log.push('timer'), 0);
    ev(10, 'normal');
    t.set(10);
    t.set(20);
    t.set(10);
    sim.run();
    expect(log).toEqual(['timer', 'normal']);
  });

  it('rejects priorities outside 0..255 and non-integers', () => {
    const sim = new Sim();
    for (const p of [-1, 256, 1.5, Number.NaN]) {
      expect(() => sim.at(1, 'x', () => {}, p)).toThrow(/priority/);
      expect(() => sim.timer('x', () => {}, p)).toThrow(/priority/);
    }
    expect(sim.pending).toBe(0);
  });

  it('rejects scheduling before now, and NaN times', () => {
    const sim = new Sim();
    sim.at(100, 'x', () => {});
    sim.run();
    expect(() => sim.at(99, 'past', () => {})).toThrow(/"past".*before now/);
    expect(() => sim.after(-1, 'neg', () => {})).toThrow(/before now/);
    expect(() => sim.at(Number.NaN, 'nan', () => {})).toThrow();
    expect(() => sim.timer('t', () => {}).set(50)).toThrow(/timer "t".*before now/);
    expect(sim.pending).toBe(0);
  });
});

describe('run(until)', () => {
  it('runs events at exactly `until`, leaves later ones queued, and ends with now = until', () => {
    const { sim, log, ev } = logged();
    ev(5, 'a');
    ev(10, 'b');
    ev(11, 'c');
    sim.run(10);
    expect(log).toEqual(['a', 'b']);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(1);
    sim.run(10.5 * SEC);
    expect(log).toEqual(['a', 'b', 'c']);
    expect(sim.now).toBe(10.5 * SEC);
  });

  it('also runs events scheduled at `until` by an event at `until`', () => {
    const { sim, log, ev } = logged();
    sim.at(10, 'first', () => {
      log.push('first');
      ev(10, 'chained');
      ev(11, 'too-late');
    });
    sim.run(10);
    expect(log).toEqual(['first', 'chained']);
    expect(sim.pending).toBe(1);
  });

  it('moves now to `until` when the queue runs dry before it, and after(0) then lands there', () => {
    const { sim, log, ev } = logged();
    ev(3, 'a');
    sim.run(7 * SEC);
    expect(sim.now).toBe(7 * SEC);
    sim.after(0, 'now', () => log.push(`now@${sim.now}`));
    sim.run();
    expect(log).toEqual(['a', `now@${7 * SEC}`]);
  });

  it('never moves now backwards', () => {
    const { sim, ev } = logged();
    ev(50, 'a');
    sim.run();
    sim.run(20);
    expect(sim.now).toBe(50);
  });

  it('run() without `until` leaves now at the last event', () => {
    const { sim, ev } = logged();
    ev(42, 'a');
    sim.run();
    expect(sim.now).toBe(42);
    expect(sim.pending).toBe(0);
    expect(sim.eventsRun).toBe(1);
  });

  it('stop() ends the run after the current event; now stays there and the rest waits', () => {
    const { sim, log, ev } = logged();
    ev(1, 'a');
    sim.at(2, 'stopper', () => {
      log.push('stopper');
      sim.stop();
    });
    ev(2, 'same-time');
    ev(3, 'b');
    sim.run(100);
    expect(log).toEqual(['a', 'stopper']);
    expect(sim.now).toBe(2);
    expect(sim.pending).toBe(2);
    sim.run(100);
    expect(log).toEqual(['a', 'stopper', 'same-time', 'b']);
    expect(sim.now).toBe(100);
  });
});
