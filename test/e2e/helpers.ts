/**
 * Helpers of the end-to-end tests: load a scenario of test/fixtures/scenarios/e2e (optionally
 * edited — other faults, another version — through a temporary copy of the file, so every edit
 * still goes through the scenario loader), run it through the real world, and read the run's
 * figures back from its outputs (availability.csv, events.csv, summary.json) as a user would.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { PodObj } from '../../src/apiserver/objects.js';
import { availabilityCsv, eventsCsv } from '../../src/metrics/output.js';
import { summaryOf } from '../../src/batch/figures.js';
import type { SummaryJson } from '../../src/metrics/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { SEC } from '../../src/kernel/time.js';
import type { RunResult } from '../../src/world/result.js';
import { World, type RunOptions } from '../../src/world/world.js';

/** Directory of the end-to-end scenarios. */
export const E2E_DIR = fileURLToPath(new URL('../fixtures/scenarios/e2e/', import.meta.url));

/** Path of an end-to-end scenario by name (`crash` → …/e2e/crash.yaml). */
export function e2ePath(name: string): string {
  return join(E2E_DIR, `${name}.yaml`);
}

/** Loads an end-to-end scenario as it is on disk. */
export function loadE2E(name: string): Scenario {
  return loadScenario(e2ePath(name));
}

/** Changes to a scenario file, applied to a temporary copy before loading it. */
export interface ScenarioEdits {
  /** Replaces `spec.faults` (entries as the scenario file writes them). */
  faults?: unknown[];
  kubernetesVersion?: string;
  duration?: string;
  /** Further `spec` fields to set, by path below `spec`. */
  set?: Array<[path: Array<string | number>, value: unknown]>;
}

/**
 * Loads `name` with `edits` applied: the file is copied to a temporary directory with its
 * manifest paths made absolute, edited, loaded, and the copy removed.
 */
export function scenarioWith(name: string, edits: ScenarioEdits): Scenario {
  const file = e2ePath(name);
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const manifests = doc.getIn(['spec', 'manifests']) as { items: Array<{ value: string }> };
  doc.setIn(['spec', 'manifests'], manifests.items.map((m) => resolve(dirname(file), String(m.value ?? m))));
  if (edits.faults) doc.setIn(['spec', 'faults'], edits.faults);
  if (edits.kubernetesVersion) doc.setIn(['spec', 'kubernetesVersion'], edits.kubernetesVersion);
  if (edits.duration) doc.setIn(['spec', 'duration'], edits.duration);
  for (const [path, value] of edits.set ?? []) doc.setIn(['spec', ...path], value);
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-e2e-'));
  try {
    const copy = join(dir, `${name}.yaml`);
    writeFileSync(copy, doc.toString());
    return loadScenario(copy);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses RFC 4180 CSV text (as csv-stringify writes it) into rows of fields; the header row is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows.slice(1);
}

/** One row of availability.csv; times in seconds. */
export interface AvailRow {
  t: number;
  desired: number;
  ready: number;
  reported: number;
  /** null for workloads. */
  endpoints: number | null;
  serving: number | null;
}

/** availability.csv, read back: the step function of every object. */
export class AvailabilityTable {
  private readonly byObject = new Map<string, AvailRow[]>();

  constructor(csv: string) {
    for (const [t, object, desired, ready, reported, endpoints, serving] of parseCsv(csv)) {
      const list = this.byObject.get(object) ?? [];
      list.push({
        t: Number(t), desired: Number(desired), ready: Number(ready), reported: Number(reported),
        endpoints: endpoints === '' ? null : Number(endpoints), serving: serving === '' ? null : Number(serving),
      });
      this.byObject.set(object, list);
    }
  }

  /** Objects, in the order the file first lists them. */
  objects(): string[] {
    return [...this.byObject.keys()];
  }

  /** The rows of one object, in time order. */
  rows(object: string): AvailRow[] {
    const r = this.byObject.get(object);
    if (!r) throw new Error(`availability.csv has no object ${object}; it has ${this.objects().join(', ')}`);
    return r;
  }

  /** The values in force at `t` seconds (the last row at or before it). */
  at(object: string, t: number): AvailRow {
    const rows = this.rows(object);
    let found = rows[0];
    for (const r of rows) {
      if (r.t > t) break;
      found = r;
    }
    return found;
  }

  /** The first row after `from` (exclusive) whose values satisfy `pred`, or undefined. */
  first(object: string, from: number, pred: (r: AvailRow) => boolean): AvailRow | undefined {
    return this.rows(object).find((r) => r.t > from && pred(r));
  }

  /** The rows within [from, to). */
  between(object: string, from: number, to: number): AvailRow[] {
    return this.rows(object).filter((r) => r.t >= from && r.t < to);
  }
}

/** One row of events.csv; time in seconds. */
export interface EventRow {
  t: number;
  type: string;
  reason: string;
  object: string;
  message: string;
}

/** events.csv, read back. */
export function parseEvents(csv: string): EventRow[] {
  return parseCsv(csv).map(([t, type, reason, object, message]) => ({ t: Number(t), type, reason, object, message }));
}

/** A finished end-to-end run and its outputs, as files would hold them. */
export interface E2ERun {
  world: World;
  result: RunResult;
  availabilityCsv: string;
  eventsCsv: string;
  /** summary.json with `sim.wallMs` = 0. */
  summary: SummaryJson;
  avail: AvailabilityTable;
  events: EventRow[];
}

/**
 * Runs `scenario` through the real world (`new World(...).run(until)`); `prepare` runs on the
 * built world before it starts (to attach outside observers).
 */
export function runE2E(scenario: Scenario, opts: RunOptions = {}, prepare?: (w: World) => void): E2ERun {
  const world = new World(scenario, opts);
  prepare?.(world);
  const result = world.run(opts.untilUs ?? scenario.durationUs);
  const a = availabilityCsv(result.availability);
  const e = eventsCsv(result.events);
  return { world, result, availabilityCsv: a, eventsCsv: e, summary: summaryOf(result, 0, opts.untilUs), avail: new AvailabilityTable(a), events: parseEvents(e) };
}

/** Where the pods of each workload are bound after `atS` seconds of a run of `scenario` with `seed` (a dry run). */
export function placementAt(scenario: Scenario, seed: number, atS: number): Map<string, Array<{ pod: string; node: string }>> {
  const world = new World(scenario, { seed, untilUs: atS * SEC });
  world.run(atS * SEC);
  return placementOf(world);
}

/** Live pods of each workload and their nodes, in creation order. */
export function placementOf(world: World): Map<string, Array<{ pod: string; node: string }>> {
  const m = new Map<string, Array<{ pod: string; node: string }>>();
  for (const p of world.ctx.store.pods.values()) {
    const list = m.get(p.workloadKey) ?? [];
    list.push({ pod: p.name, node: nodeName(world, p) });
    m.set(p.workloadKey, list);
  }
  return m;
}

/** Name of the node a pod is bound to ('' while unbound). */
export function nodeName(world: World, p: PodObj): string {
  return p.node < 0 ? '' : world.ctx.topology.hosts[p.node].name;
}

/** The median of a non-empty sample. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}
