/**
 * Scale figures (design.md §6): the whole world — real control plane, kubelets, controllers,
 * scheduler, faults — at Kubernetes' published limits (5,000 nodes, ~150,000 pods) and at a tenth
 * of them, so that the ratio shows how cost grows. The scenario is `scale-scenario.ts`.
 *
 * - boot: the cluster with no faults, from t = 0 until every desired pod is reported Ready;
 * - year: the same cluster for a simulated year of random node failures (~3,650 at full size),
 *   four rack power losses and a zone outage, events kept as a run keeps them.
 *
 * A repetition is a whole simulation (minutes of wall time at full size before optimisation), so
 * at most 3 are timed per figure and the table says how many; there is no warm-up beyond the runs
 * of the smaller size, which go first. `BENCH_SCALE=tenth` runs only the smaller size.
 * Peak RSS is the process's (maxRSS): after the tenth runs it is theirs, after the full runs the
 * full size's, as the full size needs far more.
 */
import { eventsCsv, availabilityCsv } from '../src/metrics/output.js';
import type { Scenario } from '../src/scenario/types.js';
import { World } from '../src/world/world.js';
import { desiredPods, FULL, scaleScenario, TENTH, type ScaleSize } from './scale-scenario.js';
import { median, type BenchGroup, type BenchOptions, type Figure } from './harness.js';

interface BootRun {
  wallMs: number;
  events: number;
  simS: number;
}

interface YearRun {
  wallMs: number;
  cpuMs: number;
  events: number;
  nodeFailures: number;
  logRows: number;
  eventsCsvBytes: number;
  availabilityCsvBytes: number;
}

/** Runs the fault-free cluster until every desired pod is reported Ready (and not terminating). */
function boot(s: Scenario, want: number): BootRun {
  const world = new World(s);
  const { sim, store } = world.ctx;
  const counted = new Set<number>();
  store.onPod((pod, change) => {
    const up = change !== 'removed' && pod.ready && pod.deletionTimestamp < 0;
    if (up) counted.add(pod.uid);
    else counted.delete(pod.uid);
    if (counted.size >= want) sim.stop();
  });
  const start = performance.now();
  world.run(s.durationUs);
  const wallMs = performance.now() - start;
  if (counted.size < want) throw new Error(`bench: only ${counted.size} of ${want} pods came up in ${s.durationUs / 1e6} s`);
  return { wallMs, events: sim.eventsRun, simS: sim.now / 1e6 };
}

/** A simulated year with faults; `outputs` also serializes the CSVs to measure their size. */
function year(s: Scenario, outputs: boolean): YearRun {
  const world = new World(s);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = world.run(s.durationUs);
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return {
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    events: result.eventsRun,
    nodeFailures: result.faults.filter((f) => f.origin === 'random' && f.kind === 'node-crash').length,
    logRows: result.events.rows.length,
    eventsCsvBytes: outputs ? Buffer.byteLength(eventsCsv(result.events)) : 0,
    availabilityCsvBytes: outputs ? Buffer.byteLength(availabilityCsv(result.availability)) : 0,
  };
}

function progress(text: string): void {
  process.stderr.write(`bench: scale: ${text}\n`);
}

/** The figures of one size; `prefix` is `scale.` for the full size and `scale.tenth.` for the smaller. */
function sizeFigures(size: ScaleSize, prefix: string, reps: number): { figures: Figure[]; yearMs: number } {
  const pods = desiredPods(size);
  const label = `${size.nodes.toLocaleString('en')} nodes, ${pods.toLocaleString('en')} pods`;
  const note = `median of ${reps}`;
  const bootScenario = scaleScenario(size, false);
  const boots: BootRun[] = [];
  for (let i = 0; i < reps; i++) {
    boots.push(boot(bootScenario, pods));
    progress(`${label}: boot ${i + 1}/${reps} ${Math.round(boots[i].wallMs)} ms`);
  }
  const yearScenario = scaleScenario(size, true);
  const years: YearRun[] = [];
  for (let i = 0; i < reps; i++) {
    years.push(year(yearScenario, i === 0));
    progress(`${label}: year ${i + 1}/${reps} ${Math.round(years[i].wallMs)} ms, ${years[i].events} events`);
  }
  const first = years[0];
  const yearMs = median(years.map((y) => y.wallMs));
  const figures: Figure[] = [
    { name: `${prefix}boot.wallMs`, value: median(boots.map((b) => b.wallMs)), unit: 'ms', note: `${note}; ${label} up` },
    { name: `${prefix}boot.events`, value: boots[0].events, unit: 'events', note: `all up at t=${Math.round(boots[0].simS)} s` },
    { name: `${prefix}year.wallMs`, value: yearMs, unit: 'ms', note: `${note}; ${first.nodeFailures} node failures` },
    { name: `${prefix}year.cpuMs`, value: median(years.map((y) => y.cpuMs)), unit: 'ms', note },
    { name: `${prefix}year.events`, value: first.events, unit: 'events' },
    { name: `${prefix}year.eventsPerSec`, value: median(years.map((y) => (y.events * 1000) / y.wallMs)), unit: 'events/s', note },
    { name: `${prefix}year.logRows`, value: first.logRows, unit: 'rows', note: 'events.csv rows' },
    { name: `${prefix}year.eventsCsvMB`, value: first.eventsCsvBytes / 2 ** 20, unit: 'MB' },
    { name: `${prefix}year.availabilityCsvMB`, value: first.availabilityCsvBytes / 2 ** 20, unit: 'MB' },
    { name: `${prefix}peakRssMB`, value: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: 'process peak so far' },
  ];
  return { figures, yearMs };
}

/** The scale group of figures. */
export const scaleBench: BenchGroup = {
  name: 'scale',
  description: 'the whole world at 5,000 nodes / ~150,000 pods and at a tenth: boot, and a simulated year of node, rack and zone failures',
  run(opts: BenchOptions): Figure[] {
    const reps = Math.max(1, Math.min(opts.reps, 3));
    const tenth = sizeFigures(TENTH, 'scale.tenth.', reps);
    if (process.env.BENCH_SCALE === 'tenth') return tenth.figures;
    const full = sizeFigures(FULL, 'scale.', reps);
    return [
      ...full.figures,
      ...tenth.figures,
      { name: 'scale.year.fullOverTenth', value: full.yearMs / tenth.yearMs, unit: 'ratio', note: 'wall of a year at full size ÷ at a tenth (10× nodes and pods)' },
    ];
  },
};
