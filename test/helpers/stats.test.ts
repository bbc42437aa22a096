/**
 * The order-statistic and binomial helpers of `stats.ts`, checked against brute-force sums:
 * a binomial probability by exact multiplication of C(n, k) pᵏ (1−p)ⁿ⁻ᵏ, a confidence interval's
 * coverage by summing the binomial between its ranks, its tightness by moving either rank inward.
 */
import { describe, expect, it } from 'vitest';
import {
  binomialCdf, binomialPmf, binomialUpperQuantile, medianLevels, normalQuantile, poissonLowerQuantile, poissonUpperQuantile, quantileCi, quantileCiRanks, zFor,
} from './stats.js';
import { compoundPoissonTail } from '../e2e/markov.js';

/** C(n, k) pᵏ (1−p)ⁿ⁻ᵏ by plain multiplication (small n only). */
function bruteBinomial(n: number, k: number, p: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c * p ** k * (1 - p) ** (n - k);
}

/** P(lo ≤ Bin(n, p) ≤ hi) by brute force. */
function bruteBetween(n: number, lo: number, hi: number, p: number): number {
  let s = 0;
  for (let i = Math.max(0, lo); i <= Math.min(n, hi); i++) s += bruteBinomial(n, i, p);
  return s;
}

describe('normal quantiles', () => {
  it('match published values of Φ⁻¹', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(1e-3)).toBeCloseTo(-3.090232306, 7);
    expect(normalQuantile(1 - 5e-7)).toBeCloseTo(4.891638475, 6);
    expect(zFor(1e-6)).toBeCloseTo(4.891638475, 6);
    expect(zFor(1e-6, 1)).toBeCloseTo(4.753424309, 6);
    expect(() => normalQuantile(1)).toThrow();
  });
});

describe('binomial probabilities', () => {
  it('pmf and cdf agree with brute force', () => {
    for (const [n, p] of [[10, 0.5], [37, 0.1], [60, 0.93]] as const) {
      for (let k = 0; k <= n; k++) {
        expect(binomialPmf(n, k, p)).toBeCloseTo(bruteBinomial(n, k, p), 12);
        expect(binomialCdf(n, k, p)).toBeCloseTo(bruteBetween(n, 0, k, p), 12);
      }
    }
  });

  it('the upper quantile is the smallest count whose tail is ≤ α', () => {
    for (const [n, p, a] of [[50, 0.01, 1e-6], [200, 0.1, 1e-3], [40, 0.5, 0.05]] as const) {
      const c = binomialUpperQuantile(n, p, a);
      expect(bruteBetween(n, c + 1, n, p)).toBeLessThanOrEqual(a);
      expect(bruteBetween(n, c, n, p)).toBeGreaterThan(a);
    }
  });

  it('the Poisson upper quantile is the smallest count whose tail is ≤ α', () => {
    for (const [m, a] of [[3.8, 1e-6], [0.5, 1e-3], [40, 1e-6]] as const) {
      const c = poissonUpperQuantile(m, a);
      let cdf = 0;
      let term = Math.exp(-m);
      for (let i = 0; i <= c; i++) {
        if (i === c) expect(1 - cdf).toBeGreaterThan(a);
        cdf += term;
        term *= m / (i + 1);
      }
      expect(1 - cdf).toBeLessThanOrEqual(a);
    }
  });

  it('the Poisson lower quantile is the largest count whose lower tail is ≤ α', () => {
    for (const [m, a] of [[67, 5e-7], [0.07, 5e-7], [12, 1e-3]] as const) {
      const c = poissonLowerQuantile(m, a);
      const below = (k: number) => { // P(Poisson < k) by brute force
        let s = 0;
        let t = Math.exp(-m);
        for (let i = 0; i < k; i++) { s += t; t *= m / (i + 1); }
        return s;
      };
      expect(below(c)).toBeLessThanOrEqual(a);
      expect(below(c + 1)).toBeGreaterThan(a);
    }
  });
});

