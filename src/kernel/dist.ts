import type { Rng } from './rng.js';

/**
 * A probability distribution over non-negative values (durations in microseconds, in practice).
 * The scenario's forms (design.md §3): a plain value is `fixed`; `{ dist: uniform, min, max }`,
 * `{ dist: exponential, mean }`, `{ dist: weibull, shape, scale }`, `{ dist: lognormal, median,
 * sigma }`, `{ dist: normal, mean, stddev }` (truncated at 0: draws below 0 are redrawn).
 */
export type Dist =
  | { dist: 'fixed'; value: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'weibull'; shape: number; scale: number }
  | { dist: 'lognormal'; median: number; sigma: number }
  | { dist: 'normal'; mean: number; stddev: number };

/** Names of the supported distributions. */
export const DIST_NAMES = ['fixed', 'uniform', 'exponential', 'weibull', 'lognormal', 'normal'] as const;

/** A fixed distribution, the form a plain scenario value takes. */
export function fixed(value: number): Dist {
  return { dist: 'fixed', value };
}

/** A standard normal draw (Box–Muller, one of the pair; two uniforms per draw keeps streams simple). */
function standardNormal(rng: Rng): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Draws one value from `d`. */
export function sample(d: Dist, rng: Rng): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng.next();
    case 'exponential':
      return -d.mean * Math.log(1 - rng.next());
    case 'weibull':
      return d.scale * Math.pow(-Math.log(1 - rng.next()), 1 / d.shape);
    case 'lognormal':
      return d.median * Math.exp(d.sigma * standardNormal(rng));
    case 'normal': {
      if (d.stddev === 0) return Math.max(0, d.mean);
      for (;;) {
        const x = d.mean + d.stddev * standardNormal(rng);
        if (x >= 0) return x;
      }
    }
  }
}

/** Draws a duration from `d`, rounded to the microsecond and never negative. */
export function sampleTime(d: Dist, rng: Rng): number {
  const x = Math.round(sample(d, rng));
  return x > 0 ? x : 0;
}

/** Γ(x) by the Lanczos approximation (for Weibull moments). */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, x + 0.5) * Math.exp(-t) * a;
}

const SQRT2PI = Math.sqrt(2 * Math.PI);
function phi(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT2PI;
}
/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf, |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** The mean of `d` (for tests, reports and availability formulas). */
export function distMean(d: Dist): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'exponential':
      return d.mean;
    case 'weibull':
      return d.scale * gamma(1 + 1 / d.shape);
    case 'lognormal':
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case 'normal': {
      if (d.stddev === 0) return Math.max(0, d.mean);
      const alpha = -d.mean / d.stddev;
      return d.mean + (d.stddev * phi(alpha)) / (1 - normalCdf(alpha));
    }
  }
}

/** The variance of `d`. */
export function distVariance(d: Dist): number {
  switch (d.dist) {
    case 'fixed':
      return 0;
    case 'uniform':
      return (d.max - d.min) ** 2 / 12;
    case 'exponential':
      return d.mean * d.mean;
    case 'weibull': {
      const g1 = gamma(1 + 1 / d.shape);
      return d.scale * d.scale * (gamma(1 + 2 / d.shape) - g1 * g1);
    }
    case 'lognormal': {
      const s2 = d.sigma * d.sigma;
      return (Math.exp(s2) - 1) * Math.exp(s2) * d.median * d.median;
    }
    case 'normal': {
      if (d.stddev === 0) return 0;
      const alpha = -d.mean / d.stddev;
      const z = 1 - normalCdf(alpha);
      const lambda = phi(alpha) / z;
      return d.stddev * d.stddev * (1 + alpha * lambda - lambda * lambda);
    }
  }
}

/** A short human form, e.g. `lognormal(median=2ms, sigma=0.5)`, given a formatter for values. */
export function describeDist(d: Dist, fmt: (v: number) => string): string {
  switch (d.dist) {
    case 'fixed':
      return fmt(d.value);
    case 'uniform':
      return `uniform(${fmt(d.min)}..${fmt(d.max)})`;
    case 'exponential':
      return `exponential(mean=${fmt(d.mean)})`;
    case 'weibull':
      return `weibull(shape=${d.shape}, scale=${fmt(d.scale)})`;
    case 'lognormal':
      return `lognormal(median=${fmt(d.median)}, sigma=${d.sigma})`;
    case 'normal':
      return `normal(mean=${fmt(d.mean)}, stddev=${fmt(d.stddev)})`;
  }
}
