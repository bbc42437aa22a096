/**
 * `kubeblast blast` and `kubeblast capacity` as a user runs them: the blast's files (written by a
 * child process) are the same bytes with one worker and with two, --fail-on-slo exits 1 only when
 * an SLO broke, and bad options exit 2 with one line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { runAll } from '../cli/run.js';

const BLAST = 'test/fixtures/scenarios/blast/three-zones.yaml';
const CAPACITY = 'test/fixtures/scenarios/capacity/zones.yaml';

describe('kubeblast blast / capacity (CLI)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kubeblast-blast-cli-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes the same bytes with --workers 1 and --workers 2', async () => {
    // Sibling directories: the replay files' manifest paths (relative to the directory) agree too.
    const dirs = [join(tmp, 'w1'), join(tmp, 'w2')];
    const runs = await runAll(dirs.map((d, i) => ['blast', BLAST, '--levels', 'zone,control-plane', '--for', '10m', '--workers', String(i + 1), '--out', d]), 2);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    expect(runs[1].stdout.replace(/w2/g, 'w1')).toBe(runs[0].stdout);
    const names = readdirSync(dirs[0]).sort();
    expect(names).toEqual(readdirSync(dirs[1]).sort());
    expect(names).toContain('replay-zone-eu-b.yaml');
    expect(names).toContain('replay-control-plane-cp-1.yaml');
    for (const n of names) expect(readFileSync(join(dirs[1], n), 'utf8'), n).toBe(readFileSync(join(dirs[0], n), 'utf8'));
    // Worst first: eu-b, where the pinned Deployment lost all three pods.
    expect(runs[0].stdout.split('\n')[3]).toMatch(/^\s+zone\s+eu-b\s+1\s/);
  });

  it('capacity writes capacity.json and the proof, which `kubeblast blast` on the written scenario reproduces', async () => {
    const dir = join(tmp, 'capacity');
    const [cap] = await runAll([['capacity', CAPACITY, '--survive', 'zone', '--for', '10m', '--workers', '1', '--out', dir]], 1);
    expect(cap.status, cap.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'capacity.json'), 'utf8')) as { answer: number; probes: Array<{ count: number; passed: boolean }>; passing: { count: number }; failing: { count: number } };
    // The answer of test/batch/capacity.test.ts, computed by hand there.
    expect(json.answer).toBe(3);
    expect(json.probes.map((p) => [p.count, p.passed])).toEqual([[1, false], [2, false], [4, true], [3, true]]);
    expect([json.passing.count, json.failing.count]).toEqual([3, 2]);
    expect(readdirSync(dir).sort()).toEqual(['blast-2.csv', 'blast-3.csv', 'capacity-2.yaml', 'capacity-3.yaml', 'capacity.json', 'report.html']);
    // The failing count's scenario, blasted again, gives the proof's rows.
    const [again] = await runAll([['blast', join(dir, 'capacity-2.yaml'), '--levels', 'zone', '--for', '10m', '--workers', '1', '--out', join(tmp, 'again')]], 1);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'again', 'blast.csv'), 'utf8')).toBe(readFileSync(join(dir, 'blast-2.csv'), 'utf8'));
  });

  it('--fail-on-slo exits 1 only when some domain broke an SLO, after writing its files', async () => {
    const blast = async (levels: string, dir: string) => {
      let err = '';
      const status = await runCli(['blast', BLAST, '--levels', levels, '--for', '10m', '--workers', '1', '--fail-on-slo', '--out', join(tmp, dir)], { out: () => undefined, err: (t) => (err += t) });
      return { status, err };
    };
    // eu-b takes all three pinned pods (SLO minReady 2); losing one etcd member breaks no SLO.
    const zone = await blast('zone', 'fail-zone');
    expect(zone.status, zone.err).toBe(1);
    expect(zone.err).toMatch(/SLO missed when zone eu-b failed/);
    expect(readdirSync(join(tmp, 'fail-zone'))).toContain('blast.csv');
    const etcd = await blast('etcd', 'fail-etcd');
    expect(etcd.status, etcd.err).toBe(0);
  });

  it('refuses bad options with exit 2 and one line each', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['blast', BLAST, '--levels', 'zone,moon'], /--levels: unknown level "moon"/],
      [['blast', BLAST, '--for', '0s'], /--for: expected a positive duration/],
      [['blast', BLAST, '--workers', 'many'], /--workers: expected a positive integer/],
      [['capacity', CAPACITY, '--survive', 'zone', '--workers', '0'], /--workers: expected a positive integer/],
      [['capacity', CAPACITY, '--survive', 'etcd'], /--survive: expected one of node, rack, zone, region/],
      [['capacity', CAPACITY, '--survive', 'zone', '--per', 'region'], /--per: expected zone or rack/],
      [['capacity', CAPACITY, '--survive', 'zone', '--min', '5', '--max', '2'], /--max 2 is below --min 5/],
      [['capacity', CAPACITY, '--survive', 'zone', '--seeds', '9..1'], /--seeds: the range 9..1 is empty/],
      // One region: its loss takes every node whatever the count, so nothing is probed.
      [['capacity', CAPACITY, '--survive', 'region'], /--survive region: .*zones\.yaml has one region \(eu\); no node count survives/],
    ];
    // In this process (the options fail before any run): the same program the binary runs.
    for (const [args, message] of cases) {
      let err = '';
      const status = await runCli([...args, '--out', join(tmp, 'bad')], { out: () => undefined, err: (t) => (err += t) });
      const what = args.join(' ');
      expect(status, what).toBe(2);
      expect(err, what).toMatch(message);
      expect(err.trim().split('\n').length, what).toBeLessThanOrEqual(2);
    }
  });
});
