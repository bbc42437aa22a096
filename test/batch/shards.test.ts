/**
 * Sweeps beyond one machine, as the deploy/ Indexed Job runs them: three shard processes that read
 * their index from JOB_COMPLETION_INDEX (`--shard env`) and store into a shared directory, then
 * `kubeblast merge`: byte-identical runs.csv and summary.json to one sweep. Merge refuses a missing
 * shard (naming the seeds) and shards of another sweep; `validate` accepts the Job manifests.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/batch/sweep.js';
import { runCli, ROOT } from '../cli/run.js';

const SCENARIO = join(ROOT, 'test/batch/fixtures/rep1.yaml');
const OTHER = join(ROOT, 'test/batch/fixtures/rep3.yaml');
const FILES = ['runs.csv', 'summary.json'];
const read = (dir: string) => FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `kubeblast-shards-${name}-`));

/** Runs shard `index` of 3 the way the Job's pod does: index from the environment, its own directory on the shared volume. */
function shardPod(index: number, shared: string, seeds = '1..6'): Promise<number | null> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'sweep', SCENARIO, OTHER, '--seeds', seeds, '--until', '5d', '--workers', '1', '--quiet',
    '--shard', 'env', '--out', join(shared, `shard-${index}`)];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, JOB_COMPLETION_INDEX: String(index), JOB_COMPLETIONS: '3' } });
  return new Promise((res) => child.on('exit', (code) => res(code)));
}

let shared: string;
let reference: string[];

beforeAll(async () => {
  shared = tmp('volume');
  const one = tmp('one');
  const [codes] = await Promise.all([
    Promise.all([0, 1, 2].map((i) => shardPod(i, shared))),
    sweep({ files: [SCENARIO, OTHER], seeds: { from: 1, to: 6 }, outDir: one, workers: 1, until: { text: '5d', us: 5 * 86_400_000_000 } }),
  ]);
  expect(codes).toEqual([0, 0, 0]);
  reference = read(one);
});

describe('shards and merge', () => {
  it('3 shards (JOB_COMPLETION_INDEX) merged give the bytes of one sweep', async () => {
    const out = join(shared, 'merged');
    const r = await runCli(['merge', ...[0, 1, 2].map((i) => join(shared, `shard-${i}`)), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const got = read(out);
    for (const [i, f] of FILES.entries()) expect(got[i], f).toBe(reference[i]);
  });

  it('refuses a merge with a shard missing, naming the seeds', async () => {
    const r = await runCli(['merge', join(shared, 'shard-0'), join(shared, 'shard-2'), '--out', join(shared, 'partial')]);
    expect(r.status).toBe(2);
    // Shard 1 of 3 holds the pairs k ≡ 1 (mod 3), k = (seed − 1) × 2 + scenario index:
    // k = 1, 7 are rep3 seeds 1, 4; k = 4, 10 are rep1 seeds 3, 6.
    expect(r.stderr).toContain('rep1: seeds 3, 6; rep3: seeds 1, 4');
  });

  it('refuses a shard whose stored run is damaged, naming the file, and copies nothing of it', async () => {
    const copy = tmp('damaged');
    for (const i of [0, 1, 2]) cpSync(join(shared, `shard-${i}`), join(copy, `shard-${i}`), { recursive: true });
    const bad = join(copy, 'shard-1', 'runs', 'rep1', '3.json'); // rep1 seed 3 is shard 1's (above)
    truncateSync(bad, 40);
    const out = join(copy, 'merged');
    const r = await runCli(['merge', ...[0, 1, 2].map((i) => join(copy, `shard-${i}`)), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}: not a whole stored run of rep1 seed 3`);
    expect(existsSync(join(out, 'runs', 'rep1', '3.json'))).toBe(false);
  });

  it('refuses shards of a different seed range', async () => {
    const odd = tmp('odd');
    expect(await shardPod(1, odd, '1..3')).toBe(0);
    const r = await runCli(['merge', join(shared, 'shard-0'), join(odd, 'shard-1'), '--out', join(odd, 'm')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a shard of the same sweep .*seeds 1\.\.6 vs 1\.\.3/);
  });

  it('validate accepts the deploy/ Job manifests as Jobs', async () => {
    const dir = tmp('validate');
    const scenario = join(dir, 'jobs.yaml');
    writeFileSync(scenario, [
      'apiVersion: kubeblast.io/v1', 'kind: Scenario', 'metadata: { name: jobs }', 'spec:', '  topology:', '    regions:',
      '      - name: r1', '        zones:', '          - { name: r1-a, racks: 1, nodesPerRack: 3, node: { cpu: "4", memory: 16Gi } }',
      '  manifests:', `    - ${join(ROOT, 'deploy/sweep-job.yaml')}`, `    - ${join(ROOT, 'deploy/merge-job.yaml')}`, '',
    ].join('\n'));
    const r = await runCli(['validate', scenario]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/job\/default\/kubeblast-sweep\s+parallelism 3, 3 completions/);
    expect(r.stdout).toMatch(/job\/default\/kubeblast-merge/);
  });
});
