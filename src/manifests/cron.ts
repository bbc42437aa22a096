/**
 * The CronJob schedule as kube-controller-manager parses it (robfig/cron/v3 `ParseStandard`, used
 * by pkg/controller/cronjob/utils.go): five fields — minute, hour, day of month, month, day of
 * week — each `*`, a value, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list; month and
 * weekday names (JAN, SUN…); `?` as `*`; weekday 7 = Sunday; and the descriptors @yearly
 * (@annually), @monthly, @weekly, @daily (@midnight), @hourly. When both day of month and day of
 * week are restricted, a day matching either runs (robfig `dayMatches`). `@every` and `TZ=` are
 * refused (the API server rejects them in a CronJob's schedule; timeZone is a field of its own).
 * Times are simulated minutes since the calendar origin `CRON_EPOCH_DAYS`.
 */

/**
 * The calendar day the run's t = 0 stands for, as days since 1970-01-01 (2025-01-01, a
 * Wednesday, 00:00 UTC): a schedule needs a calendar, the simulation has none of its own.
 */
export const CRON_EPOCH_DAYS = 20089;

/** The UTC calendar fields of a minute since the epoch (civil_from_days, H. Hinnant; no Date, no wall clock). */
export function calendar(minute: number): { minute: number; hour: number; day: number; month: number; weekday: number } {
  const days = CRON_EPOCH_DAYS + Math.floor(minute / 1440);
  const inDay = minute - Math.floor(minute / 1440) * 1440;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return {
    minute: inDay % 60,
    hour: Math.floor(inDay / 60),
    day: doy - Math.floor((153 * mp + 2) / 5) + 1,
    month: mp < 10 ? mp + 3 : mp - 9,
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

/** A parsed schedule: the allowed values of each field as bit sets. */
export interface CronSchedule {
  readonly minutes: bigint;
  readonly hours: bigint;
  readonly dom: bigint;
  readonly months: bigint;
  readonly dow: bigint;
  /** Whether day of month / day of week were `*` (robfig's star bit). */
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

/** A schedule that cannot be parsed; the message says which part. */
export class CronError extends Error {}

function value(s: string, min: number, names: readonly string[] | null, field: string): number {
  const lower = s.toLowerCase();
  if (names) {
    const i = names.indexOf(lower);
    if (i >= 0) return i + min;
  }
  if (!/^\d+$/.test(s)) throw new CronError(`${field}: "${s}" is not a number${names ? ' or a name' : ''}`);
  return Number(s);
}

function field(text: string, min: number, max: number, names: readonly string[] | null, name: string): { bits: bigint; star: boolean } {
  let bits = 0n;
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`${name}: bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      [lo, hi] = [min, max];
      if (stepText === undefined) star = true;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [lo, hi] = [value(a, min, names, name), value(b, min, names, name)];
    } else {
      lo = value(range, min, names, name);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new CronError(`${name}: ${part} is outside ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) bits |= 1n << BigInt(v);
  }
  return { bits, star };
}

/** Parses a CronJob schedule; throws `CronError`. */
export function parseCron(schedule: string): CronSchedule {
  const text = schedule.trim();
  if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) throw new CronError('TZ is not allowed in schedule; use spec.timeZone');
  const expanded = text.startsWith('@') ? DESCRIPTORS[text.toLowerCase()] : text;
  if (expanded === undefined) throw new CronError(`unknown descriptor "${text}" (expected @yearly, @monthly, @weekly, @daily or @hourly)`);
  const f = expanded.split(/\s+/);
  if (f.length !== 5) throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${f.length}`);
  const dow = field(f[4], 0, 7, DAYS, 'day of week');
  // 7 is Sunday too.
  const dowBits = (dow.bits & ((1n << 7n) - 1n)) | ((dow.bits >> 7n) & 1n);
  const dom = field(f[2], 1, 31, null, 'day of month');
  return {
    minutes: field(f[0], 0, 59, null, 'minute').bits,
    hours: field(f[1], 0, 23, null, 'hour').bits,
    dom: dom.bits,
    months: field(f[3], 1, 12, MONTHS, 'month').bits,
    dow: dowBits,
    domStar: dom.star,
    dowStar: dow.star,
  };
}

const has = (bits: bigint, v: number): boolean => ((bits >> BigInt(v)) & 1n) === 1n;

/** Whether the schedule runs at this minute (minutes since the epoch). */
export function cronMatches(s: CronSchedule, minute: number): boolean {
  const d = calendar(minute);
  if (!has(s.minutes, d.minute) || !has(s.hours, d.hour) || !has(s.months, d.month)) return false;
  const domOk = has(s.dom, d.day);
  const dowOk = has(s.dow, d.weekday);
  return s.domStar || s.dowStar ? domOk && dowOk : domOk || dowOk;
}

/** The first minute strictly after `minute` at which the schedule runs, or null within five years (e.g. Feb 30). */
export function nextCron(s: CronSchedule, minute: number): number | null {
  const limit = minute + 5 * 366 * 24 * 60;
  for (let m = minute + 1; m <= limit; m++) {
    if (cronMatches(s, m)) return m;
    // Skip whole hours or days that cannot match, so that a yearly schedule costs thousands of steps, not millions.
    const d = calendar(m);
    if (!has(s.hours, d.hour)) m += 59 - d.minute;
  }
  return null;
}
