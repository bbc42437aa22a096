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

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang, "A simple method for generating gamma variables"
 * (ACM TOMS 26(3), 2000): for shape ≥ 1, squeeze-and-reject on d·(1 + c·Z)³ with d = shape − 1/3,
 * c = 1/√(9d); for shape < 1 their boost, Gamma(shape + 1) · U^(1/shape).
 */
export function sampleGamma(shape: number, rng: Rng): number {
  if (!(shape > 0)) throw new Error(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) {
    const g = sampleGamma(shape + 1, rng);
    let u = rng.next();
    while (u <= 0) u = rng.next();
    return g * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A draw of the length-biased version of `d`, of density x·f(x)/E[X]: the length of the interval
 * that covers a random instant (the inspection paradox). Closed forms: fixed c → c; uniform[a,b] →
 * √(a² + V(b² − a²)); exponential(m) → Gamma(2)·m; lognormal(m, σ) → lognormal(m·e^{σ²}, σ);
 * weibull(k, λ) → λ·G^{1/k} with G ~ Gamma(1 + 1/k); the normal truncated at 0 by rejection.
 */
export function sampleLengthBiased(d: Dist, rng: Rng): number {
  switch (d.dist) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return Math.sqrt(d.min * d.min + rng.next() * (d.max * d.max - d.min * d.min));
    case 'exponential':
      return d.mean * sampleGamma(2, rng);
    case 'weibull':
      return d.scale * Math.pow(sampleGamma(1 + 1 / d.shape, rng), 1 / d.shape);
    case 'lognormal':
      return d.median * Math.exp(d.sigma * d.sigma) * Math.exp(d.sigma * standardNormal(rng));
    case 'normal':
      return lengthBiasedNormal(d.mean, d.stddev, rng);
  }
}

/**
 * Length-biased N(μ, s²) truncated at 0, density ∝ x·φ((x − μ)/s) on x ≥ 0, by rejection: with
 * z = (x − μ)/s, x ≤ μ⁺ + s·z⁺, so the proposal ∝ (μ⁺ + s·z⁺)·φ(z) is a mixture of the truncated
 * normal itself (weight μ⁺·s·(1 − Φ(z₀)), z₀ = −μ/s) and a Rayleigh tail z ≥ a = max(0, z₀)
 * (weight s²·φ(a)), accepted with probability x / (μ⁺ + s·z⁺).
 */
function lengthBiasedNormal(mu: number, s: number, rng: Rng): number {
  if (s === 0) return Math.max(0, mu);
  const muPos = Math.max(0, mu);
  const z0 = -mu / s;
  const a = Math.max(0, z0);
  const wA = muPos * s * (1 - normalCdf(z0));
  const wB = s * s * phi(a);
  for (;;) {
    let z: number;
    if (rng.next() * (wA + wB) < wA) {
      do z = standardNormal(rng); while (z < z0);
    } else {
      z = Math.sqrt(a * a - 2 * Math.log(1 - rng.next()));
    }
    const x = mu + s * z;
    if (rng.next() * (muPos + s * Math.max(0, z)) < x) return x;
  }
}

/**
 * A draw of the residual life of `d` — the time left, at a random instant, of the interval that
 * covers it — of density (1 − F(t)) / E[X]: U·L with L length-biased (above) and U uniform(0,1).
 * An exponential is memoryless: its residual is itself.
 */
export function sampleResidual(d: Dist, rng: Rng): number {
  if (d.dist === 'exponential') return sample(d, rng);
  const length = sampleLengthBiased(d, rng);
  return rng.next() * length;
}

/** The mean residual life of `d`, E[X²] / (2·E[X]) (0 for a distribution of mean 0). */
export function residualMean(d: Dist): number {
  const m = distMean(d);
  return m > 0 ? (distVariance(d) + m * m) / (2 * m) : 0;
}
