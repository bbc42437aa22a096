/**
 * Sweep figures: `sweep.quickstart1000.wallS` — 1,000 seeds of the quick-start cluster and
 * manifests over 30 simulated days with `random: { profile: fleet-2009 }` faults, on the worker
 * pool (one worker per core), outputs written. The variant is written as a scenario that
 * `extends` scenarios/quickstart.yaml, as a user would. One timed repetition: the sweep is long
 * and its worker threads warm up inside it (BENCH_SWEEP_SEEDS overrides the seed count).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultWorkers } from '../src/batch/pool.js';
import { sweep } from '../src/batch/sweep.js';
import type { BenchGroup, Figure } from './harness.js';

const QUICKSTART = fileURLToPath(new URL('../scenarios/quickstart.yaml', import.meta.url));

/** The sweep group. */
export const sweepBench: BenchGroup = {
  name: 'sweep',
  description: 'kubeblast sweep: 1,000 seeds × 30 d of the quick start with fleet-2009 failures (target ≤ 60 s on 2 cores)',
  async run(): Promise<Figure[]> {
    const seeds = Number(process.env.BENCH_SWEEP_SEEDS ?? 1000);
    const dir = mkdtempSync(join(tmpdir(), 'kubeblast-bench-sweep-'));
    try {
      const file = join(dir, 'quickstart1000.yaml');
      writeFileSync(file, [
        `extends: ${JSON.stringify(QUICKSTART)}`,
        'metadata: { name: quickstart1000 }',
        'spec:',
        '  duration: 30d',
        '  faults:',
        '    - random: { profile: fleet-2009 }',
        '',
      ].join('\n'));
      const started = performance.now();
      const r = await sweep({ files: [file], seeds: { from: 1, to: seeds }, outDir: join(dir, 'out') });
      const wallS = (performance.now() - started) / 1000;
      const workers = defaultWorkers();
      return [
        { name: `sweep.quickstart${seeds}.wallS`, value: wallS, unit: 's', note: `${r.ran} runs, ${workers} workers; target ≤ 60 s on 2 cores` },
        { name: `sweep.quickstart${seeds}.runsPerS`, value: r.ran / wallS, unit: 'runs/s' },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
