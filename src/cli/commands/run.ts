/**
 * `kubeblast run SCENARIO [--seed N] [--out DIR] [--until DURATION] [--fail-on-slo]`: one
 * simulation; prints a summary table and writes summary.json, availability.csv, events.csv and
 * report.html into the output directory (design.md §2, §4).
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { runOnce } from '../../batch/figures.js';
import { InputError } from '../../errors.js';
import { runChecked } from '../../check/run.js';
import { loadScenario } from '../../scenario/load.js';
import { escapeControls } from '../../yaml/limits.js';
import { DurationError, parseDuration } from '../../units/duration.js';
import { runFacts } from '../describe/run-facts.js';
import { runProgressLine } from '../run-progress.js';
import { describeRun } from '../describe/run-summary.js';
import { runWritingOutputs } from '../run-outputs.js';
import type { RunOutputs } from '../../world/world.js';
import { EXIT_FAILURE, ExitWith, type CliIo } from '../program.js';

/** A `--seed` value: a non-negative integer. */
export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new InputError(`--seed: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/** A `--until` value: a positive duration (`0s` is refused, as `duration: 0s` is in a scenario). */
export function parseUntil(text: string): number {
  let t: number;
  try {
    t = parseDuration(text);
  } catch (err) {
    if (err instanceof DurationError) throw new InputError(`--until: ${err.message}`);
    throw err;
  }
  if (t <= 0) throw new InputError(`--until: expected a positive duration such as 30s, got "${text}"`);
  return t;
}

/** What one run of the command returns: the run, its summary.json and, with --check, the violations. */
type Ran = ReturnType<typeof runOnce> & { violations?: string[] };

interface RunOpts {
  seed?: string;
  out?: string;
  until?: string;
  failOnSlo?: boolean;
  all?: boolean;
  check?: boolean;
}

/** Registers `run`. */
export function runCommand(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run one simulation; print a summary and write summary.json, availability.csv, events.csv and report.html')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'seed (default: the scenario\'s)')
    .option('--out <dir>', 'output directory (default: reports/<scenario name>)')
    .option('--until <duration>', 'simulate this long instead of the scenario\'s duration')
    .option('--fail-on-slo', 'exit with status 1 when an SLO is missed')
    .option('--all', 'list every object in the summary, not only those below their objective')
    .option('--check', 'watch every invariant of src/check during the run; exit 1 and list them on a violation')
    .action((file: string, opts: RunOpts) => {
      const seed = opts.seed === undefined ? undefined : parseSeed(opts.seed);
      const untilUs = opts.until === undefined ? undefined : parseUntil(opts.until);
      const scenario = loadScenario(file);
      // The one run function that sweep, blast and capacity call too (src/batch/figures.ts); the
      // CSVs are streamed into the output set while it runs (src/cli/run-outputs.ts).
      const line = runProgressLine();
      const run = (outputs: RunOutputs): Ran => {
        try {
          // --check: the same run with the invariant checkers of src/check attached from outside.
          return opts.check
            ? runChecked(scenario, seed, { untilUs, progress: line.hook, wallClock: () => performance.now(), outputs })
            : runOnce(scenario, seed, { untilUs, progress: line.hook, outputs });
        } finally {
          line.clear();
        }
      };
      const { ran, out } = runWritingOutputs(opts.out ?? `reports/${scenario.name}`, run);
      const { result, summary } = ran;
      const lines = describeRun(summary, runFacts(result), { all: opts.all });
      const shown = relative(process.cwd(), out) || '.';
      const violations = ran.violations ?? [];
      // Say that the checkers ran, not only when they fire: a silent --check reads like no --check.
      if (opts.check) lines.push('', violations.length === 0 ? 'invariants (--check): none violated' : `invariants (--check): ${violations.length} violated (listed on stderr)`);
      lines.push('', `wrote ${shown}/summary.json, availability.csv, events.csv`, `report: ${shown}/report.html`);
      io.out(`${lines.join('\n')}\n`);
      if (violations.length > 0) {
        io.err(violations.map((v) => `kubeblast: invariant violated: ${escapeControls(v)}\n`).join(''));
        throw new ExitWith(EXIT_FAILURE, `${violations.length} invariant violation${violations.length === 1 ? '' : 's'}; replay: kubeblast run ${file} --seed ${result.seed} --check`);
      }
      const missed = summary.objects.filter((o) => o.hasSlo && o.availability.slo < 1);
      if (opts.failOnSlo && missed.length > 0) {
        throw new ExitWith(EXIT_FAILURE, `SLO missed by ${missed.map((o) => o.object).join(', ')}`);
      }
    });
}
