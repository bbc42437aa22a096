/**
 * One size of the `scale` group, measured in a process of its own so that its peak RSS (maxRSS)
 * belongs to that size alone: `bench/scale.ts` starts
 * `node --import tsx bench/scale-size.ts full|tenth REPS`, which prints one JSON figure per line on
 * stdout (progress on stderr) and the parent collects them.
 *
 * - boot: the cluster with no faults, from t = 0 until every desired pod is reported Ready;
 * - year: the same cluster for a simulated year of random node failures (~3,650 at full size),
 *   four rack power losses and a zone outage, written as `kubeblast run` writes it
 *   (src/cli/run-outputs.ts: both CSVs streamed into the output set while the run goes, then
 *   summary.json and report.html, committed into a temporary folder removed after): the year's
 *   wall time includes its boot and its outputs; `year.outputsMs` is the part after the run
 *   (summary, report, closing the CSVs and committing the set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnce } from '../src/batch/figures.js';
import { runWritingOutputs } from '../src/cli/run-outputs.js';
import type { Scenario } from '../src/scenario/types.js';
import { World } from '../src/world/world.js';
import { desiredPods, FULL, scaleScenario, TENTH, type ScaleSize } from './scale-scenario.js';
import { median, type Figure } from './harness.js';

interface BootRun {
  wallMs: number;
  events: number;
  simS: number;
}

interface YearRun {
  wallMs: number;
  cpuMs: number;
  outputsMs: number;
  events: number;
  nodeFailures: number;
  logRows: number;
  eventsCsvBytes: number;
  availabilityCsvBytes: number;
}

/** Boots the fault-free cluster and checks that every desired pod is then reported Ready (and not terminating). */
function boot(s: Scenario, want: number): BootRun {
  const world = new World(s);
  const { sim, store } = world.ctx;
  const counted = new Set<number>();
  store.onPod((pod, change) => {
    const up = change !== 'removed' && pod.ready && pod.deletionTimestamp < 0;
    if (up) counted.add(pod.uid);
    else counted.delete(pod.uid);
  });
  const start = performance.now();
  // The world boots until every workload is ready and every Service serves (world/boot.ts), then
  // runs for `untilUs`: none here, so this is the boot alone.
  const result = world.run(0);
  const wallMs = performance.now() - start;
  if (counted.size < want) throw new Error(`bench: only ${counted.size} of ${want} pods came up in a boot of ${result.bootUs / 1e6} s`);
  return { wallMs, events: sim.eventsRun, simS: result.bootUs / 1e6 };
}

/** A simulated year with faults, its outputs written as `kubeblast run` writes them (into a temporary folder). */
function year(s: Scenario): YearRun {
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-bench-year-'));
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const written = runWritingOutputs(join(dir, 'out'), (outputs) => runOnce(s, undefined, { outputs }));
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const { result } = written.ran;
    return {
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      outputsMs: written.afterRunMs,
      events: result.eventsRun,
      nodeFailures: result.faults.filter((f) => f.origin === 'random' && f.kind === 'node-crash').length,
      logRows: result.events.count,
      eventsCsvBytes: written.csvBytes.events,
      availabilityCsvBytes: written.csvBytes.availability,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function progress(text: string): void {
  process.stderr.write(`bench: scale: ${text}\n`);
}

/** The figures of one size; `prefix` is `scale.` for the full size and `scale.tenth.` for the smaller. */
function sizeFigures(size: ScaleSize, prefix: string, reps: number): Figure[] {
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
    years.push(year(yearScenario));
    progress(`${label}: year ${i + 1}/${reps} ${Math.round(years[i].wallMs)} ms, ${years[i].events} events`);
  }
  const first = years[0];
  return [
    { name: `${prefix}boot.wallMs`, value: median(boots.map((b) => b.wallMs)), unit: 'ms', note: `${note}; ${label} up` },
    { name: `${prefix}boot.events`, value: boots[0].events, unit: 'events', note: `all up at t=${Math.round(boots[0].simS)} s` },
    { name: `${prefix}year.wallMs`, value: median(years.map((y) => y.wallMs)), unit: 'ms', note: `${note}; ${first.nodeFailures} node failures; boot and outputs written included` },
    { name: `${prefix}year.cpuMs`, value: median(years.map((y) => y.cpuMs)), unit: 'ms', note },
    { name: `${prefix}year.outputsMs`, value: median(years.map((y) => y.outputsMs)), unit: 'ms', note: `${note}; after the run: summary, report, closing the streamed CSVs, committing the set` },
    { name: `${prefix}year.events`, value: first.events, unit: 'events' },
    { name: `${prefix}year.eventsPerSec`, value: median(years.map((y) => (y.events * 1000) / y.wallMs)), unit: 'events/s', note },
    { name: `${prefix}year.logRows`, value: first.logRows, unit: 'rows', note: 'events.csv rows' },
    { name: `${prefix}year.eventsCsvMB`, value: first.eventsCsvBytes / 2 ** 20, unit: 'MB' },
    { name: `${prefix}year.availabilityCsvMB`, value: first.availabilityCsvBytes / 2 ** 20, unit: 'MB' },
    // maxRSS is in kilobytes; this process ran this size only.
    { name: `${prefix}peakRssMB`, value: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: 'peak of a process that ran this size only' },
  ];
}

const [which, repsArg] = process.argv.slice(2);
const size = which === 'full' ? FULL : which === 'tenth' ? TENTH : undefined;
const reps = Number(repsArg);
if (size === undefined || !Number.isInteger(reps) || reps < 1) {
  process.stderr.write('usage: node --import tsx bench/scale-size.ts full|tenth REPS\n');
  process.exit(2);
}
for (const f of sizeFigures(size, which === 'full' ? 'scale.' : 'scale.tenth.', reps)) process.stdout.write(`${JSON.stringify(f)}\n`);
