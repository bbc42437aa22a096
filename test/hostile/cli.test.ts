/**
 * Hostile input through the real CLI (issue 14): every case of list.ts must end with exit 2 and
 * one or two lines on stderr that name `file:line:col`, say what rule or limit was broken, quote
 * no raw control character and no stack trace, and print nothing on stdout; the child's peak
 * memory stays under 1 GiB. A hung child is killed (HANG_MS) and fails its case. The cases run
 * two at a time (the machine's cores) from a fresh folder each.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/run.js';
import { CASES } from './list.js';
import { runAllWatched, type WatchedRun } from './runner.js';

/** A child still running after this long is hung (a bound against hangs, not a speed test). */
const HANG_MS = 60_000;
const GIB_KIB = 1024 * 1024;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('hostile input, by class', () => {
  const root = mkdtempSync(join(tmpdir(), 'kubeblast-hostile-'));
  const paths: string[] = [];
  let runs: WatchedRun[] = [];

  beforeAll(async () => {
    const args = CASES.map((c, i) => {
      const dir = join(root, String(i));
      mkdirSync(dir);
      paths.push(dir);
      return [c.command ?? 'validate', c.make(dir)];
    });
    runs = await runAllWatched(args, HANG_MS, 2);
  }, 20 * 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('covers every class with at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    for (const cls of ['api-reject', 'exhaustion', 'special-file', 'terminal']) expect(CASES.some((c) => c.cls === cls), cls).toBe(true);
  });

  CASES.forEach((c, i) => {
    it(`${c.cls}: ${c.name}`, () => {
      const r = runs[i];
      const shown = `${c.name}: ${JSON.stringify(r.stderr.slice(0, 400))}`;
      expect(r.timedOut, `${c.name} hung`).toBe(false);
      expect(r.status, shown).toBe(2);
      expect(r.stdout, shown).toBe('');
      expect(r.stderr, shown).toMatch(c.expect);
      // The file named, as the user sees it: the scenario by the path given, a manifest as the scenario writes it.
      const file = c.file ?? relative(ROOT, join(paths[i], 'scenario.yaml'));
      const named = c.named ? c.named(paths[i]) : c.file ? file : join(paths[i], 'scenario.yaml');
      expect(r.stderr.startsWith(`kubeblast: ${named}:`) || r.stderr.startsWith(`kubeblast: ${file}:`), shown).toBe(true);
      expect(r.stderr, shown).toMatch(/^kubeblast: [^\n]+:\d+:\d+: /);
      expect(r.stderr.trimEnd().split('\n').length, shown).toBeLessThanOrEqual(2);
      expect(r.stderr, shown).not.toMatch(/\n\s+at |internal error/);
      expect(RAW_CONTROL.test(r.stderr), shown).toBe(false);
      // No quoted value longer than ~80 characters.
      for (const quoted of r.stderr.match(/"[^"]*"/g) ?? []) expect(quoted.length, shown).toBeLessThanOrEqual(84);
      if (Number.isFinite(r.maxRssKiB)) expect(r.maxRssKiB, shown).toBeLessThan(GIB_KIB);
    });
  });
});
