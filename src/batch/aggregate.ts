/**
 * summary.json of a sweep (design.md §4 "Batch outputs"): per scenario and object, the
 * distribution over seeds of availability, downtime and time to recover, the share of seeds that
 * met the SLO, the control-plane figures, and the paired comparison of every scenario against the
 * first. A pure function of the stored runs, so one sweep, a resumed sweep and merged shards give
 * the same bytes.
 */
import type { ObjectFigures, RunFigures } from './figures.js';
import type { SeedRange } from './plan.js';
import { availabilityStats, meanCi, sorted, tail, q, welchCi } from './stats.js';
import { max } from 'd3-array';
import { round6 } from '../metrics/summary.js';

type Avail = ReturnType<typeof availabilityStats>;
type Tail = ReturnType<typeof tail>;

/** One object over the seeds of one scenario. */
export interface ObjectStats {
  object: string;
  desired: number;
  sloMinReady: number | null;
  hasSlo: boolean;
  runs: number;
  availability: { slo: Avail; any: Avail; full: Avail };
  downtimeS: Tail;
  outages: Tail;
  /** Every closed outage of every seed, pooled. */
  timeToRecoverS: Tail & { count: number };
  /** Share of seeds in which the object never went below its SLO. */
  sloMetShare: number;
}

/** A control-plane figure over seeds. */
export type CpStat = ReturnType<typeof meanCi> & { p50: number | null; p90: number | null; max: number | null };

/** The control-plane figures of one scenario over seeds. */
export interface ControlPlaneStats {
  etcd: { leaderChanges: CpStat; noLeaderS: CpStat; noQuorumS: CpStat };
  apiserver: { unavailableS: CpStat };
  controllerManager: { leaderChanges: CpStat; noLeaderS: CpStat };
  scheduler: { leaderChanges: CpStat; noLeaderS: CpStat };
}

/** A paired comparison of one object between the first scenario and another. */
export interface Comparison {
  object: string;
  baseline: string;
  scenario: string;
  /** Seeds present in both. */
  pairs: number;
  /** Per seed, scenario − baseline: mean and 95 % t interval of the paired differences. */
  availabilitySloDiff: { mean: number; ci95: [number, number] | null; unpairedCi95: [number, number] | null };
}

/** summary.json of a sweep. */
export interface SweepSummary {
  schemaVersion: 1;
  seeds: { from: number; to: number; count: number };
  scenarios: Array<{ name: string; durationS: number; runs: number; objects: ObjectStats[]; controlPlane: ControlPlaneStats }>;
  comparisons: Comparison[];
}

function cpStat(xs: number[]): CpStat {
  const s = sorted(xs);
  return { ...meanCi(xs), p50: q(s, 0.5), p90: q(s, 0.9), max: s.length > 0 ? round6(max(s)!) : null };
}

function objectStats(rows: ObjectFigures[]): ObjectStats {
  const first = rows[0];
  const col = (f: (o: ObjectFigures) => number) => rows.map(f);
  const ttr = rows.flatMap((o) => o.recoveriesS);
  return {
    object: first.object,
    desired: first.desired,
    sloMinReady: first.sloMinReady,
    hasSlo: first.hasSlo,
    runs: rows.length,
    availability: {
      slo: availabilityStats(col((o) => o.availability.slo)),
      any: availabilityStats(col((o) => o.availability.any)),
      full: availabilityStats(col((o) => o.availability.full)),
    },
    downtimeS: tail(col((o) => o.downtimeS)),
    outages: tail(col((o) => o.outages)),
    timeToRecoverS: { count: ttr.length, ...tail(ttr) },
    sloMetShare: round6(rows.filter((o) => o.outages === 0).length / rows.length),
  };
}

function controlPlaneStats(runs: RunFigures[]): ControlPlaneStats {
  const c = (f: (r: RunFigures['controlPlane']) => number) => cpStat(runs.map((r) => f(r.controlPlane)));
  return {
    etcd: { leaderChanges: c((p) => p.etcd.leaderChanges), noLeaderS: c((p) => p.etcd.noLeaderS), noQuorumS: c((p) => p.etcd.noQuorumS) },
    apiserver: { unavailableS: c((p) => p.apiserver.unavailableS) },
    controllerManager: { leaderChanges: c((p) => p.controllerManager.leaderChanges), noLeaderS: c((p) => p.controllerManager.noLeaderS) },
    scheduler: { leaderChanges: c((p) => p.scheduler.leaderChanges), noLeaderS: c((p) => p.scheduler.noLeaderS) },
  };
}

/** Per object key, its figures seed by seed (objects in the order of the first run). */
export function byObject(runs: RunFigures[]): Map<string, Map<number, ObjectFigures>> {
  const m = new Map<string, Map<number, ObjectFigures>>();
  for (const r of runs) {
    for (const o of r.objects) {
      let bySeed = m.get(o.object);
      if (!bySeed) m.set(o.object, (bySeed = new Map()));
      bySeed.set(r.seed, o);
    }
  }
  return m;
}

function compare(baseline: string, base: RunFigures[], name: string, other: RunFigures[]): Comparison[] {
  const a = byObject(base);
  const b = byObject(other);
  const out: Comparison[] = [];
  for (const [object, aSeeds] of a) {
    const bSeeds = b.get(object);
    if (!bSeeds) continue;
    const diffs: number[] = [];
    for (const [seed, ao] of aSeeds) {
      const bo = bSeeds.get(seed);
      if (bo) diffs.push(bo.availability.slo - ao.availability.slo);
    }
    if (diffs.length === 0) continue;
    const av = [...aSeeds.values()].map((o) => o.availability.slo);
    const bv = [...bSeeds.values()].map((o) => o.availability.slo);
    out.push({ object, baseline, scenario: name, pairs: diffs.length, availabilitySloDiff: { ...meanCi(diffs, [-1, 1]), unpairedCi95: welchCi(av, bv) } });
  }
  return out;
}

/** Builds summary.json from every stored run, `runs[i]` being scenario i's runs in seed order. */
export function aggregate(names: string[], seeds: SeedRange, runs: RunFigures[][]): SweepSummary {
  const scenarios = names.map((name, i) => {
    const rs = runs[i];
    const objects = [...byObject(rs).values()].map((bySeed) => objectStats([...bySeed.values()]));
    return { name, durationS: rs[0]?.durationS ?? 0, runs: rs.length, objects, controlPlane: controlPlaneStats(rs) };
  });
  const comparisons = names.slice(1).flatMap((name, j) => compare(names[0], runs[0], name, runs[j + 1]));
  return { schemaVersion: 1, seeds: { ...seeds, count: seeds.to - seeds.from + 1 }, scenarios, comparisons };
}
