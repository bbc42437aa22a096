/**
 * `kubeblast sweep SCENARIO... --seeds A..B [--workers N] [--shard I/N|env] [--out DIR]
 * [--until D] [--quiet]`: Monte Carlo over seeds on a worker pool (design.md §2, §4 "Batch
 * outputs"); resumable in its `--out` directory.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { describeSweep } from '../../batch/describe.js';
import { parseSeeds, parseShard } from '../../batch/plan.js';
import { makeProgress, type ProgressMode } from '../../batch/progress.js';
import { sweep } from '../../batch/sweep.js';
import { InputError } from '../../errors.js';
import type { CliIo } from '../program.js';
import { parseUntil } from './run.js';
import type { SweepSummary } from '../../batch/aggregate.js';

interface SweepOpts {
  seeds: string;
  workers?: string;
  shard?: string;
  out?: string;
  until?: string;
  quiet?: boolean;
}

/** A `--workers` value: a positive integer. */
export function parseWorkers(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InputError(`--workers: expected a positive integer, got "${text}"`);
  return Number(text);
}

/** Registers `sweep`. */
export function sweepCommand(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('Monte Carlo over seeds (several scenarios: variants on the same seeds, compared pairwise); resumable; writes runs.csv, summary.json, report.html')
    .argument('<scenario...>', 'scenario YAML files (the first is the baseline of the comparisons)')
    .requiredOption('--seeds <A..B>', 'seed range, inclusive')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--shard <I/N>', 'run only shard I (0-based) of N; "env" reads JOB_COMPLETION_INDEX and JOB_COMPLETIONS')
    .option('--out <dir>', 'sweep directory (default: reports/sweep-<first scenario>); rerun with the same arguments to resume')
    .option('--until <duration>', 'simulate this long instead of each scenario\'s duration')
    .option('--quiet', 'no progress output')
    .action(async (files: string[], opts: SweepOpts) => {
      const seeds = parseSeeds(opts.seeds);
      const workers = opts.workers === undefined ? undefined : parseWorkers(opts.workers);
      const shard = opts.shard === undefined ? null : parseShard(opts.shard);
      const until = opts.until === undefined ? null : { text: opts.until, us: parseUntil(opts.until) };
      const mode: ProgressMode = opts.quiet ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines';
      const outDir = opts.out ?? `reports/sweep-${files[0].replace(/^.*\//, '').replace(/\.ya?ml$/, '')}`;
      const started = performance.now();
      const r = await sweep({ files, seeds, outDir, workers, shard, until, progress: makeProgress(mode),
        onRedo: (path) => io.err(`sweep: ${relative(process.cwd(), path)} is not a whole run (truncated or damaged): removed, running it again\n`) });
      const shown = relative(process.cwd(), outDir) || '.';
      const wallS = ((performance.now() - started) / 1000).toFixed(1);
      const head = `sweep: ${r.ran} runs in ${wallS} s${r.skipped > 0 ? ` (${r.skipped} already in ${shown}, skipped)` : ''}`;
      if (!r.outputs) {
        io.out(`${head}\nshard ${shard!.index}/${shard!.count} stored in ${shown}/runs; join the shards with: kubeblast merge DIR... --out DIR\n`);
        return;
      }
      const summary = JSON.parse(r.outputs.get('summary.json')!) as SweepSummary;
      io.out(`${[head, ...describeSweep(summary), '', `wrote ${shown}/runs.csv, summary.json`, `report: ${shown}/report.html`].join('\n')}\n`);
    });
}
