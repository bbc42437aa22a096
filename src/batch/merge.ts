/**
 * `kubeblast merge DIR... --out DIR`: joins the shard directories of one sweep into the result a
 * single sweep gives (the same runs.csv and summary.json bytes: both are computed from the stored
 * runs alone). Refuses directories of different sweeps and names any seed no shard holds.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { writeOutputs } from '../cli/outdir.js';
import { InputError } from '../errors.js';
import type { RunFigures } from './figures.js';
import { allPairs, formatSeedList } from './plan.js';
import { manifestDifference, MANIFEST, openSweepDir, readManifest, readRun, runPath, type SweepManifest } from './results-dir.js';
import { sweepOutputs } from './outputs.js';

/** What merge wrote. */
export interface MergeOutcome {
  manifest: SweepManifest;
  outputs: Map<string, string>;
  runs: number;
}

function manifests(dirs: string[]): SweepManifest[] {
  if (dirs.length === 0) throw new InputError('merge: give at least one shard directory');
  return dirs.map((d) => {
    const m = readManifest(d);
    if (!m) throw new InputError(`merge: ${d} is not a sweep directory (no ${MANIFEST})`);
    return m;
  });
}

/** For every (scenario, seed), the first directory that holds it; missing seeds are an `InputError`. */
function locate(dirs: string[], m: SweepManifest): string[][] {
  const pairs = allPairs(m.scenarios.length, m.seeds);
  const where: string[][] = m.scenarios.map(() => []);
  const missing: number[][] = m.scenarios.map(() => []);
  for (const p of pairs) {
    const name = m.scenarios[p.scenario].name;
    const dir = dirs.find((d) => existsSync(runPath(d, name, p.seed)));
    if (dir === undefined) missing[p.scenario].push(p.seed);
    else where[p.scenario][p.seed - m.seeds.from] = dir;
  }
  const gaps = m.scenarios.map((s, i) => (missing[i].length > 0 ? `${s.name}: seeds ${formatSeedList(missing[i])}` : '')).filter(Boolean);
  if (gaps.length > 0) throw new InputError(`merge: runs missing from every directory given (${gaps.join('; ')}); finish those shards (rerun them with the same arguments) or give their directories`);
  return where;
}

/** Merges shard directories into `outDir` and writes the sweep's outputs there. */
export function merge(dirs: string[], outDir: string): MergeOutcome {
  const ms = manifests(dirs);
  for (const [i, m] of ms.entries()) {
    const diff = manifestDifference(ms[0], m, true);
    if (diff) throw new InputError(`merge: ${dirs[i]} is not a shard of the same sweep as ${dirs[0]} (${diff})`);
  }
  const manifest: SweepManifest = { ...ms[0], shard: null };
  const where = locate(dirs, manifest);
  openSweepDir(outDir, manifest);
  const runs: RunFigures[][] = manifest.scenarios.map((s, i) => where[i].map((dir, k) => {
    const seed = manifest.seeds.from + k;
    // Read (and checked whole) before it is copied: a damaged shard file is refused, not spread.
    const run = readRun(dir, s.name, seed);
    if (runPath(dir, s.name, seed) !== runPath(outDir, s.name, seed)) copyFileSync(runPath(dir, s.name, seed), runPath(outDir, s.name, seed));
    return run;
  }));
  const outputs = sweepOutputs(manifest, runs);
  writeOutputs(outDir, outputs);
  return { manifest, outputs, runs: runs.reduce((n, r) => n + r.length, 0) };
}
