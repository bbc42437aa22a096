/**
 * How `kubeblast run` writes its four files (design.md §4) as one set: availability.csv and
 * events.csv are streamed into the set's temporary folder while the run goes (the run keeps only
 * what the report and the console read), then summary.json and report.html are written beside
 * them and the set is committed (src/cli/outdir.ts). A run that throws (a bad input found late, a
 * bug) removes the temporary folder: the previous outputs stay whole.
 */
import { renderReport } from '../report/html.js';
import { FileSink } from '../metrics/sink.js';
import type { SummaryJson } from '../metrics/summary.js';
import type { RunResult } from '../world/result.js';
import type { RunOutputs } from '../world/world.js';
import { stageOutputs } from './outdir.js';

/** The files of a run's set that are streamed during it. */
export const STREAMED = ['availability.csv', 'events.csv'] as const;

/** A run written: what `run` returned, the absolute output directory, the CSV sizes and the wall time after the run. */
export interface WrittenRun<R> {
  ran: R;
  out: string;
  csvBytes: { availability: number; events: number };
  /** Wall time from the end of the run to the committed set (report, summary, moves). */
  afterRunMs: number;
}

/**
 * Calls `run` with sinks into `outDir`'s staged set, then writes summary.json and report.html and
 * commits the four files. `run` must pass the sinks to the run (`RunOptions.outputs`).
 */
export function runWritingOutputs<R extends { result: RunResult; summary: SummaryJson }>(outDir: string, run: (outputs: RunOutputs) => R): WrittenRun<R> {
  const stage = stageOutputs(outDir);
  const sinks: FileSink[] = [];
  let ran: R;
  let files: Map<string, string>;
  let afterRun = 0;
  try {
    const availability = new FileSink(stage.path('availability.csv'));
    sinks.push(availability);
    const events = new FileSink(stage.path('events.csv'));
    sinks.push(events);
    ran = run({ availabilityCsv: availability, eventsCsv: events });
    // Wall time only to report what writing the outputs costs; the run never reads it.
    afterRun = performance.now();
    files = new Map([
      ['summary.json', `${JSON.stringify(ran.summary, null, 2)}\n`],
      ['report.html', renderReport(ran.result, ran.summary)],
    ]);
    for (const s of sinks) s.close();
  } catch (err) {
    for (const s of sinks) closeQuietly(s);
    stage.abort();
    throw err;
  }
  const out = stage.commit(files, STREAMED);
  return { ran, out, csvBytes: { availability: sinks[0].bytes, events: sinks[1].bytes }, afterRunMs: performance.now() - afterRun };
}

function closeQuietly(s: FileSink): void {
  try {
    s.close();
  } catch {
    // The run failed already; that error is the one to report.
  }
}
