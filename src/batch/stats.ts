/**
 * Statistics over independent replications (one value per seed): mean with a 95 % confidence
 * interval from Student's t distribution with n − 1 degrees of freedom, and quantiles (d3-array's
 * R-7 linear interpolation, the default of R and NumPy). Values are rounded to 6 decimals so that
 * the JSON is stable.
 */
import { max, mean, quantileSorted } from 'd3-array';
import { round6 } from '../metrics/summary.js';

/** t_{0.975, ν} for ν = 1 … 30 (standard tables; e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
const Z975 = 1.959963984540054;

/**
 * The 97.5 % quantile of Student's t with ν degrees of freedom: the table up to 30, beyond it the
 * Cornish–Fisher expansion in 1/ν (Abramowitz & Stegun 26.7.5), exact to better than 1e-4 there.
 */
export function t975(df: number): number {
  if (df < 1) return Number.NaN;
  if (df <= 30) return T975[df - 1];
  const z = Z975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3;
}

/** Sample standard deviation (n − 1). */
export function stdev(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs as number[])!;
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Mean and 95 % t interval; the interval is null with fewer than 2 values. `bounds` clips the
 * interval to the values the quantity can take (an availability is in [0, 1]: with few seeds and a
 * mean near 1 the symmetric t interval would otherwise claim more than 100 %).
 */
export function meanCi(xs: readonly number[], bounds?: [number, number]): { mean: number; ci95: [number, number] | null } {
  const m = xs.length > 0 ? mean(xs as number[])! : Number.NaN;
  if (xs.length < 2) return { mean: round6(m), ci95: null };
  const h = (t975(xs.length - 1) * stdev(xs)) / Math.sqrt(xs.length);
  const [lo, hi] = bounds ?? [-Infinity, Infinity];
  return { mean: round6(m), ci95: [round6(Math.max(lo, m - h)), round6(Math.min(hi, m + h))] };
}

/** Welch's 95 % interval of mean(b) − mean(a) for two independent samples (the unpaired comparison). */
export function welchCi(a: readonly number[], b: readonly number[]): [number, number] | null {
  if (a.length < 2 || b.length < 2) return null;
  const va = stdev(a) ** 2 / a.length;
  const vb = stdev(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const df = se === 0 ? a.length + b.length - 2 : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const d = mean(b as number[])! - mean(a as number[])!;
  const h = t975(Math.max(1, Math.floor(df))) * se;
  return [round6(d - h), round6(d + h)];
}

/** Quantile p of values already sorted ascending (null when empty). */
export function q(sorted: readonly number[], p: number): number | null {
  return sorted.length > 0 ? round6(quantileSorted(sorted as number[], p)!) : null;
}

/** Sorted copy. */
export function sorted(xs: readonly number[]): number[] {
  return Array.from(Float64Array.from(xs).sort());
}

/** The `downtimeS`-style distribution: mean and upper quantiles. */
export function tail(xs: readonly number[]): { mean: number | null; p50: number | null; p90: number | null; p99: number | null; max: number | null } {
  const s = sorted(xs);
  return { mean: s.length > 0 ? round6(mean(s)!) : null, p50: q(s, 0.5), p90: q(s, 0.9), p99: q(s, 0.99), max: s.length > 0 ? round6(max(s)!) : null };
}

/** An availability distribution: mean with its interval (within [0, 1]), and lower quantiles (the bad seeds). */
export function availabilityStats(xs: readonly number[]): { mean: number; ci95: [number, number] | null; p5: number | null; p50: number | null } {
  const s = sorted(xs);
  return { ...meanCi(xs, [0, 1]), p5: q(s, 0.05), p50: q(s, 0.5) };
}
