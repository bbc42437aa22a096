// Samplers against their own moment formulas: for each distribution, the sample mean and the
// sample variance of N draws must agree with distMean / distVariance within 4.5 standard errors,
// the standard error of the variance coming from the fourth central moment (test/helpers/stats.ts).
import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/kernel/rng.js';
import {
  distMean, distVariance, gamma, normalCdf, residualMean, sample, sampleGamma, sampleLengthBiased, sampleResidual, sampleTime, type Dist,
} from '../../src/kernel/dist.js';
import { centralMoment, expectWithin, mean, meanTolerance, standardError, variance, varianceTolerance, Z } from '../helpers/stats.js';

const N = 200_000;
const SEEDS = [1, 2, 3];

/** Fourth central moment from the first four raw moments. */
function central4([r1, r2, r3, r4]: number[]): number {
  return r4 - 4 * r1 * r3 + 6 * r1 * r1 * r2 - 3 * r1 ** 4;
}

/**
 * Fourth central moment of N(mean, sd²) truncated to [0, ∞). For Z standard normal truncated to
 * [α, ∞) with λ = φ(α)/(1 − Φ(α)): E[Z] = λ and E[Z^k] = (k − 1)·E[Z^(k−2)] + α^(k−1)·λ
 * (integration by parts); X = mean + sd·Z, so μ4(X) = sd⁴·μ4(Z).
 */
function truncatedNormalMu4(m: number, sd: number): number {
  const alpha = -m / sd;
  const lambda = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI) / (1 - normalCdf(alpha));
  const raw = [1, lambda];
  for (let k = 2; k <= 4; k++) raw.push((k - 1) * raw[k - 2] + alpha ** (k - 1) * lambda);
  return sd ** 4 * central4(raw.slice(1));
}

/** Exact fourth central moment of each distribution, for the tolerance of the variance check. */
function mu4(d: Dist): number {
  switch (d.dist) {
    case 'fixed':
      return 0;
    case 'uniform':
      return (d.max - d.min) ** 4 / 80;
    case 'exponential':
      return 9 * d.mean ** 4;
    case 'weibull':
      // E[X^j] = scale^j · Γ(1 + j/shape)
      return central4([1, 2, 3, 4].map((j) => d.scale ** j * gamma(1 + j / d.shape)));
    case 'lognormal':
      // E[X^j] = median^j · exp(j²σ²/2)
      return central4([1, 2, 3, 4].map((j) => d.median ** j * Math.exp((j * j * d.sigma * d.sigma) / 2)));
    case 'normal':
      return truncatedNormalMu4(d.mean, d.stddev);
  }
}

function draws(d: Dist, seed: number, n = N): Float64Array {
  const rng = new Streams(seed).stream('test/dist');
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sample(d, rng);
  return xs;
}

// Values are microseconds, at the scales scenarios use.
const CASES: Array<[string, Dist]> = [
  ['uniform 1s..3s', { dist: 'uniform', min: 1e6, max: 3e6 }],
  ['exponential mean 4000h', { dist: 'exponential', mean: 4000 * 3.6e9 }],
  ['weibull shape 0.7 (infant mortality)', { dist: 'weibull', shape: 0.7, scale: 2e6 }],
  ['weibull shape 2 (wear-out)', { dist: 'weibull', shape: 2, scale: 2e6 }],
  ['lognormal median 2ms sigma 0.5', { dist: 'lognormal', median: 2000, sigma: 0.5 }],
  ['lognormal median 2h sigma 1', { dist: 'lognormal', median: 7.2e9, sigma: 1 }],
  ['normal 5s ± 1s (truncation negligible)', { dist: 'normal', mean: 5e6, stddev: 1e6 }],
  ['normal 0.2s ± 1s (truncated at 0, mean close to 0)', { dist: 'normal', mean: 2e5, stddev: 1e6 }],
  ['normal −0.5s ± 1s (mostly truncated)', { dist: 'normal', mean: -5e5, stddev: 1e6 }],
];

