/**
 * The per-object figures of `summary.json` (design.md §4), computed from the step functions
 * after the run: availability (slo / any / full), downtime, outages and time to recover.
 *
 * Every object is measured over the whole run, [0, duration]: the world boots the cluster to a
 * converged state before the run's t = 0 (src/world/world.ts), so t = 0 is a running cluster,
 * as in production, and a fault at t = 0 counts in full.
 */
import { max, quantile } from 'd3-array';
import { toSeconds, type Time } from '../kernel/time.js';
import { DESIRED, READY, SERVING, WIDTH, type ObjectSeries } from './availability.js';
import type { ControlPlaneSummary, RunResult } from '../world/result.js';

/** Figures of one object. */
export interface ObjectSummary {
  object: string;
  desired: number;
  /** Whether the scenario names an SLO for this object (with or without `minReady`). */
  hasSlo: boolean;
  /** The SLO's minimum ready (serving for a Service); null = all desired (the default objective). */
  sloMinReady: number | null;
  availability: { slo: number; any: number; full: number };
  /** The lowest count truly ready (serving for a Service) at any moment of [0, duration]. */
  lowestReady: number;
  downtimeS: number;
  outages: number;
  /** Outages still open when the run ended (their time to recover is unknown). */
  openOutages: number;
  timeToRecoverS: { p50: number | null; p95: number | null; max: number | null };
}

/** Rounds for JSON output: 6 significant decimals is below the microsecond for times, and stable. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A maximal interval below the SLO. */
export interface Outage {
  startUs: Time;
  endUs: Time;
  /** Still below the SLO when the run ended (`endUs` is then the end of the run). */
  open: boolean;
}

/** The intervals in which an object was below its SLO. */
export interface SloScan {
  outages: Outage[];
}

/** Reads one object's step function against its objectives. */
function objectives(s: ObjectSeries, minReady: number | null) {
  const col = s.isService ? SERVING : READY;
  const at = (i: number, c: number) => s.values[i * WIDTH + c];
  return {
    col,
    at,
    // With no explicit SLO the objective is "all desired" (nothing wanted is trivially met).
    sloMet: (i: number) => at(i, col) >= (minReady ?? at(i, DESIRED)),
    fullMet: (i: number) => at(i, col) >= at(i, DESIRED),
  };
}

/**
 * The outages (maximal intervals below the SLO) of one object over [0, endUs]: the one
 * definition that summary.json's figures and the report's outage marks share. `minReady` is the
 * SLO's threshold (null = all desired).
 */
export function scanSlo(s: ObjectSeries, endUs: Time, minReady: number | null): SloScan {
  const { sloMet } = objectives(s, minReady);
  const n = s.times.length;
  const outages: Outage[] = [];
  let outageStart: Time = -1;
  for (let i = 0; i < n; i++) {
    const t0 = s.times[i];
    if (t0 >= endUs) break;
    const ok = sloMet(i);
    if (!ok && outageStart < 0) outageStart = t0;
    else if (ok && outageStart >= 0) {
      outages.push({ startUs: outageStart, endUs: t0, open: false });
      outageStart = -1;
    }
  }
  if (outageStart >= 0) outages.push({ startUs: outageStart, endUs, open: true });
  return { outages };
}

/**
 * Summarizes one object over [0, endUs]. `minReady` is the SLO's threshold (null = all desired).
 * The metric is `serving` for a Service and `ready` for a workload.
 */
export function summarizeObject(s: ObjectSeries, endUs: Time, minReady: number | null, hasSlo = false): ObjectSummary {
  const { col, at, sloMet, fullMet } = objectives(s, minReady);
  const n = s.times.length;
  const { outages: list } = scanSlo(s, endUs, minReady);

  let sloUp = 0;
  let anyUp = 0;
  let fullUp = 0;
  let lowest = n > 0 ? at(0, col) : 0;
  for (let i = 0; i < n; i++) {
    const t0 = s.times[i];
    if (t0 >= endUs) break;
    lowest = Math.min(lowest, at(i, col));
    const t1 = i + 1 < n ? Math.min(s.times[i + 1], endUs) : endUs;
    const len = t1 - t0;
    if (sloMet(i)) sloUp += len;
    if (at(i, col) >= 1) anyUp += len;
    if (fullMet(i)) fullUp += len;
  }
  const ttr = list.filter((o) => !o.open).map((o) => toSeconds(o.endUs - o.startUs));
  const downtime = list.reduce((sum, o) => sum + (o.endUs - o.startUs), 0);
  const frac = (x: number) => (endUs > 0 ? round6(x / endUs) : 0);
  const q = (p: number) => (ttr.length > 0 ? round6(quantile(ttr, p)!) : null);
  return {
    object: s.key,
    desired: at(n - 1, DESIRED),
    hasSlo,
    sloMinReady: minReady,
    availability: { slo: frac(sloUp), any: frac(anyUp), full: frac(fullUp) },
    lowestReady: lowest,
    downtimeS: round6(toSeconds(downtime)),
    outages: list.length,
    openOutages: list.filter((o) => o.open).length,
    timeToRecoverS: { p50: q(0.5), p95: q(0.95), max: ttr.length > 0 ? round6(max(ttr)!) : null },
  };
}

/** summary.json (design.md §4). */
export interface SummaryJson {
  schemaVersion: 1;
  scenario: string;
  seed: number;
  kubernetesVersion: string;
  durationS: number;
  objects: ObjectSummary[];
  controlPlane: ControlPlaneSummary;
  faults: Array<{ kind: string; target: string; startS: number; endS: number | null; origin: string; skipped?: string; outcome?: 'succeeded' | 'failed'; error?: string }>;
  /** What `validate` warns about the scenario (src/scenario/warnings.ts), one sentence each; set by `run`. */
  warnings?: string[];
  /** Kernel events (boot included), simulated boot time before t = 0, wall time. */
  sim: { events: number; bootS: number; wallMs: number };
}

/** Builds summary.json from a run; `wallMs` is the only wall-clock field (excluded from determinism comparisons). */
export function buildSummary(r: RunResult, wallMs: number): SummaryJson {
  const objects = r.availability.all().map((s) => summarizeObject(s, r.durationUs, r.sloMinReady.get(s.key) ?? null, r.sloMinReady.has(s.key)));
  return {
    schemaVersion: 1,
    scenario: r.scenario.name,
    seed: r.seed,
    kubernetesVersion: r.scenario.kubernetesVersion,
    durationS: round6(toSeconds(r.durationUs)),
    objects,
    controlPlane: r.controlPlane,
    faults: r.faults.map((f) => ({ ...f, startS: round6(f.startS), endS: f.endS === null ? null : round6(f.endS) })),
    sim: { events: r.eventsRun, bootS: round6(toSeconds(r.bootUs)), wallMs: Math.round(wallMs) },
  };
}
