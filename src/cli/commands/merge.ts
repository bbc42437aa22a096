/** `kubeblast merge DIR... --out DIR`: joins the shard directories of one sweep (design.md §2). */
import type { Command } from 'commander';
import { relative } from 'node:path';
import type { SweepSummary } from '../../batch/aggregate.js';
import { describeSweep } from '../../batch/describe.js';
import { merge } from '../../batch/merge.js';
import type { CliIo } from '../program.js';

/** Registers `merge`. */
export function mergeCommand(program: Command, io: CliIo): void {
  program
    .command('merge')
    .description('join the shard directories of one sweep (--shard I/N) into the outputs a single sweep gives')
    .argument('<dir...>', 'shard directories')
    .requiredOption('--out <dir>', 'directory for the merged sweep')
    .action((dirs: string[], opts: { out: string }) => {
      const r = merge(dirs, opts.out);
      const shown = relative(process.cwd(), opts.out) || '.';
      const summary = JSON.parse(r.outputs.get('summary.json')!) as SweepSummary;
      io.out(`${[`merge: ${r.runs} runs from ${dirs.length} directories`, ...describeSweep(summary), '', `wrote ${shown}/runs.csv, summary.json`, `report: ${shown}/report.html`].join('\n')}\n`);
    });
}
