/**
 * The worker pool from both places it runs: src/ under vitest (worker.ts through tsx) and a
 * production build (worker.js, plain node). Each must run `figures` tasks with the same figures
 * as a run in this thread, and parse a scenario once per worker.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFigures, type RunFigures } from '../../src/batch/figures.js';
import { BatchPool } from '../../src/batch/pool.js';
import { loadScenario } from '../../src/scenario/load.js';
import { buildDist, ROOT } from './build-dist.js';

const SCENARIO = join(ROOT, 'test/batch/fixtures/small.yaml');
const SEEDS = [1, 2, 3];
const strip = (f: RunFigures) => ({ ...f, wallMs: 0 });

describe('BatchPool from src/ (worker.ts under tsx)', () => {
  const pool = new BatchPool({ workers: 2 });
  afterAll(() => pool.close());

  it('gives the figures of a run in this thread, and parses the scenario once per worker', async () => {
    const got = await Promise.all(SEEDS.map((seed) => pool.run<RunFigures>('figures', SCENARIO, { seed })));
    const scenario = loadScenario(SCENARIO);
    for (const [i, seed] of SEEDS.entries()) expect(strip(got[i]), `seed ${seed}`).toEqual(strip(runFigures(scenario, seed)));
    const counts = await Promise.all([0, 1, 2, 3].map(() => pool.run<number>('__cached', SCENARIO, {})));
    for (const c of counts) expect(c).toBeLessThanOrEqual(1);
  });

  it('rejects an unknown task kind with the known ones named', async () => {
    await expect(pool.run('nope', SCENARIO, {})).rejects.toThrow(/no batch task kind "nope" \(known: .*figures/);
  });
});

describe('BatchPool from a production build (worker.js, no tsx)', () => {
  it('runs figures tasks in plain node', async () => {
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    const dist = await buildDist(mkdtempSync(join(ROOT, 'test-results', 'dist-')));
    const script = join(dist, 'probe.mjs');
    writeFileSync(script, [
      `import { BatchPool } from './batch/pool.js';`,
      `const pool = new BatchPool({ workers: 2 });`,
      `const rs = await Promise.all([1, 2].map((seed) => pool.run('figures', ${JSON.stringify(SCENARIO)}, { seed })));`,
      `await pool.close();`,
      `process.stdout.write(JSON.stringify(rs.map((r) => ({ ...r, wallMs: 0 }))));`,
    ].join('\n'));
    let out: RunFigures[];
    try {
      out = JSON.parse(execFileSync(process.execPath, [script], { cwd: ROOT, encoding: 'utf8' })) as RunFigures[];
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
    const scenario = loadScenario(SCENARIO);
    expect(out).toEqual([1, 2].map((seed) => strip(runFigures(scenario, seed))));
  });
});