describe('sample() agrees with distMean / distVariance', () => {
  for (const [name, d] of CASES) {
    for (const seed of SEEDS) {
      it(`${name}, seed ${seed}`, () => {
        const xs = draws(d, seed);
        const m = distMean(d);
        const v = distVariance(d);
        expectWithin(mean(xs), m, meanTolerance(v, N), { seed, what: `mean of ${name}`, n: N });
        expectWithin(variance(xs), v, varianceTolerance(v, mu4(d), N), { seed, what: `variance of ${name}`, n: N });
        expect(xs.every((x) => x >= 0)).toBe(true);
      });
    }
  }

  it('fixed: every draw is the value, mean is the value, variance 0', () => {
    const d: Dist = { dist: 'fixed', value: 1234.5 };
    const xs = draws(d, 1, 1000);
    expect(xs.every((x) => x === 1234.5)).toBe(true);
    expect(distMean(d)).toBe(1234.5);
    expect(distVariance(d)).toBe(0);
  });

  it('normal with stddev 0 is its mean clamped at 0', () => {
    const rng = new Streams(1).stream('x');
    expect(sample({ dist: 'normal', mean: 7, stddev: 0 }, rng)).toBe(7);
    expect(sample({ dist: 'normal', mean: -7, stddev: 0 }, rng)).toBe(0);
    expect(distMean({ dist: 'normal', mean: -7, stddev: 0 })).toBe(0);
    expect(distVariance({ dist: 'normal', mean: 7, stddev: 0 })).toBe(0);
  });

  it('the truncated normal formulas match known half-normal values (mean 0: σ√(2/π), variance σ²(1 − 2/π))', () => {
    const d: Dist = { dist: 'normal', mean: 0, stddev: 1 };
    expect(distMean(d)).toBeCloseTo(Math.sqrt(2 / Math.PI), 6);
    expect(distVariance(d)).toBeCloseTo(1 - 2 / Math.PI, 6);
  });

  it('the check has power: a 3% bias in the mean of an exponential is caught at this N', () => {
    const d: Dist = { dist: 'exponential', mean: 1000 };
    const biased = draws(d, 1).map((x) => x * 1.03);
    expect(() => expectWithin(mean(biased), distMean(d), meanTolerance(distVariance(d), N), { seed: 1, what: 'biased mean' }))
      .toThrow(/seed 1/);
  });
});

describe('sampleTime', () => {
  it('returns whole, non-negative microseconds from the same draws as sample()', () => {
    const d: Dist = { dist: 'normal', mean: 10.4, stddev: 20 };
    const a = new Streams(5).stream('t');
    const b = new Streams(5).stream('t');
    for (let i = 0; i < 1000; i++) {
      const t = sampleTime(d, a);
      const x = sample(d, b);
      expect(Number.isInteger(t) && t >= 0).toBe(true);
      expect(t).toBe(Math.max(0, Math.round(x)));
    }
  });
});

describe('gamma (Lanczos) against known values', () => {
  const known: Array<[number, number]> = [
    [1, 1],
    [2, 1],
    [5, 24],
    [10, 362880],
    [0.5, Math.sqrt(Math.PI)],
    [1.5, Math.sqrt(Math.PI) / 2],
    [2.5, 1.329340388179137],
    [0.1, 9.513507698668732],
    [1 + 1 / 0.7, 1.2658235060572833],
    [1 + 2 / 0.7, 5.0291447021403055],
    [-0.5, -2 * Math.sqrt(Math.PI)],
  ];
  for (const [x, g] of known) {
    it(`Γ(${x}) = ${g}`, () => {
      expect(Math.abs(gamma(x) - g) / Math.abs(g)).toBeLessThan(1e-12);
    });
  }
});

describe('normalCdf against known values (A&S 7.1.26, |error| < 1.5e-7)', () => {
  const known: Array<[number, number]> = [
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-1.96, 0.024997895148220435],
    [2.5, 0.9937903346742238],
    [3, 0.9986501019683699],
    [-3, 0.0013498980316301035],
    [6, 0.9999999990134123],
  ];
  for (const [x, p] of known) {
    it(`Φ(${x}) = ${p}`, () => {
      expect(Math.abs(normalCdf(x) - p)).toBeLessThan(1.5e-7);
    });
  }
  it('is symmetric: Φ(−x) = 1 − Φ(x)', () => {
    for (let x = 0; x <= 5; x += 0.25) expect(Math.abs(normalCdf(-x) + normalCdf(x) - 1)).toBeLessThan(3e-7);
  });
});

