/**
 * Simulated time. Every instant and duration in kubeblast is an integer number of microseconds
 * held in a `number` (exact up to 2^53 µs, about 285 years), so sums of heartbeat periods never
 * drift and simultaneous events compare equal.
 */
export type Time = number;

/** One microsecond, the resolution of simulated time. */
export const US = 1;
/** One millisecond in simulated-time units. */
export const MS = 1_000;
/** One second in simulated-time units. */
export const SEC = 1_000_000;
/** One minute in simulated-time units. */
export const MIN = 60 * SEC;
/** One hour in simulated-time units. */
export const HOUR = 60 * MIN;
/** One day in simulated-time units. */
export const DAY = 24 * HOUR;
/** One year (365 days, as design.md defines `1y`) in simulated-time units. */
export const YEAR = 365 * DAY;

/** Converts simulated time to seconds (float), for outputs. */
export function toSeconds(t: Time): number {
  return t / SEC;
}

/** Converts seconds (float) to simulated time, rounded to the microsecond. */
export function fromSeconds(s: number): Time {
  return Math.round(s * SEC);
}

/** Formats a time as seconds with up to six decimals and no trailing zeros (`61.5`, `0.000125`). */
export function formatSeconds(t: Time): string {
  const whole = Math.trunc(t / SEC);
  const frac = Math.abs(t - whole * SEC);
  const sign = t < 0 && whole === 0 ? '-' : '';
  if (frac === 0) return `${sign}${whole}`;
  // Trailing zeros dropped arithmetically (a regex per call showed in the outputs' profile):
  // 500000 µs → "5" in 1 digit, 125 → "000125" in 6.
  let f = frac;
  let digits = 6;
  while (f % 10 === 0) {
    f /= 10;
    digits--;
  }
  return `${sign}${whole}.${String(f).padStart(digits, '0')}`;
}
