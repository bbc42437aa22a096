/**
 * `kubeblast blast SCENARIO [--levels …] [--for DURATION] [--settle DURATION] [--workers N]
 * [--out DIR] [--fail-on-slo]`: fails every domain of the given levels, one run each, on the batch worker pool;
 * prints the worst domains; writes blast.csv, report.html (heat map) and one replay scenario per
 * domain into the output directory, as one set (design.md §2, §4 "Batch outputs").
 */
import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { BLAST_LEVELS, parseLevels, type BlastLevel } from '../../batch/blast-domains.js';
import { blastCsv, blastTable } from '../../batch/blast-csv.js';
import { replayFileName, replayYaml } from '../../batch/blast-replay.js';
import { defaultSettleUs } from '../../batch/blast-run.js';
import { runBlast, verdicts, type BlastResult } from '../../batch/blast.js';
import { blastDomains } from '../../batch/blast-domains.js';
import { blastProgress } from '../../batch/blast-progress.js';
import { poolRunner } from '../../batch/blast-pool.js';
import { BatchPool } from '../../batch/pool.js';
import { InputError } from '../../errors.js';
import { SEC } from '../../kernel/time.js';
import type { Scenario } from '../../scenario/types.js';
import { renderBlastReport } from '../../report/blast.js';
import { loadScenario } from '../../scenario/load.js';
import { formatDuration, parseDuration, DurationError } from '../../units/duration.js';
import { table } from '../describe/text.js';
import { writeOutputs } from '../outdir.js';
import { EXIT_FAILURE, ExitWith, type CliIo } from '../program.js';
import { parseWorkers } from './sweep.js';

/** A positive duration option (`--for`, `--settle`). */
export function parsePositiveDuration(flag: string, text: string): number {
  try {
    const us = parseDuration(text);
    if (us > 0) return us;
  } catch (err) {
    if (!(err instanceof DurationError)) throw err;
    throw new InputError(`${flag}: ${err.message}`);
  }
  throw new InputError(`${flag}: expected a positive duration such as 30m, got "${text}"`);
}

/** `--workers N` when given, checked as `sweep` checks it. */
export function workersOption(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseWorkers(text);
}

/** `--levels a,b`: known levels only. */
export function parseLevelList(text: string): BlastLevel[] {
  const r = parseLevels(text);
  if ('unknown' in r) throw new InputError(`--levels: unknown level "${r.unknown}"; expected some of ${BLAST_LEVELS.join(', ')}`);
  if (r.levels.length === 0) throw new InputError(`--levels: expected one or more of ${BLAST_LEVELS.join(', ')}`);
  return r.levels;
}

/** The output files of a blast: blast.csv, report.html and the replay files. */
export function blastFiles(b: BlastResult, scenarioFile: string, outDir: string): Map<string, string> {
  const files = new Map<string, string>([['blast.csv', blastCsv(b)]]);
  const replay = (level: BlastLevel, domain: string) => `kubeblast run ${replayFileName(level, domain)} (from this report's directory)`;
  files.set('report.html', renderBlastReport(b, replay));
  for (const d of b.domains) files.set(replayFileName(d.level, d.domain), replayYaml(scenarioFile, d, b.forUs, b.settleUs, resolve(outDir)));
  return files;
}

/**
 * Why a short --for leaves workloads "not recovered": pods of a dead node are only replaced once
 * the node lifecycle controller has marked it (grace period) and the default 300 s `unreachable`
 * toleration has run out (ref: kubernetes.md §1, DefaultTolerationSeconds,
 * plugin/pkg/admission/defaulttolerationseconds/admission.go).
 */
function windowNotes(s: Scenario, forUs: number): string[] {
  const graceUs = s.nodeLifecycle.gracePeriodUs;
  if (forUs < graceUs) return [`note: --for under the node grace period (${formatDuration(graceUs)}) ends before the node lifecycle controller reacts; nothing is rescheduled`];
  const evictUs = graceUs + DEFAULT_TOLERATION_US;
  if (forUs < evictUs) return [`note: --for under ${formatDuration(evictUs)} (grace period + the default 300 s unreachable toleration) ends before pods of failed nodes are evicted; workloads that lost pods cannot be back before the domain returns`];
  return [];
}

/** The default `unreachable` / `not-ready` NoExecute toleration the API server adds to pods. */
const DEFAULT_TOLERATION_US = 300 * SEC;

interface BlastOpts {
  failOnSlo?: boolean;
  levels: string;
  for: string;
  settle?: string;
  workers?: string;
  out?: string;
}

/** Registers `blast`. */
export function blastCommand(program: Command, io: CliIo): void {
  program
    .command('blast')
    .description('fail every domain of the given levels one at a time; write blast.csv, a heat map (report.html) and a replay scenario per domain')
    .argument('<scenario>', 'scenario YAML file')
    .option('--levels <list>', `levels to fail, comma-separated (${BLAST_LEVELS.join(', ')})`, BLAST_LEVELS.join(','))
    .option('--for <duration>', 'how long each domain stays failed', '30m')
    .option('--settle <duration>', 'how long the run goes on after the domain is back (default: 10m, see README)')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'output directory (default: reports/<scenario name>-blast)')
    .option('--fail-on-slo', 'exit with status 1 when an object with an SLO missed it in any domain')
    .action(async (file: string, opts: BlastOpts) => {
      const levels = parseLevelList(opts.levels);
      const forUs = parsePositiveDuration('--for', opts.for);
      const workers = workersOption(opts.workers);
      const scenario = loadScenario(file);
      const settleUs = opts.settle === undefined ? defaultSettleUs(scenario) : parsePositiveDuration('--settle', opts.settle);
      const outDir = opts.out ?? `reports/${scenario.name}-blast`;
      const pool = new BatchPool({ workers });
      const progress = blastProgress(blastDomains(scenario.topology, levels).length, 'blast');
      let b: BlastResult;
      try {
        b = await runBlast(scenario, { levels, forUs, settleUs }, poolRunner(pool, scenario.file), () => progress.done());
      } finally {
        progress.stop();
        await pool.close();
      }
      const out = writeOutputs(outDir, blastFiles(b, scenario.file, outDir));
      const failed = verdicts(b).filter((v) => !v.passed).length;
      const shown = relative(process.cwd(), out) || '.';
      const lines = [
        `blast ${scenario.name}: ${b.domains.length} domains (${levels.join(', ')}), each failed for ${opts.for}; ${failed} broke an SLO or did not recover`,
        '', ...table(blastTable(b)), '',
        `wrote ${shown}/blast.csv and ${b.domains.length} replay files (replay-LEVEL-DOMAIN.yaml)`, `report: ${shown}/report.html`,
      ];
      lines.push(...windowNotes(scenario, forUs));
      for (const level of ['zone', 'region'] as const) {
        const lone = b.domains.filter((d) => d.level === level);
        // The whole cluster's nodes (and its control plane) in one domain: nothing can move, so every row of it fails.
        if (lone.length === 1) lines.push(`note: ${level} ${lone[0].domain} is the only ${level}: failing it takes every node and the control plane, so nothing can recover before it returns`);
      }
      io.out(`${lines.join('\n')}\n`);
      const missed = verdicts(b).filter((v) => v.sloMissed > 0);
      if (opts.failOnSlo && missed.length > 0) throw new ExitWith(EXIT_FAILURE, `SLO missed when ${missed.map((v) => `${v.level} ${v.domain}`).join(', ')} failed`);
    });
}
