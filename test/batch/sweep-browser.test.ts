/**
 * The sweep report in headless Chromium (test/helpers/browser.ts), on made-up runs whose order is
 * known by construction: per object a histogram holding every seed of every scenario, a CDF line
 * per scenario over every recovery, the comparison's point and interval, and the 10 worst seeds
 * in order with their replay commands; no console error, no request besides the file. The
 * screenshot goes to test-results/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/batch/aggregate.js';
import type { ObjectFigures, RunFigures } from '../../src/batch/figures.js';
import type { SweepManifest } from '../../src/batch/results-dir.js';
import { renderSweepReport } from '../../src/report/sweep.js';
import { launchBrowser, openHtml, screenshotDir, type LaunchedBrowser } from '../helpers/browser.js';

const SEEDS = { from: 1, to: 12 };
const seeds = Array.from({ length: 12 }, (_, i) => i + 1);

/** Seed k of scenario a is at 1 − k/1000, of b at 1 − k/2500: a's seeds 12..5 are the 8 worst, then b's 12 and 11. */
function run(scenario: 'a' | 'b', seed: number): RunFigures {
  const slo = scenario === 'a' ? 1 - seed / 1000 : 1 - seed / 2500;
  const recoveriesS = [scenario === 'a' ? 60 * seed : 30 * seed];
  const web = { object: 'deployment/default/web', desired: 3, hasSlo: true, sloMinReady: 2, availability: { slo, any: 1, full: slo }, lowestReady: 1,
    downtimeS: recoveriesS[0], outages: 1, openOutages: 0, timeToRecoverS: { p50: null, p95: null, max: null }, recoveriesS } as ObjectFigures;
  const cp = { leaderChanges: 0, noLeaderS: 0 };
  return { scenario, seed, durationS: 86_400, objects: [web], faults: 2, sim: { events: 0, bootS: 0 }, wallMs: 0,
    controlPlane: { etcd: { members: 3, ...cp, noQuorumS: 0, elections: [] }, apiserver: { unavailableS: 0 }, controllerManager: cp, scheduler: cp } } as unknown as RunFigures;
}

describe('sweep report in headless Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kubeblast-sweep-browser-'));
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws the histogram, the CDF of TTR, the comparison and the 10 worst seeds with their replay commands', async () => {
    const runs = [seeds.map((k) => run('a', k)), seeds.map((k) => run('b', k))];
    const m: SweepManifest = { kubeblast: 'sweep', schemaVersion: 1, seeds: SEEDS, until: '1d', shard: null,
      scenarios: [{ name: 'a', file: 'scen/a.yaml', sha256: '0' }, { name: 'b', file: 'scen/b.yaml', sha256: '1' }] };
    const { page, problems } = await openHtml(browser, join(tmp, 'report.html'), renderSweepReport(m, aggregate(['a', 'b'], SEEDS, runs), runs));

    // Histogram: the bars of each scenario count every seed once.
    const bars = await page.$$eval('#dist rect title', (ts) => ts.map((t) => t.textContent ?? ''));
    for (const name of ['a', 'b']) {
      const n = bars.filter((t) => t.startsWith(`${name}: `)).reduce((sum, t) => sum + Number(/: (\d+) seeds/.exec(t)![1]), 0);
      expect(n, `scenario ${name}: seeds in the histogram`).toBe(12);
    }
    // CDF: one step line per scenario over its 12 recoveries.
    const lines = await page.$$eval('#dist path title', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(lines).toEqual(['a: 12 recoveries', 'b: 12 recoveries']);
    // Comparison: one row, b − a > 0, with its interval.
    const cmp = await page.$$eval('#compare tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
    expect(cmp.map((r) => r.slice(0, 3))).toEqual([['b', 'deployment/default/web', '12']]);
    expect(cmp[0][4], "paired interval, both ends above 0").toMatch(/^\d+\.\d{4} % … \d+\.\d{4} %$/);
    // Worst seeds, lowest first, each with the command that replays it (--until kept).
    const worst = await page.$$eval('#worst tbody tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td: { textContent: string | null }) => td.textContent ?? '')));
    expect(worst.map((r) => `${r[0]}${r[1]}`)).toEqual(['a12', 'a11', 'a10', 'a9', 'a8', 'a7', 'a6', 'a5', 'b12', 'b11']);
    expect(worst[0][6]).toBe('kubeblast run scen/a.yaml --seed 12 --until 1d');
    expect(worst[8][6]).toBe('kubeblast run scen/b.yaml --seed 12 --until 1d');
    await page.screenshot({ path: join(screenshotDir(), 'sweep-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
