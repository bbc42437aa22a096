// Simulated time is integer microseconds; outputs convert it to seconds.
import { describe, expect, it } from 'vitest';
import { DAY, formatSeconds, fromSeconds, HOUR, MIN, MS, SEC, toSeconds, US, YEAR } from '../../src/kernel/time.js';

describe('time', () => {
  it('units are microseconds and a year is 365 days', () => {
    expect([US, MS, SEC, MIN, HOUR, DAY]).toEqual([1, 1e3, 1e6, 6e7, 3.6e9, 8.64e10]);
    expect(YEAR).toBe(365 * DAY);
    expect(285 * YEAR).toBeLessThan(Number.MAX_SAFE_INTEGER); // exact for any simulated span we run
  });

  it('toSeconds / fromSeconds convert and round to the microsecond', () => {
    expect(toSeconds(1_500_000)).toBe(1.5);
    expect(fromSeconds(0.1)).toBe(100_000);
    expect(fromSeconds(1e-7)).toBe(0);
    expect(fromSeconds(toSeconds(123_456_789))).toBe(123_456_789);
  });

  it('formatSeconds writes up to six decimals without trailing zeros', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [61.5 * SEC, '61.5'],
      [125, '0.000125'],
      [3 * SEC, '3'],
      [YEAR + 1, '31536000.000001'],
      [-1.5 * SEC, '-1.5'],
      [-0.25 * SEC, '-0.25'],
    ];
    for (const [t, s] of cases) expect(formatSeconds(t)).toBe(s);
  });
});
