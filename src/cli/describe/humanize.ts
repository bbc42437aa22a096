/**
 * The two ways the console writes time (issue 9): a **length** (`19.4s`, `12m 5s`, `1h 38m`,
 * `2d 4h`) and a **time point** on the run's clock (`01:38:12`, `3d 04:31:07`; boot events before
 * t = 0 read `-00:00:31`). Never the raw `1476.9m` or `3.7d`, and never one for the other.
 */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/**
 * A length of time in seconds, in at most two units, rounded to the smaller one: `0s`, `350ms`,
 * `4.25s`, `19.4s`, `12m 5s`, `1h 38m`, `2d 4h`, `365d`.
 */
export function length(seconds: number): string {
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '-' : '';
  if (s === 0) return '0s';
  if (s < 1) return `${sign}${Math.round(s * 1000)}ms`;
  if (s < 9.995) return `${sign}${trim(s.toFixed(2))}s`;
  if (s < MINUTE - 0.05) return `${sign}${trim(s.toFixed(1))}s`;
  if (s < HOUR - 0.5) return sign + two(Math.round(s), MINUTE, 'm', 's');
  if (s < DAY - 30) return sign + two(Math.round(s / MINUTE), 60, 'h', 'm');
  return sign + two(Math.round(s / HOUR), 24, 'd', 'h');
}

/** `n` counted in small units, as `Xbig Ysmall` (the small part left out when 0). */
function two(n: number, per: number, big: string, small: string): string {
  const hi = Math.floor(n / per);
  const lo = n - hi * per;
  return lo === 0 ? `${hi}${big}` : `${hi}${big} ${lo}${small}`;
}

/** `4.50` → `4.5`, `10.0` → `10`. */
function trim(fixed: string): string {
  return fixed.replace(/\.?0+$/, '');
}

/** A time point in seconds from the run's t = 0, to the second: `00:00:00`, `01:38:12`, `3d 04:31:07`, `-00:00:31`. */
export function point(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let s = Math.round(Math.abs(seconds));
  const d = Math.floor(s / DAY);
  s -= d * DAY;
  const clock = [Math.floor(s / HOUR), Math.floor((s % HOUR) / MINUTE), s % MINUTE].map((x) => String(x).padStart(2, '0')).join(':');
  return `${sign}${d > 0 ? `${d}d ` : ''}${clock}`;
}

/** An interval: `01:00:00 for 30m`, or `01:00:00 to the end` when it never ended. */
export function interval(startS: number, endS: number | null): string {
  return endS === null ? `${point(startS)} to the end` : `${point(startS)} for ${length(endS - startS)}`;
}
