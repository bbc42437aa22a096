// Durations as design.md §2 writes them: Go's time.ParseDuration units (us µs ms s m h) plus d
// and y (365 d), decimals and combinations; results are integer microseconds.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, MS, SEC, YEAR } from '../../src/kernel/time.js';
import { DurationError, formatDuration, parseDuration } from '../../src/units/duration.js';

describe('parseDuration', () => {
  const cases: Array<[string, number]> = [
    ['250ms', 250 * MS],
    ['30s', 30 * SEC],
    ['5m', 5 * MIN],
    ['2h', 2 * HOUR],
    ['1h30m', 90 * MIN],
    ['1.5h', 90 * MIN],
    ['.5s', 500 * MS],
    ['1.s', SEC], // Go accepts a trailing point
    ['0.1ms', 100], // 0.1 × 1000 is 100.00000000000001 in floating point; rounded to the µs
    ['1d', DAY],
    ['1y', YEAR],
    ['1y', 365 * DAY],
    ['2d12h', 60 * HOUR],
    ['1m30s250ms', 90 * SEC + 250 * MS],
    ['100us', 100],
    ['100\u00b5s', 100], // micro sign
    ['100\u03bcs', 100], // Greek mu, which Go accepts too
    ['0', 0],
    ['0s', 0],
    [' 30s ', 30 * SEC],
    ['285y', 285 * YEAR],
  ];
  for (const [text, us] of cases) {
    it(`${JSON.stringify(text)} → ${us} µs`, () => {
      const t = parseDuration(text);
      expect(t).toBe(us);
      expect(Number.isInteger(t)).toBe(true);
    });
  }

  const bad: Array<[string, RegExp]> = [
    ['-5s', /non-negative/],
    ['5', /expected a duration/], // a number without a unit, as Go's "missing unit"
    ['5x', /expected a duration/],
    ['h', /expected a duration/],
    ['', /empty/],
    ['   ', /empty/],
    ['1h 30m', /expected a duration/],
    ['1.2.3s', /expected a duration/],
    ['1H', /expected a duration/], // units are case-sensitive, as in Go
    ['30sec', /expected a duration/],
    ['0.0', /expected a duration/],
    ['286y', /too large/], // past 2^53 µs simulated time is no longer exact
  ];
  for (const [text, message] of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(message);
    });
  }

  it('the message quotes the input', () => {
    expect(() => parseDuration('5x')).toThrow(/"5x"/);
  });
});

describe('formatDuration', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [125, '125µs'],
    [250 * MS, '250ms'],
    [1500 * MS, '1.5s'],
    [90 * MIN, '1h30m'],
    [DAY, '1d'],
    [DAY + HOUR + MIN + 1500 * MS, '1d1h1m1.5s'],
  ];
  for (const [us, text] of cases) {
    it(`${us} µs → ${text}, and back`, () => {
      expect(formatDuration(us)).toBe(text);
      expect(parseDuration(text)).toBe(us);
    });
  }
});
