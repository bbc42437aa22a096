/**
 * Scale figures (design.md §6): the whole world — real control plane, kubelets, controllers,
 * scheduler, faults — at Kubernetes' published limits (5,000 nodes, ~150,000 pods) and at a tenth
 * of them, so that the ratio shows how cost grows. The scenario is `scale-scenario.ts`; the runs
 * are in `scale-size.ts`.
 *
 * Each size runs in a child process of its own, so that `scale.peakRssMB` is the peak of the full
 * size alone (not of the tenth's runs plus garbage left by them) and one size's heap does not slow
 * the other's. A repetition is a whole simulation, so at most 3 are timed per figure; the tenth
 * goes first and `BENCH_SCALE=tenth` runs only it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchGroup, BenchOptions, Figure } from './harness.js';

const CHILD = fileURLToPath(new URL('./scale-size.ts', import.meta.url));

/** Runs one size in a child process and returns the figures it printed (its progress passes through on stderr). */
function measureSize(which: 'full' | 'tenth', reps: number): Figure[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, which, String(reps)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 2 ** 24,
  });
  if (r.status !== 0) throw new Error(`bench: scale ${which} child failed (status ${r.status}, signal ${r.signal ?? 'none'})`);
  return r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Figure);
}

function value(figures: Figure[], name: string): number {
  const f = figures.find((x) => x.name === name);
  if (f === undefined) throw new Error(`bench: scale child printed no ${name}`);
  return f.value;
}

/** The scale group of figures. */
export const scaleBench: BenchGroup = {
  name: 'scale',
  description: 'the whole world at 5,000 nodes / ~150,000 pods and at a tenth: boot, and a simulated year of node, rack and zone failures; each size in its own process',
  run(opts: BenchOptions): Figure[] {
    const reps = Math.max(1, Math.min(opts.reps, 3));
    const tenth = measureSize('tenth', reps);
    if (process.env.BENCH_SCALE === 'tenth') return tenth;
    const full = measureSize('full', reps);
    const ratio = value(full, 'scale.year.wallMs') / value(tenth, 'scale.tenth.year.wallMs');
    return [
      ...full,
      ...tenth,
      { name: 'scale.year.fullOverTenth', value: ratio, unit: 'ratio', note: 'wall of a year at full size ÷ at a tenth (10× nodes and pods)' },
    ];
  },
};
