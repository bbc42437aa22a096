/**
 * Named failure profiles a scenario opts into with `random: { profile: NAME }`: published failure
 * rates turned into per-domain `random` entries for the scenario's own topology.
 *
 * ## fleet-2009
 *
 * Source: Jeff Dean, "Designs, Lessons and Advice from Building Large Distributed Systems",
 * LADIS 2009 keynote, and the same figures in his Google I/O 2008 talk ("typical first year
 * for a new cluster", reported by datacenterknowledge.com on 2008-05-30); reproduced in
 * reference/kubernetes.md §10. Per cluster of about 1,800 machines, per year:
 *   - ~1,000 individual machine failures;
 *   - ~20 rack failures, 40–80 machines vanish, 1–6 h to get them back;
 *   - ~1 PDU failure, ~500–1,000 machines suddenly disappear, ~6 h to come back.
 *
 * Converted to per-domain rates (each a two-state process: exponential up time, then a repair):
 *   - node: 1,000 / 1,800 = 0.556 failures per machine-year → MTBF = 1,800 / 1,000 y = 1.8 y
 *     (15,768 h) per node. Repair: the source gives none; kubeblast chooses lognormal with median
 *     2 h and sigma 1 (mean 2 h · e^0.5 ≈ 3.3 h): most machine failures are reboots or part swaps
 *     done within hours, the tail stands for waiting on hardware (⚠ kubeblast's own choice).
 *   - rack: 1,800 machines in racks of 40–80 (midpoint 60) is 1,800 / 60 = 30 racks;
 *     20 / 30 = 0.667 failures per rack-year → MTBF = 1.5 y (13,140 h) per rack, whatever the
 *     rack's size here (a rack's power feed and switch fail as a unit). Repair uniform 1–6 h.
 *   - zone: a PDU (power distribution unit) failure takes 500–1,000 machines (midpoint 750):
 *     kubeblast maps a PDU to a zone (the machines of a zone share a power distribution unit).
 *     1,800 machines / 750 per PDU = 2.4 PDUs per cluster, and the cluster's ~1 PDU failure a
 *     year spread over them is 1 / 2.4 failures per PDU-year → MTBF = 1,800 / 750 y = 2.4 y
 *     (21,024 h) per zone, whatever the zone's size here: every machine sees its PDU fail once
 *     per ~2.4 years, as in the source. (Rating it per machine instead, 1 per 1,800 machine-years,
 *     would make an 8-host zone fail once per 225 years, under-counting each machine's exposure
 *     by 750 / 8.) Repair fixed 6 h.
 * Left out: "wonky" racks (packet loss, not an outage), overheating, network maintenance and
 * router failures, DNS blips — kubeblast has no fault of those shapes.
 *
 * `scale` multiplies every failure rate (divides every MTBF), for "what if our fleet fails twice
 * as often"; `levels` keeps only some of the profile's levels.
 */
import type { Dist } from '../kernel/dist.js';
import { HOUR, YEAR } from '../kernel/time.js';
import type { RandomLevel } from '../faults/types.js';

/** One level of a profile: the `random` entry it becomes. */
export interface ProfileLevel {
  level: RandomLevel;
  /** Each domain's own up time (never per machine: a published per-machine rate is converted first). */
  mtbf: Dist;
  /** Time to repair. */
  mttr: Dist;
  /** The published figure and the arithmetic, for `validate`. */
  basis: string;
}

/** A named profile. */
export interface Profile {
  name: string;
  source: string;
  levels: ProfileLevel[];
}

const MACHINES = 1800;
/** Machines per PDU: the midpoint of the source's 500–1,000. */
const PDU_MACHINES = 750;

/** The profiles by name. */
export const PROFILES: Record<string, Profile> = {
  'fleet-2009': {
    name: 'fleet-2009',
    source: 'Dean, LADIS 2009 / Google I/O 2008: per ~1,800-machine cluster-year',
    levels: [
      {
        level: 'node',
        mtbf: { dist: 'exponential', mean: (MACHINES / 1000) * YEAR },
        mttr: { dist: 'lognormal', median: 2 * HOUR, sigma: 1 },
        basis: '~1,000 machine failures: 1,800/1,000 = 1.8y per node; repair is kubeblast\'s choice (source gives none)',
      },
      {
        level: 'rack',
        mtbf: { dist: 'exponential', mean: ((MACHINES / 60) / 20) * YEAR },
        mttr: { dist: 'uniform', min: 1 * HOUR, max: 6 * HOUR },
        basis: '~20 rack failures over 1,800/60 = 30 racks: 30/20 = 1.5y per rack; 1–6h to recover',
      },
      {
        level: 'zone',
        mtbf: { dist: 'exponential', mean: (MACHINES / PDU_MACHINES) * YEAR },
        mttr: { dist: 'fixed', value: 6 * HOUR },
        basis: '~1 PDU failure (500–1,000 machines, ~6h) a year over 1,800/750 = 2.4 PDUs, a PDU per zone: 2.4y per zone; 6h to recover',
      },
    ],
  },
};

/** Names of the profiles, for messages. */
export const PROFILE_NAMES = Object.keys(PROFILES);

/** `d` with time stretched by `factor` (every draw multiplied by it). */
export function stretch(d: Dist, factor: number): Dist {
  switch (d.dist) {
    case 'fixed':
      return { dist: 'fixed', value: d.value * factor };
    case 'uniform':
      return { dist: 'uniform', min: d.min * factor, max: d.max * factor };
    case 'exponential':
      return { dist: 'exponential', mean: d.mean * factor };
    case 'weibull':
      return { dist: 'weibull', shape: d.shape, scale: d.scale * factor };
    case 'lognormal':
      return { dist: 'lognormal', median: d.median * factor, sigma: d.sigma };
    case 'normal':
      return { dist: 'normal', mean: d.mean * factor, stddev: d.stddev * factor };
  }
}

/** The levels of `profile` to use: those in `levels` (all when undefined), failure rates × `scale`. */
export function expandProfile(profile: Profile, scale: number, levels?: readonly RandomLevel[]): ProfileLevel[] {
  return profile.levels
    .filter((l) => levels === undefined || levels.includes(l.level))
    .map((l) => ({ ...l, mtbf: scale === 1 ? l.mtbf : stretch(l.mtbf, 1 / scale) }));
}
