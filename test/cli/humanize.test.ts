/** The console's two formats of time: lengths in at most two units, time points on the run's clock. */
import { describe, expect, it } from 'vitest';
import { interval, length, point } from '../../src/cli/describe/humanize.js';

describe('length', () => {
  it.each([
    [0, '0s'], [0.35, '350ms'], [4.25, '4.25s'], [19.44, '19.4s'], [59.99, '1m'],
    [725, '12m 5s'], [1800, '30m'], [5880, '1h 38m'], [3600 * 24 - 10, '1d'],
    [(2 * 24 + 4) * 3600, '2d 4h'], [365 * 86400, '365d'],
    // 1476.9 min, as the old console printed it: about a day.
    [1476.9 * 60, '1d 1h'], [-31, '-31s'],
  ])('%f s reads %s', (s, text) => {
    expect(length(s)).toBe(text);
  });
});

describe('point', () => {
  it.each([
    [0, '00:00:00'], [3600, '01:00:00'], [5892.4, '01:38:12'], [3 * 86400 + 4 * 3600 + 31 * 60 + 7, '3d 04:31:07'], [-31.7, '-00:00:32'],
  ])('t = %f s reads %s', (s, text) => {
    expect(point(s)).toBe(text);
  });

  it('an interval is a point and a length, or a point "to the end"', () => {
    expect(interval(3600, 5400)).toBe('01:00:00 for 30m');
    expect(interval(4000, null)).toBe('01:06:40 to the end');
  });
});
