/**
 * The value forms of the scenario format as zod types that parse while they validate:
 * durations (design.md §2) to microseconds, Kubernetes quantities to integers, and distributions
 * (`Dist`) from a plain duration or a `{ dist: … }` mapping. Each failure is a zod issue whose
 * message says what was expected, so `zodToInputError` can place it at the offending node.
 */
import { z } from 'zod';
import { DIST_NAMES, type Dist } from '../kernel/dist.js';
import type { Time } from '../kernel/time.js';
import { DurationError, parseDuration } from '../units/duration.js';
import { parseCpuMilli, parseQuantityInt, QuantityError } from '../units/quantity.js';

type Ctx = z.core.$RefinementCtx;

/** Renders a YAML value for a message: strings quoted, mappings and lists named. */
export function show(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) return 'a list';
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

function issue(ctx: Ctx, input: unknown, message: string, path: (string | number)[] = []): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input, path });
  return z.NEVER;
}

/** Parses a duration value, or returns an error message. */
function durationOf(v: unknown, positive: boolean): Time | string {
  if (typeof v === 'number') {
    if (v === 0 && !positive) return 0;
    return `expected a duration with a unit such as 30s, got ${v}`;
  }
  if (typeof v !== 'string') return `expected a duration such as 30s, got ${show(v)}`;
  try {
    const t = parseDuration(v);
    if (positive && t <= 0) return `expected a positive duration such as 30s, got "${v}"`;
    return t;
  } catch (err) {
    if (err instanceof DurationError) return err.message;
    throw err;
  }
}

/** A non-negative duration (`0` allowed), in µs. */
export const duration = z.unknown().transform((v, ctx): Time => {
  const t = durationOf(v, false);
  return typeof t === 'string' ? issue(ctx, v, t) : t;
});

/** A strictly positive duration, in µs. */
export const positiveDuration = z.unknown().transform((v, ctx): Time => {
  const t = durationOf(v, true);
  return typeof t === 'string' ? issue(ctx, v, t) : t;
});

/** CPU as a Kubernetes quantity (`"16"`, `500m`, `2.5`), in millicores; must be positive. */
export const cpuQuantity = z.unknown().transform((v, ctx): number => quantity(v, ctx, parseCpuMilli, 'CPU quantity such as "16" or 500m'));

/** A byte quantity (`64Gi`, `1G`); must be positive. */
export const byteQuantity = z.unknown().transform((v, ctx): number => quantity(v, ctx, parseQuantityInt, 'memory quantity such as 64Gi'));

function quantity(v: unknown, ctx: Ctx, parse: (s: string | number) => number, what: string): number {
  if (typeof v !== 'string' && typeof v !== 'number') return issue(ctx, v, `expected a ${what}, got ${show(v)}`);
  try {
    const n = parse(v);
    return n > 0 ? n : issue(ctx, v, `expected a positive ${what}, got ${show(v)}`);
  } catch (err) {
    if (err instanceof QuantityError) return issue(ctx, v, err.message);
    throw err;
  }
}

/** A positive integer with a message that says so. */
export const positiveInt = z.number({ error: (i) => `expected a positive integer, got ${show(i.input)}` })
  .int({ error: (i) => `expected a positive integer, got ${show(i.input)}` })
  .min(1, { error: (i) => `expected a positive integer, got ${show(i.input)}` });

/** A non-negative integer with a message that says so. */
export const nonNegativeInt = z.number({ error: (i) => `expected a non-negative integer, got ${show(i.input)}` })
  .int({ error: (i) => `expected a non-negative integer, got ${show(i.input)}` })
  .min(0, { error: (i) => `expected a non-negative integer, got ${show(i.input)}` });

/** A non-negative finite number (rates, thresholds). */
export const nonNegativeNumber = z.number({ error: (i) => `expected a non-negative number, got ${show(i.input)}` })
  .min(0, { error: (i) => `expected a non-negative number, got ${show(i.input)}` });

