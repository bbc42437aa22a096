/**
 * `kubeblast capacity SCENARIO --survive LEVEL [--per zone|rack] [--min N] [--max N] [--for D]
 * [--settle D] [--seeds A..B] [--steps K] [--workers N] [--out DIR]`: the smallest node count per
 * zone (or per rack) that survives the loss of any one domain of LEVEL (batch/capacity.ts), each
 * probe a blast on the worker pool; with `--seeds`, availability against cost from the answer up.
 * Writes capacity.json, report.html, the answer's and the failing count's scenarios and blast.csv.
 * No count surviving up to --max is an answer too (`answer: null`), not an error: exit status 0,
 * as design.md §2 reserves 1 for --fail-on-slo.
 */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { poolRunner } from '../../batch/blast-pool.js';
import { blastDomains } from '../../batch/blast-domains.js';
import { blastCsv } from '../../batch/blast-csv.js';
import { defaultSettleUs } from '../../batch/blast-run.js';
import { searchCapacity, type CapacityResult } from '../../batch/capacity.js';
import { capacityJson } from '../../batch/capacity-json.js';
import { fileProber, probeFileName, probeLine, probeYaml } from '../../batch/capacity-probe.js';
import { costCurve, type CostPoint } from '../../batch/capacity-sweep.js';
import type { RunFigures } from '../../batch/figures.js';
import { parseSeeds, type SeedRange } from '../../batch/plan.js';
import { BatchPool } from '../../batch/pool.js';
import type { CountPer } from '../../batch/variant.js';
import { InputError } from '../../errors.js';
import { renderCapacityReport } from '../../report/capacity.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { table } from '../describe/text.js';
import { writeOutputs } from '../outdir.js';
import type { CliIo } from '../program.js';
import { parsePositiveDuration, workersOption } from './blast.js';

/** Levels `--survive` accepts: those whose failure takes nodes away. */
const SURVIVE = ['node', 'rack', 'zone', 'region'] as const;

function count(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10000) throw new InputError(`${flag}: expected a whole number from 1 to 10000, got "${text}"`);
  return Number(text);
}

interface CapacityOpts {
  survive: string;
  per: string;
  min: string;
  max: string;
  for: string;
  settle?: string;
  seeds?: string;
  steps: string;
  workers?: string;
  out?: string;
}

/** Every option checked, before any run. */
function parseOptions(o: CapacityOpts) {
  if (!(SURVIVE as readonly string[]).includes(o.survive)) throw new InputError(`--survive: expected one of ${SURVIVE.join(', ')}, got "${o.survive}"`);
  if (o.per !== 'zone' && o.per !== 'rack') throw new InputError(`--per: expected zone or rack, got "${o.per}"`);
  const min = count('--min', o.min);
  const max = count('--max', o.max);
  if (max < min) throw new InputError(`--max ${max} is below --min ${min}`);
  return {
    level: o.survive as (typeof SURVIVE)[number], per: o.per as CountPer, min, max,
    forUs: parsePositiveDuration('--for', o.for), settleUs: o.settle === undefined ? null : parsePositiveDuration('--settle', o.settle),
    seeds: o.seeds === undefined ? null : parseSeeds(o.seeds), steps: count('--steps', o.steps) - 1, workers: workersOption(o.workers),
  };
}

/**
 * A zone, rack or region level with one domain: its loss takes every node, and no count changes
 * that (probes resize zones, never add domains), so the search would blast up to --max for
 * nothing. Refused before any run; `node` is not, as the count adds nodes.
 */
function refuseLoneDomain(s: Scenario, level: (typeof SURVIVE)[number]): void {
  if (level === 'node') return;
  const domains = blastDomains(s.topology, [level]);
  if (domains.length > 1) return;
  const has = domains.length === 1 ? `one ${level} (${domains[0].domain})` : `no ${level}`;
  throw new InputError(`--survive ${level}: ${s.display} has ${has}; no node count survives losing it (try a lower level, or more ${level}s in the topology)`);
}

/** The output files: capacity.json, report.html, and the scenario and blast.csv of the passing and failing counts. */
function capacityFiles(s: Scenario, r: CapacityResult, forText: string, window: { forUs: number; settleUs: number }, curve: CostPoint[] | null, outDir: string): Map<string, string> {
  const files = new Map<string, string>([['capacity.json', capacityJson(r, window, curve)], ['report.html', renderCapacityReport(s.name, r, forText, curve)]]);
  for (const p of [r.passing, r.failing]) {
    if (!p?.blast) continue;
    files.set(probeFileName(p.count), probeYaml(s.file, r, p.count, resolve(outDir)));
    files.set(`blast-${p.count}.csv`, blastCsv(p.blast));
  }
  return files;
}

