/**
 * Sweep outputs are a function of the stored runs only: byte-identical runs.csv and summary.json
 * for 1 and 2 workers, after a SIGKILL in the middle and a restart, and refused when the
 * arguments do not match the directory.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRun, writeRun } from '../../src/batch/results-dir.js';
import { sweep } from '../../src/batch/sweep.js';
import { InputError } from '../../src/errors.js';
import { runCli, ROOT } from '../cli/run.js';

const SCENARIO = join(ROOT, 'test/batch/fixtures/small.yaml');
const SEEDS = { from: 1, to: 16 };
const FILES = ['runs.csv', 'summary.json'];
const read = (dir: string) => FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `kubeblast-sweep-${name}-`));

let reference: string[];
let referenceDir: string;

beforeAll(async () => {
  referenceDir = tmp('w1');
  await sweep({ files: [SCENARIO], seeds: SEEDS, outDir: referenceDir, workers: 1 });
  reference = read(referenceDir);
});

describe('sweep determinism', () => {
  it('writes the same bytes with 2 workers as with 1 (seeds 1..16)', async () => {
    const dir = tmp('w2');
    await sweep({ files: [SCENARIO], seeds: SEEDS, outDir: dir, workers: 2 });
    const got = read(dir);
    for (const [i, f] of FILES.entries()) expect(got[i], f).toBe(reference[i]);
    expect(reference[0].split('\n').length).toBe(1 + 16 * 6 + 1); // header, 2 objects + 4 control-plane rows per seed, final newline
  });

  it('resumes after SIGKILL mid-sweep and ends with the uninterrupted bytes', async () => {
    const dir = tmp('kill');
    const runs = join(dir, 'runs', 'small');
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'sweep', SCENARIO, '--seeds', '1..16', '--workers', '1', '--quiet', '--out', dir];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    // Kill as soon as a few runs are stored (the sweep is then mid-way: 16 runs take far longer).
    await new Promise<void>((res) => {
      const poll = setInterval(() => {
        if (existsSync(runs) && readdirSync(runs).filter((f) => f.endsWith('.json')).length >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          res();
        }
      }, 20);
    });
    await exited;
    const stored = readdirSync(runs).filter((f) => /^\d+\.json$/.test(f)).length;
    expect(stored, 'killed mid-way').toBeLessThan(16);
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    const again = await runCli(['sweep', SCENARIO, '--seeds', '1..16', '--workers', '2', '--quiet', '--out', dir]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`\\(${stored} already in`));
    const got = read(dir);
    for (const [i, f] of FILES.entries()) expect(got[i], f).toBe(reference[i]);
  });

  it('runs again, instead of trusting, stored runs left truncated, empty or of another seed', async () => {
    const dir = tmp('damaged');
    cpSync(referenceDir, dir, { recursive: true });
    const runs = join(dir, 'runs', 'small');
    truncateSync(join(runs, '3.json'), 100); // a full disk mid-write under the final name
    writeFileSync(join(runs, '7.json'), ''); // a power loss after an unflushed rename
    writeFileSync(join(runs, '9.json'), readFileSync(join(runs, '10.json'))); // whole JSON, wrong seed
    rmSync(join(dir, 'summary.json'));
    const redone: string[] = [];
    const r = await sweep({ files: [SCENARIO], seeds: SEEDS, outDir: dir, workers: 1, onRedo: (p) => redone.push(p) });
    expect(redone.sort()).toEqual(['3.json', '7.json', '9.json'].map((f) => join(runs, f)));
    expect(r.ran).toBe(3);
    const got = read(dir);
    for (const [i, f] of FILES.entries()) expect(got[i], f).toBe(reference[i]);
  });

  it('stores for seed N the figures that kubeblast run --seed N prints in summary.json', async () => {
    const out = tmp('run');
    const r = await runCli(['run', SCENARIO, '--seed', '5', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const run = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { objects: unknown[]; controlPlane: { etcd: object } };
    const stored = JSON.parse(readFileSync(join(referenceDir, 'runs', 'small', '5.json'), 'utf8')) as { objects: Array<Record<string, unknown>>; controlPlane: { etcd: object } };
    const objects = stored.objects.map(({ recoveriesS: _r, ...o }) => o);
    expect(objects, 'seed 5').toEqual(run.objects);
    expect(stored.controlPlane, 'seed 5').toEqual({ ...run.controlPlane, etcd: { ...run.controlPlane.etcd, elections: [] } });
  });

  it('a run that cannot be stored (disk full, folder gone) is an InputError saying how to resume', () => {
    const dir = tmp('gone');
    const f = readRun(referenceDir, 'small', 1);
    expect(() => writeRun(dir, f)).toThrow(InputError); // no runs/small folder: ENOENT
    expect(() => writeRun(dir, f)).toThrow(/cannot store small seed 1 \(ENOENT\).*run the same command again to resume/);
  });

  it('refuses a directory whose sweep.json is not a sweep manifest (exit 2, not an internal error)', async () => {
    const dir = tmp('foreign');
    writeFileSync(join(dir, 'sweep.json'), '{"scenarios": 3}\n');
    const r = await runCli(['sweep', SCENARIO, '--seeds', '1..2', '--quiet', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/sweep\.json: not a kubeblast sweep manifest/);
  });

  it('refuses a directory holding a sweep with other arguments', async () => {
    const dir = tmp('mismatch');
    await sweep({ files: [SCENARIO], seeds: { from: 1, to: 2 }, outDir: dir, workers: 1 });
    await expect(sweep({ files: [SCENARIO], seeds: { from: 1, to: 3 }, outDir: dir, workers: 1 })).rejects.toThrow(InputError);
    const r = await runCli(['sweep', SCENARIO, '--seeds', '1..3', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds a different sweep \(seeds 1\.\.2 vs 1\.\.3\)/);
  });
});