describe('distribution-free quantile confidence intervals', () => {
  it('cover with probability ≥ 1 − α, and either rank moved inward covers less', () => {
    for (const [n, q, a] of [[20, 0.5, 0.05], [51, 0.5, 1e-3], [60, 0.5, 1e-6], [80, 0.9, 1e-3], [45, 0.25, 0.01]] as const) {
      const [j, k] = quantileCiRanks(n, q, a);
      expect(1 <= j && j < k && k <= n, `n=${n} q=${q}: ranks ${j}, ${k}`).toBe(true);
      // P(j ≤ Bin < k): the number of draws below ξ_q is between the two ranks.
      expect(bruteBetween(n, j, k - 1, q)).toBeGreaterThanOrEqual(1 - a);
      // Each tail is within α/2, and one rank more inward would break it.
      expect(bruteBetween(n, 0, j - 1, q)).toBeLessThanOrEqual(a / 2);
      expect(bruteBetween(n, 0, j, q)).toBeGreaterThan(a / 2);
      expect(bruteBetween(n, k, n, q)).toBeLessThanOrEqual(a / 2);
      expect(bruteBetween(n, k - 1, n, q)).toBeGreaterThan(a / 2);
    }
  });

  it('refuse a sample too small for the confidence asked', () => {
    expect(() => quantileCiRanks(10, 0.5, 1e-6)).toThrow();
  });

  it('pick the sorted values at the ranks', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i); // 20 … 1
    const [j, k] = quantileCiRanks(20, 0.5, 0.05);
    expect(quantileCi(xs, 0.5, 0.05)).toEqual([j, k]);
  });

  it('median levels: another sample\'s median falls between them with probability 1 − α', () => {
    for (const [n, a] of [[101, 1e-3], [1000, 1e-6]] as const) {
      const [lo, hi] = medianLevels(n, a);
      const m = Math.ceil(n / 2);
      expect(lo).toBeLessThan(0.5);
      expect(hi).toBeGreaterThan(0.5);
      // P(median < ξ_lo) = P(Bin(n, lo) ≥ m) and P(median > ξ_hi) = P(Bin(n, 1 − hi) ≥ n − m + 1), each α/2.
      expect(1 - binomialCdf(n, m - 1, lo)).toBeCloseTo(a / 2, 7);
      expect(1 - binomialCdf(n, n - m, 1 - hi)).toBeCloseTo(a / 2, 7);
    }
    // Normal approximation as a sanity check: 0.5 ± z/(2√n).
    const [lo, hi] = medianLevels(1000, 1e-6);
    expect(lo).toBeCloseTo(0.5 - zFor(1e-6) / (2 * Math.sqrt(1000)), 2);
    expect(hi).toBeCloseTo(0.5 + zFor(1e-6) / (2 * Math.sqrt(1000)), 2);
  });
});

describe('compound Poisson tail (test/e2e/markov.ts)', () => {
  it('sums Poisson-weighted gamma tails, each mark shifted', () => {
    const [lam, m, d] = [0.3, 2, 0.5];
    // Direct sum over j = 1…30: Pois(j) · P(Gamma(j, m) > s − jδ), the gamma tail by its series.
    const direct = (s: number) => {
      let t = 0;
      for (let j = 1; j <= 30; j++) {
        const y = (s - j * d) / m;
        let g = 0;
        let fact = 1;
        for (let i = 0; i < j; i++) { if (i > 0) fact *= i; g += y > 0 ? Math.exp(-y) * y ** i / fact : 0; }
        fact = 1;
        for (let i = 1; i <= j; i++) fact *= i;
        t += Math.exp(-lam) * lam ** j / fact * (y > 0 ? g : 1);
      }
      return t;
    };
    for (const s of [0.2, 1, 3, 10]) expect(compoundPoissonTail(lam, m, s, d)).toBeCloseTo(direct(s), 12);
    // Below one shift every nonempty sum exceeds s: the tail is P(N ≥ 1).
    expect(compoundPoissonTail(lam, m, 0.4, d)).toBeCloseTo(1 - Math.exp(-lam), 14);
    // A shift only makes the tail heavier.
    expect(compoundPoissonTail(lam, m, 5, d)).toBeGreaterThan(compoundPoissonTail(lam, m, 5, 0));
  });
});