/** Registers `capacity`. */
export function capacityCommand(program: Command, io: CliIo): void {
  program
    .command('capacity')
    .description('find the smallest node count per zone (or rack) that survives the loss of any one domain of a level; price it')
    .argument('<scenario>', 'scenario YAML file')
    .requiredOption('--survive <level>', `the level to survive (${SURVIVE.join(', ')})`)
    .option('--per <zone|rack>', 'what the count is per', 'zone')
    .option('--min <n>', 'smallest count to try', '1')
    .option('--max <n>', 'largest count to try', '64')
    .option('--for <duration>', 'how long each domain stays failed', '30m')
    .option('--settle <duration>', 'how long each run goes on after the domain is back (default: 10m)')
    .option('--seeds <A..B>', 'also run the scenario\'s random failures on these seeds, from the answer up, for availability against cost')
    .option('--steps <k>', 'with --seeds: how many counts from the answer up', '3')
    .option('--workers <n>', 'worker threads (default: one per core)')
    .option('--out <dir>', 'output directory (default: reports/<scenario name>-capacity)')
    .action(async (file: string, opts: CapacityOpts) => {
      const o = parseOptions(opts);
      const scenario = loadScenario(file);
      refuseLoneDomain(scenario, o.level);
      const settleUs = o.settleUs ?? defaultSettleUs(scenario);
      const outDir = opts.out ?? `reports/${scenario.name}-capacity`;
      const work = mkdtempSync(join(tmpdir(), 'kubeblast-capacity-'));
      const pool = new BatchPool({ workers: o.workers });
      let r: CapacityResult;
      let curve: CostPoint[] | null = null;
      try {
        const probe = fileProber({ ...o, file: scenario.file, workDir: work, forUs: o.forUs, settleUs: () => settleUs, runner: (path) => poolRunner(pool, path) });
        // Each probe is a whole blast: say on stderr how the search goes.
        r = await searchCapacity(o, async (n) => {
          const p = await probe(n);
          io.err(`probe ${probeLine(p, o.per)}\n`);
          return p;
        });
        if (o.seeds && r.answer !== null) curve = await sweep(scenario.file, work, o.per, r.answer, o.steps, o.seeds, pool);
      } finally {
        await pool.close();
        rmSync(work, { recursive: true, force: true });
      }
      const out = writeOutputs(outDir, capacityFiles(scenario, r, opts.for, { forUs: o.forUs, settleUs }, curve, outDir));
      const shown = relative(process.cwd(), out) || '.';
      io.out(`${summaryLines(scenario.name, r, curve, shown).join('\n')}\n`);
    });
}

function sweep(file: string, work: string, per: CountPer, answer: number, steps: number, seeds: SeedRange, pool: BatchPool): Promise<CostPoint[]> {
  const counts = Array.from({ length: steps + 1 }, (_, i) => answer + i);
  return costCurve({ file, workDir: work, per, counts, seeds, run: (path, seed) => pool.run<RunFigures>('figures', path, { seed }) });
}

function summaryLines(name: string, r: CapacityResult, curve: CostPoint[] | null, shown: string): string[] {
  const head = ['per ' + r.per, 'nodes', 'blast', 'worst domain', 'worst object', 'cost/month'];
  const rows = [...r.probes].sort((a, b) => a.count - b.count).map((p) => [String(p.count), String(p.nodes), p.passed ? 'passes' : 'fails', p.worstDomain ?? '-', p.worstObject ?? '-', p.costPerMonth === null ? '-' : p.costPerMonth.toFixed(2)]);
  const answer = r.answer === null
    ? `capacity ${name}: no count up to ${r.max} per ${r.per} survives the loss of any one ${r.level}`
    : `capacity ${name}: ${r.answer} node${r.answer === 1 ? '' : 's'} per ${r.per} (${r.passing!.nodes} nodes${r.passing!.costPerMonth === null ? '' : `, ${r.passing!.costPerMonth.toFixed(2)}/month`}) survive${r.answer === 1 ? 's' : ''} the loss of any one ${r.level}; ${r.answer - 1} ${r.answer - 1 === 1 ? 'does' : 'do'} not`;
  const lines = [answer, '', ...table([head, ...rows])];
  if (curve) {
    lines.push('', `SLO availability under the scenario's random failures, mean over ${curve[0]?.seeds ?? 0} seeds:`);
    const pct = (a: number) => `${(a * 100).toFixed(4)}%`;
    for (const p of curve) {
      lines.push(`  ${p.count} per ${r.per}${p.costPerMonth === null ? '' : ` (${p.costPerMonth.toFixed(2)}/month)`}:`);
      for (const x of p.objects) lines.push(`    ${x.object}  ${pct(x.mean)}${x.ci95 ? `  (95% interval ${pct(x.ci95[0])} to ${pct(Math.min(1, x.ci95[1]))})` : ''}`);
    }
  }
  lines.push('', `wrote ${shown}/capacity.json`, `report: ${shown}/report.html`);
  return lines;
}
