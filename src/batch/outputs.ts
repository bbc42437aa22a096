/**
 * The output files of a finished sweep (or of merged shards), from the stored runs: runs.csv,
 * summary.json and report.html. Deterministic: nothing here reads the wall clock.
 */
import { renderSweepReport } from '../report/sweep.js';
import { aggregate, type SweepSummary } from './aggregate.js';
import type { RunFigures } from './figures.js';
import type { SweepManifest } from './results-dir.js';
import { runsCsv } from './runs-csv.js';

/** The files (name → content) of a sweep whose runs are `runs[i]` for scenario i, in seed order. */
export function sweepOutputs(m: SweepManifest, runs: RunFigures[][]): Map<string, string> {
  const summary: SweepSummary = aggregate(m.scenarios.map((s) => s.name), m.seeds, runs);
  return new Map([
    ['runs.csv', runsCsv(runs)],
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['report.html', renderSweepReport(m, summary, runs)],
  ]);
}
