/**
 * Determinism (design.md §5): the same scenario and seed give byte-identical summary.json (apart
 * from `sim.wallMs`), availability.csv and events.csv — run twice in one process, and in two
 * child processes through the CLI (`node --import tsx src/cli/main.ts run …`), which also agree
 * with the in-process run. Another seed gives other outputs. The scenario has random node
 * failures as well as scheduled faults (a zone outage, daily crashes of the etcd leader, a
 * rollout).
 *
 * Names must not leak into the trace by accident of ordering: renaming one workload (`alpha` →
 * `zeta`, so it sorts after the others instead of before) leaves the fault timeline identical,
 * and the other workloads' figures statistically unaffected (paired over seeds).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SummaryJson } from '../../src/metrics/summary.js';
import { runAll } from '../cli/run.js';
import { expectWithin, mean, standardError, Z } from '../helpers/stats.js';
import { e2ePath, loadE2E, runE2E, type E2ERun } from './helpers.js';

const OUT = mkdtempSync(join(tmpdir(), 'kubeblast-e2e-determinism-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

/** The three outputs, summary.json without its wall-clock field. */
function outputs(r: E2ERun): [string, string, string] {
  return [JSON.stringify(r.summary, null, 2) + '\n', r.availabilityCsv, r.eventsCsv];
}

function withoutWall(summaryJson: string): string {
  const s = JSON.parse(summaryJson) as SummaryJson;
  s.sim.wallMs = 0;
  return `${JSON.stringify(s, null, 2)}\n`;
}

function readOutputs(dir: string): [string, string, string] {
  const f = (n: string) => readFileSync(join(dir, n), 'utf8');
  return [withoutWall(f('summary.json')), f('availability.csv'), f('events.csv')];
}

describe('the same scenario and seed give the same outputs', () => {
  it('twice in one process, and in two child processes through the CLI (seed 7); seed 8 differs', async () => {
    const scenario = loadE2E('determinism');
    const a = outputs(runE2E(scenario, { seed: 7 }));
    const b = outputs(runE2E(loadE2E('determinism'), { seed: 7 }));
    expect(b[0]).toBe(a[0]);
    expect(b[1]).toBe(a[1]);
    expect(b[2]).toBe(a[2]);
    const r = runE2E(scenario, { seed: 7 });
    // The run is busy enough to mean something: random failures, scheduled faults, replacements.
    expect(r.summary.faults.filter((f) => f.origin === 'random').length).toBeGreaterThanOrEqual(2);
    expect(r.summary.faults.filter((f) => f.origin === 'scheduled').length).toBeGreaterThanOrEqual(8);
    expect(r.events.filter((e) => e.reason === 'SuccessfulCreate').length).toBeGreaterThan(10);

    const dirs = ['cli-1', 'cli-2', 'cli-8'].map((d) => join(OUT, d));
    const runs = await runAll([
      ['run', e2ePath('determinism'), '--seed', '7', '--out', dirs[0]],
      ['run', e2ePath('determinism'), '--seed', '7', '--out', dirs[1]],
      ['run', e2ePath('determinism'), '--seed', '8', '--out', dirs[2]],
    ]);
    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    const [c1, c2, c8] = dirs.map(readOutputs);
    const names = ['summary.json', 'availability.csv', 'events.csv'];
    for (let i = 0; i < 3; i++) {
      expect(c2[i], `${names[i]}: two child processes, seed 7`).toBe(c1[i]);
      expect(c1[i], `${names[i]}: child process vs in-process, seed 7`).toBe(a[i]);
      expect(c8[i], `${names[i]}: seed 8 vs seed 7`).not.toBe(c1[i]);
    }
    // Only the wall clock differs in the files as written.
    expect(JSON.parse(readFileSync(join(dirs[0], 'summary.json'), 'utf8')).sim.wallMs).toBeGreaterThan(0);
  });
});

describe('names do not leak into the trace', () => {
  const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

  it(`renaming a workload leaves the fault timeline identical and the others' figures unaffected (seeds 1…${SEEDS.length})`, () => {
    const diffs = new Map<string, number[]>();
    let identical = 0;
    for (const seed of SEEDS) {
      const [a, z] = ['rename-alpha', 'rename-zeta'].map((n) => runE2E(loadE2E(n), { seed }));
      const msg = `seed ${seed}`;
      expect(z.summary.faults, msg).toEqual(a.summary.faults);
      const faultRows = (r: E2ERun) => r.events.filter((e) => e.reason.startsWith('Fault'));
      expect(faultRows(z), msg).toEqual(faultRows(a));
      expect(faultRows(a).length, msg).toBeGreaterThan(0);
      let same = true;
      for (const key of ['deployment/default/beta', 'statefulset/default/gamma']) {
        const fig = (r: E2ERun) => r.summary.objects.find((o) => o.object === key)!;
        const d = fig(z).downtimeS - fig(a).downtimeS;
        diffs.set(key, [...(diffs.get(key) ?? []), d]);
        if (JSON.stringify(fig(z)) !== JSON.stringify(fig(a))) same = false;
      }
      if (same) identical++;
    }
    for (const [key, d] of diffs) {
      const se = standardError(d);
      // Paired: the same faults hit both namings, so only the names' effect remains.
      if (se > 0) expectWithin(mean(d), 0, Z * se, { seed: `1…${SEEDS.length}`, what: `downtime of ${key}, zeta minus alpha`, n: d.length });
      else expect(mean(d), key).toBe(0);
    }
    console.log(`renaming alpha → zeta: the other workloads' figures identical in ${identical} of ${SEEDS.length} seeds`);
  });
});
