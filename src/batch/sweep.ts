/**
 * `kubeblast sweep`: runs every (scenario, seed) of the plan that the directory does not hold yet
 * on the worker pool, stores each as it finishes, then writes the sweep's outputs from everything
 * stored. A shard (`--shard I/N`) runs and stores its share only; `merge` writes the outputs.
 */
import { writeOutputs } from '../cli/outdir.js';
import { InputError } from '../errors.js';
import { resolveExtends } from '../scenario/extends.js';
import { loadScenario } from '../scenario/load.js';
import { readYamlFile } from '../yaml/source.js';
import type { Scenario } from '../scenario/types.js';
import { fileHash } from './scenario-cache.js';
import type { FiguresArgs } from './figures-task.js';
import type { RunFigures } from './figures.js';
import { allPairs, inShard, type Pair, type SeedRange, type Shard } from './plan.js';
import { BatchPool, defaultWorkers } from './pool.js';
import type { Progress } from './progress.js';
import { doneSeeds, openSweepDir, readRun, writeRun, type SweepManifest } from './results-dir.js';
import { sweepOutputs } from './outputs.js';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';

/** Arguments of a sweep. */
export interface SweepArgs {
  files: string[];
  seeds: SeedRange;
  outDir: string;
  workers?: number;
  shard?: Shard | null;
  /** `--until` as given and in microseconds. */
  until?: { text: string; us: number } | null;
  progress?: Progress;
  /** Told the path of each stored run found damaged (removed, and run again). */
  onRedo?: (path: string) => void;
}

/** What a sweep did. */
export interface SweepOutcome {
  manifest: SweepManifest;
  scenarios: Scenario[];
  /** Runs done by this invocation, and already stored before it. */
  ran: number;
  skipped: number;
  /** The outputs written (null for a shard: merge writes them). */
  outputs: Map<string, string> | null;
}

/** sha256 of a scenario's file, of the bases it extends and of every manifest file it read. */
export function scenarioHash(s: Scenario): string {
  const h = createHash('sha256');
  const chain = resolveExtends(readYamlFile(s.file, s.display), s.file).files;
  // Manifest files are listed as written in the scenario, relative to its directory.
  for (const f of [...chain, ...s.manifests.files.map((m) => resolve(dirname(s.file), m))]) h.update(`${fileHash(f)}\n`);
  return h.digest('hex');
}

/** Loads the scenarios and builds the manifest of the sweep (names must be distinct: they key the outputs). */
export function planSweep(a: SweepArgs): { scenarios: Scenario[]; manifest: SweepManifest } {
  if (a.files.length === 0) throw new InputError('sweep: give at least one scenario');
  const scenarios = a.files.map((f) => loadScenario(f));
  const seen = new Map<string, string>();
  for (const s of scenarios) {
    const other = seen.get(s.name);
    if (other !== undefined) throw new InputError(`${s.display}: scenario name "${s.name}" is also the name of ${other}; variants in one sweep need distinct metadata.name`);
    seen.set(s.name, s.display);
  }
  const manifest: SweepManifest = {
    kubeblast: 'sweep',
    schemaVersion: 1,
    // Hashes cover the file and its manifests, not the path: the scenario's content is what must match.
    scenarios: scenarios.map((s) => ({ name: s.name, file: s.display, sha256: scenarioHash(s) })),
    seeds: a.seeds,
    until: a.until?.text ?? null,
    shard: a.shard ?? null,
  };
  return { scenarios, manifest };
}

/** Runs `todo` on the pool, storing each result the moment it arrives. */
async function runAll(dir: string, scenarios: Scenario[], todo: Pair[], a: SweepArgs): Promise<void> {
  const pool = new BatchPool({ workers: Math.max(1, Math.min(a.workers ?? defaultWorkers(), todo.length)) });
  try {
    await Promise.all(todo.map(async (p) => {
      const args: FiguresArgs = { seed: p.seed, untilUs: a.until?.us };
      const s = scenarios[p.scenario];
      const f = await pool.run<RunFigures, FiguresArgs>('figures', s.file, args).catch((err: unknown) => {
        // Name the run that failed, so that `kubeblast run FILE --seed N` reproduces it.
        throw new Error(`${s.display} seed ${p.seed}: ${err instanceof Error ? err.message : String(err)}`);
      });
      writeRun(dir, f);
      a.progress?.done(f);
    }));
  } finally {
    await pool.close();
  }
}

/** Runs (or resumes) a sweep into `a.outDir`. */
export async function sweep(a: SweepArgs): Promise<SweepOutcome> {
  const { scenarios, manifest } = planSweep(a);
  openSweepDir(a.outDir, manifest);
  const mine = allPairs(scenarios.length, a.seeds).filter((p) => inShard(p, scenarios.length, a.seeds, a.shard ?? null));
  const done = scenarios.map((s) => doneSeeds(a.outDir, s.name, a.onRedo));
  const todo = mine.filter((p) => !done[p.scenario].has(p.seed));
  a.progress?.start(mine.length, mine.length - todo.length);
  try {
    if (todo.length > 0) await runAll(a.outDir, scenarios, todo, a);
  } finally {
    a.progress?.stop();
  }
  const base = { manifest, scenarios, ran: todo.length, skipped: mine.length - todo.length };
  if (a.shard) return { ...base, outputs: null };
  const runs = scenarios.map((s) => mine.filter((p) => scenarios[p.scenario] === s).map((p) => readRun(a.outDir, s.name, p.seed)));
  const outputs = sweepOutputs(manifest, runs);
  writeOutputs(a.outDir, outputs);
  return { ...base, outputs };
}
