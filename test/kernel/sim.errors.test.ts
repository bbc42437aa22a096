// An exception inside an event stops the run; the error names the simulated time and the event.
import { describe, expect, it } from 'vitest';
import { Sim, SimulationError } from '../../src/kernel/sim.js';
import { SEC } from '../../src/kernel/time.js';

function caught(fn: () => void): SimulationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SimulationError);
    return err as SimulationError;
  }
  throw new Error('expected the run to throw');
}

describe('errors inside events', () => {
  it('stop the run; the message names the time in seconds, the label and the cause', () => {
    const sim = new Sim();
    const log: string[] = [];
    const boom = new Error('kaput');
    sim.at(1.5 * SEC, 'etcd/cp-1/election', () => {
      throw boom;
    });
    sim.at(1.5 * SEC, 'same-instant', () => log.push('same-instant'));
    sim.at(2 * SEC, 'later', () => log.push('later'));
    const err = caught(() => sim.run());
    expect(err.message).toBe('at t=1.5s in event "etcd/cp-1/election": kaput');
    expect(err.time).toBe(1.5 * SEC);
    expect(err.label).toBe('etcd/cp-1/election');
    expect(err.cause).toBe(boom);
    expect(log).toEqual([]);
    expect(sim.now).toBe(1.5 * SEC);
    expect(sim.pending).toBe(2);
  });

  it('name the event that threw even when it scheduled others first (its slot is not reused under it)', () => {
    const sim = new Sim();
    sim.at(0, 'warm-up', () => {}); // leaves a free slot behind for the next allocation
    sim.run();
    sim.at(250, 'culprit', () => {
      sim.after(1, 'innocent', () => {});
      sim.after(2, 'bystander', () => {});
      throw new Error('bad state');
    });
    const err = caught(() => sim.run());
    expect(err.label).toBe('culprit');
    expect(err.message).toBe('at t=0.00025s in event "culprit": bad state');
    expect(sim.pending).toBe(2);
  });

  it('name a timer by its label', () => {
    const sim = new Sim();
    sim.timer('lease/renew', () => {
      throw new RangeError('negative lease');
    }).set(61.5 * SEC);
    expect(() => sim.run()).toThrow('at t=61.5s in event "lease/renew": negative lease');
  });

  it('wrap thrown non-Errors too', () => {
    const sim = new Sim();
    sim.at(3 * SEC, 'str', () => {
      throw 'plain string';
    });
    const err = caught(() => sim.run());
    expect(err.message).toBe('at t=3s in event "str": plain string');
    expect(err.cause).toBe('plain string');
  });

  it('leave the queue consistent: the remaining events run when the caller resumes', () => {
    const sim = new Sim();
    const log: string[] = [];
    sim.at(1, 'boom', () => {
      throw new Error('x');
    });
    sim.at(2, 'after', () => log.push('after'));
    expect(() => sim.run()).toThrow(SimulationError);
    const again = sim.at(3, 'new', () => log.push('new'));
    sim.run();
    expect(log).toEqual(['after', 'new']);
    expect(sim.cancel(again)).toBe(false);
    expect(sim.pending).toBe(0);
  });
});
