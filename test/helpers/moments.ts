/**
 * Closed-form moments of the scenario's distribution forms and the failure domains a scenario's
 * topology has, written out in the tests from textbook formulas and the scenario's own numbers, so
 * that expected figures never come from the code under test (src/kernel/dist.ts,
 * src/faults/random.ts). Times are in whatever unit the distribution's parameters are.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Dist } from '../../src/kernel/dist.js';

/**
 * Γ(x) for x > 0 by the recurrence Γ(x) = Γ(x + 1) / x up to x ≥ 20, then Stirling's series
 * ln Γ(x) ≈ (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) (next term
 * 1/(1188x⁹) < 2e-15 there);
 * a different method from src's Lanczos approximation on purpose.
 */
export function gammaFn(x: number): number {
  let shift = 1;
  while (x < 20) {
    shift *= x;
    x += 1;
  }
  const lg = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5) - 1 / (1680 * x ** 7);
  return Math.exp(lg) / shift;
}

/** E[X^j] (j = 1, 2, 3) of a distribution: exponential j!·m^j; uniform (b^{j+1} − a^{j+1}) / ((j+1)(b − a)); lognormal m^j·e^{j²σ²/2}; weibull λ^j·Γ(1 + j/k); normal by its cumulants; fixed v^j. */
export function rawMoment(d: Dist, j: 1 | 2 | 3): number {
  switch (d.dist) {
    case 'exponential':
      return [1, 1, 2, 6][j] * d.mean ** j;
    case 'uniform':
      return d.max === d.min ? d.min ** j : (d.max ** (j + 1) - d.min ** (j + 1)) / ((j + 1) * (d.max - d.min));
    case 'lognormal':
      return d.median ** j * Math.exp((j * j * d.sigma * d.sigma) / 2);
    case 'weibull':
      return d.scale ** j * gammaFn(1 + j / d.shape);
    case 'normal': {
      const [m, s2] = [d.mean, d.stddev ** 2];
      return [1, m, m * m + s2, m ** 3 + 3 * m * s2][j];
    }
    case 'fixed':
      return d.value ** j;
  }
}

/** Mean of a distribution. */
export function meanOf(d: Dist): number {
  return rawMoment(d, 1);
}

/** Variance of a distribution. */
export function varianceOf(d: Dist): number {
  return rawMoment(d, 2) - rawMoment(d, 1) ** 2;
}

/** Mean residual life (the remaining time at a random instant of a renewal process): E[X²] / (2E[X]). */
export function residualMeanOf(d: Dist): number {
  return rawMoment(d, 2) / (2 * rawMoment(d, 1));
}

/** Variance of the residual life: E[X³] / (3E[X]) − (E[X²] / (2E[X]))². */
export function residualVarianceOf(d: Dist): number {
  return rawMoment(d, 3) / (3 * rawMoment(d, 1)) - residualMeanOf(d) ** 2;
}

/** The number of failure domains of each `random` level, counted from a scenario file's topology section. */
export function domainCounts(scenarioFile: string): { node: number; rack: number; zone: number; region: number; 'control-plane': number } {
  interface ZoneSpec { racks: number; nodesPerRack: number }
  const doc = parse(readFileSync(scenarioFile, 'utf8')) as { spec: { topology: { regions: Array<{ zones: ZoneSpec[] }> }; controlPlane?: { hosts?: unknown; count?: number } } };
  const regions = doc.spec.topology.regions;
  const zones = regions.flatMap((r) => r.zones);
  const cp = doc.spec.controlPlane;
  return {
    node: zones.reduce((n, z) => n + z.racks * z.nodesPerRack, 0),
    rack: zones.reduce((n, z) => n + z.racks, 0),
    zone: zones.length,
    region: regions.length,
    'control-plane': Array.isArray(cp?.hosts) ? cp.hosts.length : (cp?.count ?? 3),
  };
}
