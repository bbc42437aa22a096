/**
 * Helpers for the tests of the bundled scenarios (`scenarios/*.yaml`): load and run one, read a
 * step function of availability.csv at a time or over a window, find events, and the summary.
 */
import { fileURLToPath } from 'node:url';
import { SEC, toSeconds } from '../../src/kernel/time.js';
import { DESIRED, ENDPOINTS, READY, REPORTED, SERVING, type ObjectSeries } from '../../src/metrics/availability.js';
import type { SimEvent } from '../../src/metrics/events.js';
import { buildSummary, type ObjectSummary, type SummaryJson } from '../../src/metrics/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { runScenario, type RunOptions } from '../../src/world/world.js';
import type { RunResult } from '../../src/world/result.js';

/** Columns of availability.csv by name. */
export const COLUMN = { desired: DESIRED, ready: READY, reported: REPORTED, endpoints: ENDPOINTS, serving: SERVING } as const;
type Column = keyof typeof COLUMN;

/** Loads `scenarios/NAME.yaml`. */
export function loadBundled(name: string): Scenario {
  return loadScenario(fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url)));
}

/** A finished run of a bundled scenario with readers over its outputs. */
export class ScenarioRun {
  readonly result: RunResult;
  readonly summary: SummaryJson;

  constructor(readonly scenario: Scenario, opts: RunOptions = {}) {
    this.result = runScenario(scenario, opts);
    this.summary = buildSummary(this.result, 0);
  }

  /** The series of an object (`service/default/frontend`). */
  series(key: string): ObjectSeries {
    const s = this.result.availability.all().find((x) => x.key === key);
    if (!s) throw new Error(`no object ${key}`);
    return s;
  }

  /** A column's value at `tS` seconds (the step function's value from the last change at or before it). */
  at(key: string, column: Column, tS: number): number {
    const s = this.series(key);
    const t = Math.round(tS * SEC);
    let i = 0;
    while (i + 1 < s.times.length && s.times[i + 1] <= t) i++;
    return s.values[i * 5 + COLUMN[column]];
  }

  /** Minimum and maximum of a column over [fromS, toS). */
  range(key: string, column: Column, fromS: number, toS: number): { min: number; max: number } {
    const s = this.series(key);
    let min = this.at(key, column, fromS);
    let max = min;
    for (let i = 0; i < s.times.length; i++) {
      const t = toSeconds(s.times[i]);
      if (t <= fromS || t >= toS) continue;
      const v = s.values[i * 5 + COLUMN[column]];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return { min, max };
  }

  /** The intervals (seconds) in [fromS, toS) during which `pred` holds for the row's values. */
  intervals(key: string, pred: (row: Record<Column, number>) => boolean, fromS = 0, toS = toSeconds(this.result.durationUs)): Array<[number, number]> {
    const s = this.series(key);
    const out: Array<[number, number]> = [];
    let open = -1;
    for (let i = 0; i < s.times.length; i++) {
      const t = Math.max(toSeconds(s.times[i]), fromS);
      if (t >= toS) break;
      const row = Object.fromEntries(Object.entries(COLUMN).map(([k, c]) => [k, s.values[i * 5 + c]])) as Record<Column, number>;
      const ok = pred(row);
      if (ok && open < 0) open = t;
      if (!ok && open >= 0) {
        out.push([open, t]);
        open = -1;
      }
    }
    if (open >= 0) out.push([open, toS]);
    return out.filter(([a, b]) => b > a);
  }

  /** Events of `reason` in [fromS, toS], optionally about objects starting with `object`. */
  events(reason: string, fromS = 0, toS = Infinity, object = ''): SimEvent[] {
    return this.result.events.rows.filter((e) => e.reason === reason && toSeconds(e.time) >= fromS && toSeconds(e.time) <= toS && e.object.startsWith(object));
  }

  /** The summary.json figures of an object. */
  object(key: string): ObjectSummary {
    const o = this.summary.objects.find((x) => x.object === key);
    if (!o) throw new Error(`no object ${key}`);
    return o;
  }

  /** Services of the run. */
  services(): string[] {
    return this.result.availability.all().filter((s) => s.isService).map((s) => s.key);
  }
}
