// Streamed outputs (issue 15): the CSVs a run streams while it goes are byte for byte the
// in-memory serialization of the same run, and a streamed run keeps only what its report and
// console read, so that its memory follows the cluster rather than the run's length.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scaleScenario, type ScaleSize } from '../../bench/scale-scenario.js';
import { runOnce } from '../../src/batch/figures.js';
import { SEC, type Time } from '../../src/kernel/time.js';
import { isKeyEvent, RETAINED_OTHER_EVENTS, type SimEvent } from '../../src/metrics/events.js';
import { availabilityCsv, eventsCsv } from '../../src/metrics/output.js';
import { StringSink } from '../../src/metrics/sink.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { RunResult } from '../../src/world/result.js';
import { World, type RunOptions } from '../../src/world/world.js';

const scenario = (name: string): Scenario => loadScenario(fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url)));

interface Texts {
  result: RunResult;
  availability: string;
  events: string;
}

/** One run kept in memory, serialized after it. */
function inMemory(s: Scenario, opts: RunOptions): Texts {
  const result = new World(s, opts).run(opts.untilUs ?? s.durationUs);
  return { result, availability: availabilityCsv(result.availability), events: eventsCsv(result.events) };
}

/** The same run streamed into string sinks. */
function streamed(s: Scenario, opts: RunOptions): Texts {
  const a = new StringSink();
  const e = new StringSink();
  const result = new World(s, { ...opts, outputs: { availabilityCsv: a, eventsCsv: e } }).run(opts.untilUs ?? s.durationUs);
  expect(a.closed && e.closed, 'the run closes its sinks').toBe(true);
  return { result, availability: a.text(), events: e.text() };
}

const lines = (text: string) => text.split('\n').length - 2;

describe('streamed CSVs are the in-memory serialization', () => {
  const CASES: Array<[file: string, untilUs: Time | undefined, boot: RunOptions['boot']]> = [
    ['quickstart.yaml', undefined, 'converge'],
    ['zone-outage.yaml', undefined, 'converge'],
    ['etcd-leader-crash-loop.yaml', undefined, 'converge'],
    ['drain-zone-during-rollout.yaml', undefined, 'converge'],
    ['checkout/checkout-3-zones.yaml', undefined, 'converge'],
    // --until cuts a run in the middle of its faults.
    ['zone-outage.yaml', 45 * SEC, 'converge'],
    ['kubelet-apiserver-cut.yaml', 90 * SEC, 'converge'],
    // No boot: rows from kernel time 0, the registration rows still open to same-instant changes.
    ['quickstart.yaml', 5 * 60 * SEC, 'none'],
  ];
  it.each(CASES)('%s (until %s µs, boot %s)', (file, untilUs, boot) => {
    const s = scenario(file);
    const msg = `${file}, seed ${s.seed}, until ${untilUs ?? 'end'}, boot ${boot}`;
    const mem = inMemory(s, { untilUs, boot });
    const str = streamed(s, { untilUs, boot });
    expect(lines(mem.availability), `${msg}: availability rows`).toBeGreaterThan(s.manifests.workloads.length);
    expect(lines(mem.events), `${msg}: event rows`).toBeGreaterThan(10);
    expect(str.availability === mem.availability, `${msg}: availability.csv differs`).toBe(true);
    expect(str.events === mem.events, `${msg}: events.csv differs`).toBe(true);
    expect(str.result.events.count, msg).toBe(mem.result.events.rows.length);
  });
});

describe('a streamed run keeps what its outputs read, not the run', () => {
  // 108 nodes, ~3,000 pods, a year of node failures: ~28,000 events, more than the log retains.
  const SIZE: ScaleSize = { nodes: 108, deployments: 6, zones: [0, 1, 2].map(() => ({ racks: 4, nodesPerRack: 9 })) };
  const s = scaleScenario(SIZE, true);
  const msg = `bench-scale-108, seed ${s.seed}`;
  const mem = inMemory(s, {});
  const str = streamed(s, {});
  const all = mem.result.events.rows;

  it('produces more events than the log retains (the case is meaningful)', () => {
    expect(all.length, msg).toBeGreaterThan(RETAINED_OTHER_EVENTS + 5000);
  });

  it('streams the same bytes', () => {
    expect(str.events === mem.events, `${msg}: events.csv differs`).toBe(true);
    expect(str.availability === mem.availability, `${msg}: availability.csv differs`).toBe(true);
  });

  it('retains every key event, BootIncomplete and the first 20,000 others, and counts them all', () => {
    let others = 0;
    const expected = all.filter((e: SimEvent) => isKeyEvent(e) || e.reason === 'BootIncomplete' || others++ < RETAINED_OTHER_EVENTS);
    const keys = all.filter((e) => isKeyEvent(e)).length;
    expect(keys, `${msg}: key events`).toBeGreaterThan(0);
    expect(str.result.events.rows, msg).toEqual(expected);
    expect(str.result.events.rows.length, msg).toBeLessThanOrEqual(RETAINED_OTHER_EVENTS + keys + 1);
    expect(str.result.events.count, msg).toBe(all.length);
  });

  it('keeps one typed copy of the series and no row order', () => {
    for (const x of str.result.availability.all()) {
      expect(x.times, `${msg}: ${x.key}`).toBeInstanceOf(Float64Array);
      expect(x.values, `${msg}: ${x.key}`).toBeInstanceOf(Int32Array);
    }
    expect(str.result.availability.rowOrder().length, msg).toBe(0);
    expect(() => availabilityCsv(str.result.availability), msg).toThrow(/streamed/);
    expect(() => eventsCsv(str.result.events), msg).toThrow(/streamed/);
  });

  it('gives the same summary.json as the run kept in memory', () => {
    const zero = (r: ReturnType<typeof runOnce>) => ({ ...r.summary, sim: { ...r.summary.sim, wallMs: 0 } });
    const a = runOnce(s, undefined);
    const b = runOnce(s, undefined, { outputs: { availabilityCsv: null, eventsCsv: null } });
    expect(zero(b), msg).toEqual(zero(a));
  });
});
