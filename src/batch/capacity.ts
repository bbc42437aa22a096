/**
 * `capacity`: the smallest node count per zone (or per rack) whose blast at one level passes —
 * every object with an SLO meets it throughout and every workload is back at its desired count
 * before the failed domain returns, for every domain of the level (blast.ts `verdicts`).
 * Galloping from `min` (min, 2·min, 4·min … up to `max`) finds a passing count, then a binary
 * search between the last failing and the first passing count (between 0 and min when min
 * itself and the count below it pass); the answer is confirmed by the count below it failing
 * (probed if the search had not). The search assumes that more nodes never
 * hurt (monotone); each probe is kept, so a non-monotone case shows in capacity.json.
 */
import type { BlastResult } from './blast.js';
import { verdicts, worstFirst } from './blast.js';
import type { BlastLevel } from './blast-domains.js';
import type { CountPer } from './variant.js';

/** One probe as capacity.json lists it (design.md §4). */
export interface Probe {
  count: number;
  passed: boolean;
  /** The domain that did worst (null when every domain held, or no blast ran: no nodes). */
  worstDomain: string | null;
  worstObject: string | null;
  /** Worker nodes × their costPerHour × 730 h; null when the scenario prices no node. */
  costPerMonth: number | null;
}

/** A probe with the blast behind it (null for count 0: a cluster without nodes fails without a run). */
export interface ProbeDetail extends Probe {
  nodes: number;
  blast: BlastResult | null;
}

/** Runs the blast of one count. */
export type Prober = (count: number) => Promise<ProbeDetail>;

/** What to search. */
export interface CapacitySearch {
  level: BlastLevel;
  per: CountPer;
  min: number;
  max: number;
}

/** The search's outcome: `answer` null when no count up to `max` passes. */
export interface CapacityResult extends CapacitySearch {
  answer: number | null;
  /** In the order they ran. */
  probes: ProbeDetail[];
  passing: ProbeDetail | null;
  failing: ProbeDetail | null;
}

/** Hours in a month for prices: 365 × 24 / 12. */
export const HOURS_PER_MONTH = 730;

/** A probe's verdict from its blast: passed when every domain held; else the worst domain and object. */
export function judge(count: number, nodes: number, costPerMonth: number | null, blast: BlastResult | null): ProbeDetail {
  if (blast === null) return { count, nodes, passed: false, worstDomain: null, worstObject: null, costPerMonth, blast };
  const vs = verdicts(blast);
  // The blast's own ranking (the terminal table's first row).
  const worst = worstFirst(vs)[0] ?? null;
  const passed = vs.every((v) => v.passed);
  return {
    count, nodes, passed,
    worstDomain: passed || !worst ? null : worst.domain,
    worstObject: passed || !worst ? null : worst.worstObject,
    costPerMonth, blast,
  };
}

/** Searches the smallest passing count in [min, max] with `probe`. */
export async function searchCapacity(s: CapacitySearch, probe: Prober): Promise<CapacityResult> {
  const probes: ProbeDetail[] = [];
  const at = async (n: number): Promise<ProbeDetail> => {
    const known = probes.find((p) => p.count === n);
    if (known) return known;
    const p = await probe(n);
    probes.push(p);
    return p;
  };
  let lastFail = s.min - 1;
  let pass: number | null = null;
  for (let n = s.min; ; n = Math.min(s.max, n * 2)) {
    if ((await at(n)).passed) {
      pass = n;
      break;
    }
    lastFail = n;
    if (n >= s.max) break;
  }
  if (pass === null) return { ...s, answer: null, probes, passing: null, failing: probes.find((p) => p.count === lastFail) ?? null };
  let lo = lastFail;
  let hi = pass;
  // --min itself passed: bisect below it too (count 0 always fails) rather than walk down one by one.
  if (pass === s.min && s.min > 1 && (await at(s.min - 1)).passed) {
    lo = 0;
    hi = s.min - 1;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await at(mid)).passed) hi = mid;
    else lo = mid;
  }
  // Confirm: the count below the answer must fail (probed here if the search had not); a
  // non-monotone case where it passes walks down until one fails.
  while (hi > 0 && (await at(hi - 1)).passed) hi--;
  const passing = probes.find((p) => p.count === hi)!;
  const failing = hi > 0 ? probes.find((p) => p.count === hi - 1)! : null;
  return { ...s, answer: hi, probes, passing, failing };
}
