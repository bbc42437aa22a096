/**
 * Small helpers for statistical assertions in tests. A statistical check compares an estimate
 * from N draws with its exact value, allowing `Z` standard errors either way; the standard error
 * comes from N and the distribution's moments, never from a hand-tuned constant. Every failure
 * names the seed, so the failing run can be replayed.
 *
 *   const xs = draw(n, seed);
 *   expectWithin(mean(xs), mu, meanTolerance(sigma2, n), { seed, what: 'mean of exponential(1s)' });
 *   expectWithin(variance(xs), sigma2, varianceTolerance(sigma2, mu4, n), { seed, what: '…' });
 */

/**
 * Standard errors allowed either side of the expected value. Under normality a miss beyond
 * 4.5 SE has probability 7e-6, so a correct sampler passes for practically every seed (changing
 * a seed does not start failures by chance), while a bias of a few percent still shows at the
 * sample sizes tests use.
 */
export const Z = 4.5;

/** The arithmetic mean of a non-empty sample. */
export function mean(xs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
}

/** The unbiased sample variance (divisor n − 1), about `m` (the sample mean by default). */
export function variance(xs: ArrayLike<number>, m: number = mean(xs)): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i] - m) ** 2;
  return sum / (xs.length - 1);
}

/** The k-th sample central moment (divisor n), e.g. k = 4 to estimate μ4 when it has no closed form. */
export function centralMoment(xs: ArrayLike<number>, k: number, m: number = mean(xs)): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i] - m) ** k;
  return sum / xs.length;
}

/** The standard error of the sample mean, estimated from the sample itself: s / √n. */
export function standardError(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs) / xs.length);
}

/** Two-sided tolerance for the mean of `n` draws of a distribution of variance `sigma2`: z·σ/√n. */
export function meanTolerance(sigma2: number, n: number, z = Z): number {
  return z * Math.sqrt(sigma2 / n);
}

/**
 * Two-sided tolerance for the unbiased sample variance of `n` draws, from the exact variance of
 * that estimator, Var(s²) = (μ4 − σ⁴·(n − 3)/(n − 1)) / n, where μ4 is the fourth central moment.
 */
export function varianceTolerance(sigma2: number, mu4: number, n: number, z = Z): number {
  return z * Math.sqrt(Math.max(0, mu4 - (sigma2 * sigma2 * (n - 3)) / (n - 1)) / n);
}

/** What a statistical check is about, for its failure message; `seed` replays the failure. */
export interface StatContext {
  seed: number | string;
  /** What was estimated, e.g. `variance of weibull(shape=0.7)`. */
  what: string;
  /** Sample size, when it helps to read the message. */
  n?: number;
}

/** Fails unless |observed − expected| ≤ tolerance; the message names the seed, the gap and the gap in tolerances. */
export function expectWithin(observed: number, expected: number, tolerance: number, context: StatContext): void {
  const gap = observed - expected;
  if (Math.abs(gap) <= tolerance) return;
  const n = context.n === undefined ? '' : `, n=${context.n}`;
  const ratio = tolerance > 0 ? ` (${(Math.abs(gap) / tolerance).toFixed(2)}× the tolerance)` : '';
  throw new Error(
    `${context.what}: observed ${observed}, expected ${expected} ± ${tolerance}; off by ${gap}${ratio} — seed ${context.seed}${n}`,
  );
}
