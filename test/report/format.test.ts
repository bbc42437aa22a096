import { describe, expect, it } from 'vitest';
import { escapeHtml, formatClock, formatCount, formatDuration, formatPercent, timeTicks } from '../../src/report/format.js';

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

  it('labels axes in seconds, h:mm or days by the run length, with at most the asked intervals', () => {
    const short = timeTicks(300, 6); // 5 min: steps of 60 s
    expect(short.unit).toBe('s');
    expect(short.ticks.map((t) => t.label)).toEqual(['0s', '60s', '120s', '180s', '240s', '300s']);
    const quick = timeTicks(10800, 6); // 3 h: steps of 30 min
    expect(quick.unit).toBe('h:mm');
    expect(quick.ticks.map((t) => t.label)).toEqual(['0:00', '0:30', '1:00', '1:30', '2:00', '2:30', '3:00']);
    const year = timeTicks(365 * 86400, 6); // 1 y: 365 / 61 ≤ 6, so steps of 61 days
    expect(year.unit).toBe('d');
    expect(year.ticks.length).toBeLessThanOrEqual(7);
    expect(year.ticks[1].label).toBe('61d');
  });
});
