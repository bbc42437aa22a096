/**
 * `kubeblast run` through the real CLI: the files it writes, the summary it prints, exit status 1
 * with `--fail-on-slo` when an SLO is missed, and bad flags or output directories rejected with
 * status 2 before anything is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAll, type CliRun } from './run.js';

const QS = 'scenarios/quickstart.yaml';
const dir = mkdtempSync(join(tmpdir(), 'kubeblast-run-'));
const blocker = join(dir, 'a-file');
writeFileSync(blocker, 'not a directory');
// The quick start with its region dark from 1 h: every SLO is missed, wherever the seed put the pods.
const regionDark = join(dir, 'region-dark.yaml');
writeFileSync(regionDark, readFileSync(join(ROOT, QS), 'utf8')
  .replace('- manifests/microservices-demo.yaml', `- ${join(ROOT, 'scenarios/manifests/microservices-demo.yaml')}`)
  .replace('zone-outage: us-central1-b', 'region-outage: us-central1'));

let ok: CliRun;
let failOnSlo: CliRun;
let noFaultWindow: CliRun;
let badSeed: CliRun;
let badUntil: CliRun;
let outIsFile: CliRun;
let zeroUntil: CliRun;

beforeAll(async () => {
  [ok, failOnSlo, noFaultWindow, badSeed, badUntil, outIsFile, zeroUntil] = await runAll([
    ['run', QS, '--until', '2h', '--out', join(dir, 'ok'), '--all'],
    ['run', regionDark, '--until', '2h', '--out', join(dir, 'slo'), '--fail-on-slo'],
    // The zone outage starts at 1 h: stopping at 50 min, no SLO can have been missed.
    ['run', QS, '--until', '50m', '--out', join(dir, 'early'), '--fail-on-slo'],
    ['run', QS, '--seed', 'seven', '--out', join(dir, 'bad-seed')],
    ['run', QS, '--until', '-1h', '--out', join(dir, 'bad-until')],
    ['run', QS, '--until', '10m', '--out', blocker],
    ['run', QS, '--until', '0', '--out', join(dir, 'zero-until')],
  ]);
});

describe('kubeblast run', () => {
  it('writes the four outputs and prints the summary table and where the report is', () => {
    expect(ok.status, ok.stderr).toBe(0);
    expect(readdirSync(join(dir, 'ok')).sort()).toEqual(['availability.csv', 'events.csv', 'report.html', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(dir, 'ok', 'summary.json'), 'utf8'));
    expect(summary.schemaVersion).toBe(1);
    expect(summary.durationS).toBe(7200);
    expect(summary.objects).toHaveLength(24);
    expect(summary.faults).toEqual([expect.objectContaining({ kind: 'zone-outage', target: 'us-central1-b', startS: 3600, endS: 5400 })]);
    const header = readFileSync(join(dir, 'ok', 'availability.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('time_s,object,desired,ready,reported,endpoints,serving');
    expect(ok.stdout).toMatch(/^quickstart {2}seed 1 {2}Kubernetes 1\.33/);
    // --all lists the objects that met their objective too: desired 1, objective ≥1, lowest ready 1.
    expect(ok.stdout).toMatch(/service\/default\/frontend +1 +≥1 +1 +100% /);
    expect(ok.stdout).toContain('faults: 1 — zone-outage 1');
    expect(ok.stdout).toMatch(/zone-outage +us-central1-b +01:00:00 for 30m/);
    expect(ok.stdout).toMatch(/report: .*report\.html/);
  });

  it('exits 1 with --fail-on-slo when an object with an SLO missed it, naming the objects', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'slo', 'summary.json'), 'utf8'));
    const missed = summary.objects.filter((o: { hasSlo: boolean; availability: { slo: number } }) => o.hasSlo && o.availability.slo < 1);
    // The outputs are written either way; the status says whether the objectives held.
    expect(missed.length).toBeGreaterThan(0);
    expect(failOnSlo.status).toBe(1);
    for (const o of missed) expect(failOnSlo.stderr).toContain(o.object);
    // The console says it too, one line per missed SLO.
    const lines = failOnSlo.stdout.split('\n').filter((l) => l.startsWith('SLO missed: '));
    expect(lines.map((l) => l.split(' ')[2])).toEqual(missed.map((o: { object: string }) => o.object));
    expect(noFaultWindow.status, noFaultWindow.stderr).toBe(0);
    expect(noFaultWindow.stdout).toContain('every object met its objective throughout (24 objects; --all lists them)');
    expect(noFaultWindow.stdout).toContain('faults: none');
    // The fault --until left out is said, on the console and in summary.json.
    const early = JSON.parse(readFileSync(join(dir, 'early', 'summary.json'), 'utf8'));
    expect(early.warnings).toEqual([expect.stringMatching(/^scenarios\/quickstart\.yaml:\d+:\d+: fault zone-outage at 1h for 30m: the run ends at 50m \(--until\); it never starts: dropped$/)]);
    expect(noFaultWindow.stdout).toContain(`warning: ${early.warnings[0]}`);
    expect(JSON.parse(readFileSync(join(dir, 'ok', 'summary.json'), 'utf8')).warnings).toEqual([]);
  });

  it('rejects bad flags and an --out that is a file with status 2, writing nothing', () => {
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr).toMatch(/--seed: expected a non-negative integer, got "seven"/);
    expect(badUntil.status).toBe(2);
    expect(badUntil.stderr).toMatch(/--until: expected a non-negative duration/);
    expect(zeroUntil.status).toBe(2);
    expect(zeroUntil.stderr).toMatch(/--until: expected a positive duration such as 30s, got "0"/);
    expect(existsSync(join(dir, 'zero-until'))).toBe(false);
    expect(outIsFile.status).toBe(2);
    expect(outIsFile.stderr).toMatch(/exists and is not a directory/);
    for (const r of [badSeed, badUntil, outIsFile]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'bad-seed'))).toBe(false);
    expect(existsSync(join(dir, 'bad-until'))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});
