/**
 * Reference arithmetic for the availability test: k-of-n availability of independent repairable
 * components (ground-truth.md §2) and the moments of its up and down periods, from the
 * birth–death chain of the number of components down (each fails at rate λ while up and is
 * repaired at rate μ while down, independently).
 */

/** P(at least k of n up) with each up with probability a: Σ_{j≥k} C(n,j) aʲ (1−a)ⁿ⁻ʲ. */
export function atLeast(n: number, k: number, a: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) sum += binom(n, j) * a ** j * (1 - a) ** (n - j);
  return sum;
}

function binom(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/** Solves A x = b (small dense systems, Gaussian elimination with partial pivoting). */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let j = c; j <= n; j++) m[r][j] -= f * m[c][j];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * First-passage time moments of the chain from state `from` until it leaves the set `inside`
 * (states are numbers of components down): E[τ] and E[τ²], from (−Q_SS) m₁ = 1 and
 * (−Q_SS) m₂ = 2 m₁ over the states S inside.
 */
function passage(n: number, lambda: number, mu: number, inside: number[], from: number): { m1: number; m2: number } {
  const q = inside.map((d) => inside.map((e) => {
    if (e === d) return (n - d) * lambda + d * mu;
    if (e === d + 1) return -(n - d) * lambda;
    if (e === d - 1) return -d * mu;
    return 0;
  }));
  const m1 = solve(q, inside.map(() => 1));
  const m2 = solve(q, m1.map((x) => 2 * x));
  const i = inside.indexOf(from);
  return { m1: m1[i], m2: m2[i] };
}

/** The renewal cycles of "at least k of n up": an up gap G, then a down period D. */
export interface Cycles {
  /** Long-run fraction of time below the objective (= 1 − atLeast(n, k, μ/(λ+μ))). */
  unavailability: number;
  /** Moments of a down period and of an up gap. */
  meanDown: number;
  meanDown2: number;
  meanUp: number;
  meanUp2: number;
  /** Down periods per unit time, 1 / (E[G] + E[D]). */
  rate: number;
  /**
   * Asymptotic variance rate of the time-average of the down indicator: Var(Û_T) ≈ σ²/T with
   * σ² = Var(D − U·(G + D)) / E[G + D] (renewal-reward CLT; G and D independent).
   */
  sigma2: number;
}

/**
 * Cycles of the objective "at least k of n up". A down period starts when the (n−k+1)-th
 * component fails and ends when the count of failed ones is back to n−k; an up gap is the rest.
 * Both start from one fixed state with exponential clocks running, so cycles are independent and
 * identically distributed (a regenerative process).
 */
export function cycles(n: number, k: number, lambda: number, mu: number): Cycles {
  const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const down = passage(n, lambda, mu, range(n - k + 1, n), n - k + 1);
  const up = passage(n, lambda, mu, range(0, n - k), n - k);
  const cycle = up.m1 + down.m1;
  const u = down.m1 / cycle;
  const varD = down.m2 - down.m1 ** 2;
  const varG = up.m2 - up.m1 ** 2;
  return {
    unavailability: u, meanDown: down.m1, meanDown2: down.m2, meanUp: up.m1, meanUp2: up.m2, rate: 1 / cycle,
    sigma2: ((1 - u) ** 2 * varD + u ** 2 * varG) / cycle,
  };
}

/**
 * P(S > s) for a compound Poisson sum S of `expected` (Λ) marks, each an exponential of mean m
 * plus a constant `shift` δ ≥ 0: the exact tail Σ_{j≥1} Pois(j; Λ) · P(Gamma(j, m) > s − jδ), with
 * P(Gamma(j, m) > y) = e^{−y/m} Σ_{i<j} (y/m)^i / i! (and 1 for y ≤ 0).
 */
export function compoundPoissonTail(expected: number, meanMark: number, s: number, shift = 0): number {
  let tail = 0;
  let pois = Math.exp(-expected);
  for (let j = 1; j < 200; j++) {
    pois *= expected / j;
    const x = (s - j * shift) / meanMark;
    if (x <= 0) {
      tail += pois;
      continue;
    }
    let term = Math.exp(-x);
    let gammaTail = 0;
    for (let i = 0; i < j; i++) {
      gammaTail += term;
      term *= x / (i + 1);
    }
    tail += pois * Math.min(1, gammaTail);
  }
  return tail;
}

/** The smallest total s (to 0.1 %) with compoundPoissonTail(Λ, m, s, δ) ≤ p. */
export function compoundPoissonQuantile(expected: number, meanMark: number, p: number, shift = 0): number {
  let lo = 0;
  let hi = meanMark + shift;
  while (compoundPoissonTail(expected, meanMark, hi, shift) > p) hi *= 2;
  while (hi - lo > 1e-3 * hi) {
    const mid = (lo + hi) / 2;
    if (compoundPoissonTail(expected, meanMark, mid, shift) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}