describe('the statistical helpers themselves (test/helpers/stats.ts)', () => {
  it('compute mean, unbiased variance, central moments and standard error', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(variance(xs)).toBeCloseTo(32 / 7, 12);
    expect(centralMoment(xs, 2)).toBe(4);
    expect(centralMoment(xs, 4)).toBeCloseTo((81 + 1 + 1 + 1 + 0 + 0 + 16 + 256) / 8, 12); // deviations −3 −1 −1 −1 0 0 2 4
    expect(standardError(xs)).toBeCloseTo(Math.sqrt(32 / 7 / 8), 12);
  });

  it('derive tolerances from N: z·σ/√n for a mean, z·√((μ4 − σ⁴(n−3)/(n−1))/n) for a variance', () => {
    expect(Z).toBe(4.5);
    expect(meanTolerance(4, 100)).toBeCloseTo(4.5 * 0.2, 12);
    // Normal: μ4 = 3σ⁴, so Var(s²) = 2σ⁴/(n−1).
    expect(varianceTolerance(1, 3, 1001)).toBeCloseTo(4.5 * Math.sqrt(2 / 1000), 12);
  });

  it('expectWithin passes inside the tolerance and otherwise names the seed and the miss', () => {
    expect(() => expectWithin(1.05, 1, 0.1, { seed: 7, what: 'x' })).not.toThrow();
    expect(() => expectWithin(1.2, 1, 0.1, { seed: 7, what: 'mean of x', n: 50 })).toThrow(
      /^mean of x: observed 1.2, expected 1 ± 0.1; off by 0.19\d+ \(2.00× the tolerance\) — seed 7, n=50$/,
    );
    expect(() => expectWithin(Number.NaN, 1, 0.1, { seed: 'abc', what: 'y' })).toThrow(/seed abc/);
  });
});

/** E[X^j] of N(m, sd²) truncated to [0, ∞): X = m + sd·Z, raw moments of Z by the recursion above, binomially. */
function truncatedNormalRaw(m: number, sd: number, j: number): number {
  const alpha = -m / sd;
  const lambda = Math.exp(-0.5 * alpha * alpha) / Math.sqrt(2 * Math.PI) / (1 - normalCdf(alpha));
  const z = [1, lambda];
  for (let k = 2; k <= j; k++) z.push((k - 1) * z[k - 2] + alpha ** (k - 1) * lambda);
  let sum = 0;
  for (let i = 0, c = 1; i <= j; c = (c * (j - i)) / (i + 1), i++) sum += c * m ** (j - i) * sd ** i * z[i];
  return sum;
}

/** Exact raw moment E[X^j] of each distribution. */
function raw(d: Dist, j: number): number {
  switch (d.dist) {
    case 'fixed':
      return d.value ** j;
    case 'uniform':
      return (d.max ** (j + 1) - d.min ** (j + 1)) / ((j + 1) * (d.max - d.min));
    case 'exponential':
      return gamma(j + 1) * d.mean ** j;
    case 'weibull':
      return d.scale ** j * gamma(1 + j / d.shape);
    case 'lognormal':
      return d.median ** j * Math.exp((j * j * d.sigma * d.sigma) / 2);
    case 'normal':
      return truncatedNormalRaw(d.mean, d.stddev, j);
  }
}

const M = 100_000;

/**
 * Gamma(shape, 1) has mean and variance `shape` and fourth central moment 3·shape² + 6·shape; the
 * shapes below 1 go through Marsaglia–Tsang's boost, those above through the squeeze.
 */
describe('sampleGamma (Marsaglia–Tsang) agrees with Gamma(shape, 1)', () => {
  for (const shape of [0.3, 0.7, 1, 1 + 1 / 0.7, 2, 9.5]) {
    it(`shape ${shape}, seed 11`, () => {
      const seed = 11;
      const rng = new Streams(seed).stream('test/gamma');
      const xs = Float64Array.from({ length: M }, () => sampleGamma(shape, rng));
      expect(xs.every((x) => x >= 0 && Number.isFinite(x)), `seed ${seed}`).toBe(true);
      expectWithin(mean(xs), shape, meanTolerance(shape, M), { seed, what: `mean of Gamma(${shape})`, n: M });
      expectWithin(variance(xs), shape, varianceTolerance(shape, 3 * shape * shape + 6 * shape, M), { seed, what: `variance of Gamma(${shape})`, n: M });
    });
  }

  it('rejects a shape that is not positive', () => {
    expect(() => sampleGamma(0, new Streams(1).stream('g'))).toThrow(/gamma shape must be positive, got 0/);
  });
});

