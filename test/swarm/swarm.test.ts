/**
 * The swarm at CI size (issue 14): SEEDS generated scenarios (every fault kind, control planes of
 * 1/3/5, partitions one-way too) run with every checker and find no violation; a violating seed
 * is reported with its seed and replay command and its scenario kept; the replay command of a
 * kept scenario runs through the real CLI with --check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/check/generate.js';
import { runSwarm } from '../../src/check/swarm.js';
import { ROOT } from '../cli/run.js';

const SEEDS = Number(process.env.SWARM_SEEDS ?? 200);
const keep = mkdtempSync(join(tmpdir(), 'kubeblast-swarm-test-'));
afterAll(() => rmSync(keep, { recursive: true, force: true }));

describe('swarm', () => {
  it(`seeds 1..${SEEDS}: no violation`, () => {
    const lines: string[] = [];
    const totals = runSwarm(1, SEEDS, keep, (l) => lines.push(l));
    expect(totals.violations, lines.join('\n')).toBe(0);
    expect(totals.seeds).toBe(SEEDS);
    expect(totals.faults).toBeGreaterThanOrEqual(2 * SEEDS);
    expect(lines.at(-1)).toBe(`${SEEDS} seeds, ${totals.faults} faults, 0 violations`);
  }, 20 * 60_000);

  it('draws control planes of 1, 3 and 5 hosts, every fault kind and one-way partitions over the seeds', () => {
    const text = Array.from({ length: 200 }, (_, i) => generate(i + 1).scenario).join('\n');
    for (const n of [1, 3, 5]) expect(text, `count ${n}`).toMatch(new RegExp(`count: ${n}\\n`));
    for (const kind of ['node-crash', 'node-reboot', 'kubelet-stop', 'partition', 'etcd-member-crash', 'control-plane-crash', 'drain',
      'rollout', 'zone-outage', 'rack-power', 'scale', 'cordon', 'container-crash', 'pod-kill', 'rollback', 'node-delete']) {
      expect(text, kind).toContain(`${kind}:`);
    }
    expect(text).toContain('oneWay: true');
  });

  it('a violating seed is reported with its replay command, its files kept, and counted', () => {
    const lines: string[] = [];
    const totals = runSwarm(7, 8, keep, (l) => lines.push(l), (seed) => ({ c: generate(seed), violations: seed === 8 ? ['t=1s: broken on purpose'] : [] }));
    expect(totals).toEqual({ seeds: 2, faults: generate(7).faults + generate(8).faults, violations: 1 });
    expect(lines[0]).toBe('seed 8: 1 violation');
    expect(lines[1]).toBe('  t=1s: broken on purpose');
    expect(lines[2]).toMatch(/^ {2}replay: kubeblast run .*seed-8\/scenario\.yaml --seed 8 --check$/);
    expect(readFileSync(join(keep, 'seed-8', 'scenario.yaml'), 'utf8')).toBe(generate(8).scenario);
    expect(existsSync(join(keep, 'seed-8', 'manifests.yaml'))).toBe(true);
    expect(existsSync(join(keep, 'seed-7'))).toBe(false);
  });

  it('the replay command runs a kept scenario with --check through the CLI', () => {
    const out = join(keep, 'replay-out');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', join(keep, 'seed-8', 'scenario.yaml'), '--seed', '8', '--check', '--out', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, `seed 8: ${r.stderr}`).toBe(0);
    expect(r.stdout, 'seed 8: the console says the checkers ran').toContain('invariants (--check): none violated');
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  }, 300_000);
});
