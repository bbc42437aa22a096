/** Small statistics helpers for the Monte Carlo tests (tolerances derived from sample sizes). */

/** Mean of a non-empty list. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The `q` quantile (nearest rank) of a non-empty list. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Kolmogorov–Smirnov statistic of a sample against a continuous CDF. */
export function ksStatistic(xs: readonly number[], cdf: (x: number) => number): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  return d;
}

/**
 * Kolmogorov–Smirnov critical value for n draws at significance α: the asymptotic Kolmogorov
 * distribution gives P(√n·D > c) ≈ 2·e^{−2c²} (the first term of its series, exact to far
 * below α for α ≤ 0.05), so c = √(−ln(α/2) / 2); e.g. 1.949/√n at α = 0.001, 2.69/√n at 1e-6.
 * The asymptotic value is within 1 % of the exact one for n ≥ 100.
 */
export function ksCritical(n: number, alpha = 1e-3): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) / Math.sqrt(n);
}

/** n choose k. */
export function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