/** Which parameters each distribution takes; `duration` ones are durations, `number` ones plain numbers. */
const DIST_PARAMS: Record<Dist['dist'], Record<string, 'duration' | 'number'>> = {
  fixed: { value: 'duration' },
  uniform: { min: 'duration', max: 'duration' },
  exponential: { mean: 'duration' },
  weibull: { shape: 'number', scale: 'duration' },
  lognormal: { median: 'duration', sigma: 'number' },
  normal: { mean: 'duration', stddev: 'duration' },
};

/**
 * A distribution of durations. A plain duration means `fixed`, or with `plain: 'exponential'`
 * an exponential with that mean (the form `mtbf`/`mttr` of random faults take: the two-state
 * Markov model of failure and repair).
 */
export function distribution(plain: 'fixed' | 'exponential' = 'fixed') {
  return z.unknown().transform((v, ctx): Dist => {
    if (typeof v === 'string' || typeof v === 'number') {
      const t = durationOf(v, plain === 'exponential');
      if (typeof t === 'string') return issue(ctx, v, t);
      return plain === 'exponential' ? { dist: 'exponential', mean: t } : { dist: 'fixed', value: t };
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      return issue(ctx, v, `expected a duration such as 30s or a distribution such as { dist: lognormal, median: 2s, sigma: 0.5 }, got ${show(v)}`);
    }
    return distFromMap(v as Record<string, unknown>, ctx);
  });
}

function distFromMap(m: Record<string, unknown>, ctx: Ctx): Dist {
  const names = DIST_NAMES.join(', ');
  if (!('dist' in m)) return issue(ctx, m, `expected a "dist" field naming the distribution (${names})`);
  const name = m.dist;
  if (typeof name !== 'string' || !(DIST_NAMES as readonly string[]).includes(name)) {
    return issue(ctx, name, `unknown distribution ${show(name)}; expected one of ${names}`, ['dist']);
  }
  const params = DIST_PARAMS[name as Dist['dist']];
  for (const key of Object.keys(m)) {
    if (key !== 'dist' && !(key in params)) {
      ctx.issues.push({ code: 'unrecognized_keys', keys: [key], input: m, path: [] });
      return z.NEVER;
    }
  }
  const values: Record<string, number> = {};
  for (const [key, type] of Object.entries(params)) {
    const takes = Object.keys(params).join(' and ');
    if (!(key in m)) return issue(ctx, m, `expected "${key}": ${name} takes ${takes}`);
    const raw = m[key];
    if (type === 'duration') {
      const t = durationOf(raw, false);
      if (typeof t === 'string') return issue(ctx, raw, t, [key]);
      values[key] = t;
    } else if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      return issue(ctx, raw, `expected a number, got ${show(raw)}`, [key]);
    } else {
      values[key] = raw;
    }
  }
  const bad = checkDist(name as Dist['dist'], values);
  if (bad) return issue(ctx, m[bad[0]], bad[1], [bad[0]]);
  return { dist: name, ...values } as Dist;
}

/** Parameter constraints; returns [field, message] of the first violated one. */
function checkDist(name: Dist['dist'], p: Record<string, number>): [string, string] | null {
  switch (name) {
    case 'uniform':
      return p.min <= p.max ? null : ['max', 'expected max ≥ min'];
    case 'exponential':
      return p.mean > 0 ? null : ['mean', 'expected a positive mean'];
    case 'weibull':
      if (!(p.shape > 0)) return ['shape', `expected shape > 0, got ${p.shape}`];
      return p.scale > 0 ? null : ['scale', 'expected a positive scale'];
    case 'lognormal':
      if (!(p.median > 0)) return ['median', 'expected a positive median'];
      return p.sigma > 0 ? null : ['sigma', `expected sigma > 0, got ${p.sigma}`];
    default:
      return null;
  }
}
