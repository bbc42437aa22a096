/**
 * `npm run bench [-- [--json] [--reps N] [--warmup N] [--list] [GROUP ...]]`
 *
 * Runs the bench groups (all, or the named ones) and prints their figures: a table for people,
 * or with `--json` one `{"name","value","unit"}` object per line and nothing else on stdout, for
 * scripts that track figures over commits (`npm run -s bench -- --json` also keeps npm's own
 * banner off stdout). Progress goes to stderr. Adding an area's figures is one line in `GROUPS`.
 */
import { etcdBench } from './etcd.js';
import { kernelBench } from './kernel.js';
import { scaleBench } from './scale.js';
import { schedulerBench } from './scheduler.js';
import { sweepBench } from './sweep.js';
import type { BenchGroup, BenchOptions, Figure } from './harness.js';

const GROUPS: BenchGroup[] = [
  kernelBench,
  etcdBench,
  schedulerBench,
  scaleBench,
  sweepBench,
];

interface Args {
  json: boolean;
  list: boolean;
  names: string[];
  opts: BenchOptions;
}

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\nusage: npm run bench -- [--json] [--reps N] [--warmup N] [--list] [GROUP ...]\n`);
  process.exit(2);
}

function count(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usage(`${flag} needs an integer ≥ ${min}, got "${value ?? ''}"`);
  return n;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, list: false, names: [], opts: { warmup: 2, reps: 5 } };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--list') args.list = true;
    else if (a === '--reps') args.opts.reps = count(a, argv[++i], 1);
    else if (a === '--warmup') args.opts.warmup = count(a, argv[++i], 0);
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else args.names.push(a);
  }
  return args;
}

function selectGroups(names: string[]): BenchGroup[] {
  if (names.length === 0) return GROUPS;
  return names.map((name) => GROUPS.find((g) => g.name === name) ?? usage(`no bench group "${name}"; groups: ${GROUPS.map((g) => g.name).join(', ')}`));
}

function formatValue(f: Figure): string {
  if (f.unit === 'ratio') return f.value.toFixed(3);
  if (Math.abs(f.value) >= 1000) return Math.round(f.value).toLocaleString('en');
  return f.value.toFixed(1);
}

function printTable(figures: Figure[]): void {
  const head = ['figure', 'median', 'unit', ''];
  const rows = figures.map((f) => [f.name, formatValue(f), f.unit, f.note ?? '']);
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`.trimEnd();
  process.stdout.write(`${line(head)}\n${w.slice(0, 3).map((n) => '-'.repeat(n)).join('  ')}\n`);
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const g of GROUPS) process.stdout.write(`${g.name}\t${g.description}\n`);
    return;
  }
  const figures: Figure[] = [];
  for (const group of selectGroups(args.names)) {
    process.stderr.write(`bench: ${group.name} — ${group.description} (${args.opts.warmup} warm-up, median of ${args.opts.reps})\n`);
    figures.push(...(await group.run(args.opts)));
  }
  // maxRSS is in kilobytes; it is the peak of the whole process, all groups included.
  figures.push({ name: 'bench.peakRssMB', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' });
  if (args.json) for (const { name, value, unit } of figures) process.stdout.write(`${JSON.stringify({ name, value, unit })}\n`);
  else printTable(figures);
}

await main();
