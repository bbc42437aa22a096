import { DAY, HOUR, MIN, MS, SEC, US, YEAR, type Time } from '../kernel/time.js';

// Go accepts both micro signs: U+00B5 (µ) and U+03BC (Greek small mu, μ).
const UNIT_US: Record<string, number> = { us: US, '\u00b5s': US, '\u03bcs': US, ms: MS, s: SEC, m: MIN, h: HOUR, d: DAY, y: YEAR };
const TERM = /(\d+(?:\.\d*)?|\.\d+)(us|\u00b5s|\u03bcs|ms|s|m|h|d|y)/y;

/** A duration that failed to parse; `message` says what was expected. */
export class DurationError extends Error {}

/**
 * Parses a duration as design.md §2 writes them: `250ms`, `30s`, `5m`, `2h`, `1d`, `1y` (365 d),
 * decimals (`1.5h`) and combinations (`1h30m`), like Go's `time.ParseDuration` plus `d` and `y`.
 * `0` alone is zero. Returns microseconds; negative or unit-less values are rejected.
 */
export function parseDuration(text: string): Time {
  const s = text.trim();
  if (s === '0') return 0;
  if (s.startsWith('-')) throw new DurationError(`expected a non-negative duration, got "${text}"`);
  if (s === '') throw new DurationError('expected a duration such as 30s, got an empty string');
  let total = 0;
  TERM.lastIndex = 0;
  let at = 0;
  while (at < s.length) {
    TERM.lastIndex = at;
    const m = TERM.exec(s);
    if (!m) {
      throw new DurationError(`expected a duration such as 250ms, 30s, 1h30m or 1d, got "${text}"`);
    }
    total += Number(m[1]) * UNIT_US[m[2]];
    at = TERM.lastIndex;
  }
  // Time is exact only below 2^53 µs (about 285 years); past it, sums and comparisons would drift.
  const us = Math.round(total);
  if (!(us <= Number.MAX_SAFE_INTEGER)) throw new DurationError(`duration "${text}" is too large (at most 285y)`);
  return us;
}

/** Formats microseconds as a compact duration (`1h30m`, `250ms`, `1.5s`), for messages and `validate`. */
export function formatDuration(t: Time): string {
  if (t === 0) return '0s';
  if (t < MS) return `${t}µs`;
  if (t < SEC) return `${+(t / MS).toFixed(3)}ms`;
  if (t < MIN) return `${+(t / SEC).toFixed(3)}s`;
  const parts: string[] = [];
  let rest = t;
  for (const [unit, size] of [['d', DAY], ['h', HOUR], ['m', MIN]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${+(rest / SEC).toFixed(3)}s`);
  return parts.join('');
}