/**
 * The length-biased X has E[L^j] = E[X^(j+1)] / E[X]; the residual life R = U·L has
 * E[R^j] = E[X^(j+1)] / ((j+1)·E[X]), so E[R] = E[X²] / (2E[X]) (residualMean) and
 * Var R = E[X³] / (3E[X]) − E[R]². Each check is within Z standard errors of M draws.
 */
describe('sampleLengthBiased and sampleResidual agree with their moments', () => {
  const cases: Array<[string, Dist]> = [...CASES, ['fixed 5s', { dist: 'fixed', value: 5e6 }], ['uniform 0..1h', { dist: 'uniform', min: 0, max: 3.6e9 }]];
  for (const [name, d] of cases) {
    it(`${name}, seed 12`, () => {
      const seed = 12;
      const ex = raw(d, 1);
      const rng = new Streams(seed).stream('test/residual');
      const ls = Float64Array.from({ length: M }, () => sampleLengthBiased(d, rng));
      const rs = Float64Array.from({ length: M }, () => sampleResidual(d, rng));
      const lMean = raw(d, 2) / ex;
      const lVar = raw(d, 3) / ex - lMean * lMean;
      const rMean = raw(d, 2) / (2 * ex);
      const rVar = raw(d, 3) / (3 * ex) - rMean * rMean;
      expect(residualMean(d) / rMean, `residualMean of ${name}`).toBeCloseTo(1, 6);
      expectWithin(mean(ls), lMean, meanTolerance(lVar, M) + 1e-9 * lMean, { seed, what: `mean of length-biased ${name}`, n: M });
      expectWithin(mean(rs), rMean, meanTolerance(rVar, M) + 1e-9 * rMean, { seed, what: `mean residual of ${name}`, n: M });
      // The second moment of the residual, E[R²] = E[X³]/(3E[X]), through its sample variance (μ4 from E[X⁵]).
      const r4 = [1, 2, 3, 4].map((j) => raw(d, j + 1) / ((j + 1) * ex));
      expectWithin(variance(rs), rVar, varianceTolerance(rVar, central4(r4), M) + 1e-9 * rMean * rMean, { seed, what: `variance of the residual of ${name}`, n: M });
      expect(rs.every((x) => x >= 0) && ls.every((x) => x >= 0), `seed ${seed}`).toBe(true);
    });
  }

  it('the residual of uniform 0..c has the CDF 2t/c − (t/c)² (Kolmogorov–Smirnov at 1.63/√n, α = 1%)', () => {
    const seed = 13;
    const c = 3.6e9;
    const rng = new Streams(seed).stream('test/residual');
    const rs = Float64Array.from({ length: M }, () => sampleResidual({ dist: 'uniform', min: 0, max: c }, rng)).sort();
    let ks = 0;
    rs.forEach((x, i) => {
      const f = (2 * x) / c - (x / c) ** 2;
      ks = Math.max(ks, Math.abs(f - i / M), Math.abs(f - (i + 1) / M));
    });
    expect(ks, `KS distance, seed ${seed}, n=${M}`).toBeLessThan(1.63 / Math.sqrt(M));
  });

  it('the residual of fixed c is uniform on 0..c; of an exponential, the exponential itself', () => {
    const seed = 14;
    const rng = new Streams(seed).stream('test/residual');
    const rs = Float64Array.from({ length: M }, () => sampleResidual({ dist: 'fixed', value: 10 }, rng));
    expect(rs.every((x) => x >= 0 && x < 10), `seed ${seed}`).toBe(true);
    expectWithin(mean(rs), 5, meanTolerance(100 / 12, M), { seed, what: 'mean residual of fixed 10', n: M });
    const a = new Streams(seed).stream('e');
    const b = new Streams(seed).stream('e');
    for (let i = 0; i < 100; i++) expect(sampleResidual({ dist: 'exponential', mean: 7 }, a)).toBe(sample({ dist: 'exponential', mean: 7 }, b));
  });

  it('the check has power: the residual mean of weibull shape 0.7 is far from its plain mean', () => {
    const d: Dist = { dist: 'weibull', shape: 0.7, scale: 1 };
    // E[X] = Γ(1 + 1/0.7) ≈ 1.27; E[X²]/(2E[X]) = Γ(1 + 2/0.7)/(2Γ(1 + 1/0.7)) ≈ 1.99.
    expect(distMean(d)).toBeCloseTo(1.266, 2);
    expect(residualMean(d)).toBeCloseTo(1.986, 2);
  });
});
