import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, formatClock, formatCount, formatDuration, formatPercent, TICK_STEPS, timeTicks } from '../../src/report/format.js';
import { MAX_TICKS } from '../../src/report/frame.js';
import { TICKS_JS } from '../../src/report/script.js';

describe('report formats', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<script>alert(1)</script> x"y 'z' &`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt; x&quot;y &#39;z&#39; &amp;');
  });

  it('never rounds a shortfall up to 100%', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.96042)).toBe('96.042%');
    expect(formatPercent(0.999999)).toBe('99.9999%'); // 99.9999 % would read 100.000 with three decimals
    expect(formatPercent(0)).toBe('0.000%');
  });

  it('formats durations, instants and counts without a locale', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(2.391)).toBe('2.39 s');
    expect(formatDuration(426.9)).toBe('7m 07s');
    expect(formatDuration(7500)).toBe('2h 05m');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3d 04h');
    expect(formatClock(3600)).toBe('1:00:00.000');
    expect(formatClock(1.4921)).toBe('0:00:01.492');
    expect(formatClock(2 * 86400 + 3 * 3600)).toBe('2d 03:00:00.000');
    // Boot events come before t = 0.
    expect(formatClock(-31.7171)).toBe('\u22120:00:31.717');
    expect(formatClock(-0.0004)).toBe('0:00:00.000');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('labels axes in minutes, hours or days as the span needs, with at most the asked intervals', () => {
    const short = timeTicks(0, 300, 10); // 5 min: steps of 30 s
    expect(short.unit).toBe('m:ss');
    expect(short.ticks.map((t) => t.label)).toEqual(['0:00', '0:30', '1:00', '1:30', '2:00', '2:30', '3:00', '3:30', '4:00', '4:30', '5:00']);
    const quick = timeTicks(0, 10800, 6); // 3 h: steps of 30 min
    expect(quick.unit).toBe('h:mm');
    expect(quick.ticks.map((t) => t.label)).toEqual(['0:00', '0:30', '1:00', '1:30', '2:00', '2:30', '3:00']);
    const year = timeTicks(0, 365 * 86400, 6); // 1 y: 365 / 61 ≤ 6, so steps of 61 days
    expect(year.unit).toBe('d');
    expect(year.ticks.length).toBeLessThanOrEqual(7);
    expect(year.ticks[1].label).toBe('61d');
    // Zoomed into 50 minutes of day 112: hours and minutes with the day, ticks on multiples of the step only.
    const zoomed = timeTicks(112 * 86400 + 3 * 3600 + 7 * 60, 112 * 86400 + 3 * 3600 + 57 * 60, 10);
    expect(zoomed.unit).toBe('h:mm');
    expect(zoomed.ticks.map((t) => t.label)).toEqual(['112d 03:10', '112d 03:15', '112d 03:20', '112d 03:25', '112d 03:30', '112d 03:35', '112d 03:40', '112d 03:45', '112d 03:50', '112d 03:55']);
    // Under a minute per step past the first hour: h:mm:ss.
    expect(timeTicks(3600, 3660, 10).ticks.map((t) => t.label).slice(0, 2)).toEqual(['1:00:00', '1:00:10']);
  });

  it("the page script's port of timeTicks gives the same ticks for any domain", () => {
    // The script's copy (script.ts) is plain JavaScript; run it here on the same inputs.
    const port = new Function('STEPS', 'MAXT', `${TICKS_JS}; return ticks;`)(TICK_STEPS, MAX_TICKS) as (a: number, b: number) => ReturnType<typeof timeTicks>;
    fc.assert(fc.property(fc.double({ min: 0, max: 4e7, noNaN: true }), fc.double({ min: 1, max: 4e7, noNaN: true }), (a, span) => {
      expect(port(a, a + span)).toEqual(timeTicks(a, a + span, MAX_TICKS));
    }), { seed: 7, numRuns: 2000 });
  });
});
