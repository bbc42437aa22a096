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

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1 (P. J. Acklam's rational approximation,
 * relative error below 1.2e-9 — far below what a tolerance needs).
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p = ${p} is not in (0, 1)`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * The number of standard errors that a correct estimate exceeds (either way, `sides` = 2, or
 * one way, `sides` = 1) with probability `falseFailure` under normality: Φ⁻¹(1 − α/sides).
 * E.g. zFor(1e-6) ≈ 4.89.
 */
export function zFor(falseFailure: number, sides: 1 | 2 = 2): number {
  return normalQuantile(1 - falseFailure / sides);
}

const logFactorials: number[] = [0];

/** ln C(n, k), from a table of ln i! (sums of logs, absolute error ~1e-11 for n ≤ 10⁵). */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1] + Math.log(i));
  return logFactorials[n] - logFactorials[k] - logFactorials[n - k];
}

/** P(Bin(n, p) = k). */
export function binomialPmf(n: number, k: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(Bin(n, p) ≤ k), summed term by term (exact up to rounding; n up to ~10⁵). */
export function binomialCdf(n: number, k: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let s = 0;
  for (let i = 0; i <= k; i++) s += binomialPmf(n, i, p);
  return Math.min(1, s);
}

/**
 * The smallest count c with P(Bin(n, p) > c) ≤ α: a one-sided bound on how many of n trials
 * can show an event of probability p before the event must be called more frequent than p.
 */
export function binomialUpperQuantile(n: number, p: number, alpha: number): number {
  let cdf = 0;
  for (let c = 0; c <= n; c++) {
    cdf += binomialPmf(n, c, p);
    if (1 - cdf <= alpha) return c;
  }
  return n;
}

/**
 * Ranks (1-based) of a distribution-free confidence interval for the q-quantile ξ_q from n
 * draws: with X₍ⱼ₎ ≤ … the sorted sample, P(X₍ⱼ₎ ≤ ξ_q < X₍ₖ₎) ≥ P(j ≤ Bin(n, q) < k) ≥ 1 − α
 * (the number of draws below ξ_q is Bin(n, q)). j is the largest rank with P(Bin(n, q) < j) ≤ α/2,
 * k the smallest with P(Bin(n, q) ≥ k) ≤ α/2. Throws when n is too small for that confidence.
 */
export function quantileCiRanks(n: number, q: number, alpha: number): [number, number] {
  let j = 0;
  let cdf = 0; // P(Bin ≤ j − 1) after the loop's step for j
  while (j < n && cdf + binomialPmf(n, j, q) <= alpha / 2) cdf += binomialPmf(n, j++, q);
  let k = n + 1;
  let tail = 0; // P(Bin ≥ k)
  while (k > 1 && tail + binomialPmf(n, k - 1, q) <= alpha / 2) tail += binomialPmf(n, --k, q);
  if (j < 1 || k > n) throw new Error(`quantileCiRanks: ${n} draws cannot bound the ${q} quantile at confidence 1 − ${alpha}`);
  return [j, k];
}

/** The confidence interval [X₍ⱼ₎, X₍ₖ₎] of `quantileCiRanks` for the q-quantile of the sample's distribution. */
export function quantileCi(xs: readonly number[], q: number, alpha: number): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const [j, k] = quantileCiRanks(s.length, q, alpha);
  return [s[j - 1], s[k - 1]];
}

/**
 * Levels [q_lo, q_hi] of the quantiles of a distribution between which the median of another
 * `n` draws from it falls with probability ≥ 1 − α: the median (rank ⌈n/2⌉) lies below ξ_q only
 * if at least ⌈n/2⌉ draws do, P(Bin(n, q) ≥ ⌈n/2⌉); q_lo is the largest q (to 1e-9) where that is
 * ≤ α/2, and q_hi mirrors it. Used to widen an interval for a published median by its own
 * sampling error.
 */
export function medianLevels(n: number, alpha: number): [number, number] {
  const m = Math.ceil(n / 2);
  const atLeast = (q: number) => 1 - binomialCdf(n, m - 1, q);
  let lo = 0;
  let hi = 0.5;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (atLeast(mid) <= alpha / 2) lo = mid;
    else hi = mid;
  }
  const qLo = lo;
  // Above ξ_q: at least n − m + 1 draws above it, P(Bin(n, 1 − q) ≥ n − m + 1).
  const above = (q: number) => 1 - binomialCdf(n, n - m, 1 - q);
  lo = 0.5;
  hi = 1;
  while (hi - lo > 1e-9) {
    const mid = (lo + hi) / 2;
    if (above(mid) <= alpha / 2) hi = mid;
    else lo = mid;
  }
  return [qLo, hi];
}

/**
 * The smallest count c with P(Poisson(Λ) > c) ≤ α: how many rare events a correct model can show
 * when it expects Λ of them.
 */
export function poissonUpperQuantile(expected: number, alpha: number): number {
  let term = Math.exp(-expected);
  let cdf = term;
  let c = 0;
  while (1 - cdf > alpha) {
    c++;
    term *= expected / c;
    cdf += term;
  }
  return c;
}

/** The largest count c with P(Poisson(Λ) < c) ≤ α (0 when even P(0) > α): the fewest rare events a correct model can show. */
export function poissonLowerQuantile(expected: number, alpha: number): number {
  let term = Math.exp(-expected);
  let cdf = 0; // P(Poisson < c)
  let c = 0;
  while (cdf + term <= alpha) {
    cdf += term;
    c++;
    term *= expected / c;
  }
  return c;
}
