/**
 * The fleet-2009 profile as the tests expect it, written from the published figures (Dean, LADIS
 * 2009 / Google I/O 2008: per ~1,800-machine cluster-year, ~1,000 machine failures, ~20 rack
 * failures of 40–80 machines back in 1–6 h, ~1 PDU failure of 500–1,000 machines back in ~6 h;
 * reference/kubernetes.md §10) and the conversions the README states, never read from
 * src/scenario/profiles.ts: the tests check the loader's expansion against these.
 */
import type { Dist } from '../../src/kernel/dist.js';
import { HOUR, YEAR } from '../../src/kernel/time.js';

/** One level: each domain's up time and repair (µs). */
export interface PublishedLevel {
  level: 'node' | 'rack' | 'zone';
  mtbf: Dist;
  mttr: Dist;
}

/** node: 1,800 / 1,000 y per machine, repair lognormal median 2 h sigma 1 (kubeblast's stated choice); rack: 1,800 / 60 = 30 racks over 20 failures = 1.5 y, uniform 1–6 h; zone (one PDU of 750 machines): 1,800 / 750 = 2.4 y, fixed 6 h. */
export const FLEET_2009: PublishedLevel[] = [
  { level: 'node', mtbf: { dist: 'exponential', mean: (1800 / 1000) * YEAR }, mttr: { dist: 'lognormal', median: 2 * HOUR, sigma: 1 } },
  { level: 'rack', mtbf: { dist: 'exponential', mean: (1800 / 60 / 20) * YEAR }, mttr: { dist: 'uniform', min: 1 * HOUR, max: 6 * HOUR } },
  { level: 'zone', mtbf: { dist: 'exponential', mean: (1800 / 750) * YEAR }, mttr: { dist: 'fixed', value: 6 * HOUR } },
];
