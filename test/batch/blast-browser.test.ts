/**
 * The blast heat map and the capacity report (with its cost/availability chart) in headless
 * Chromium (test/helpers/browser.ts): the pages render what the figures say — one heat-map row
 * per domain with the ✕ on the pinned Deployment's eu-b cell and a replay command in its title,
 * one chart point per (count, object) — log no error and request nothing from the network.
 * Screenshots go to test-results/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayFileName } from '../../src/batch/blast-replay.js';
import { inProcessRunner, runBlast } from '../../src/batch/blast.js';
import { fileProber } from '../../src/batch/capacity-probe.js';
import { costCurve } from '../../src/batch/capacity-sweep.js';
import { searchCapacity } from '../../src/batch/capacity.js';
import { runFigures } from '../../src/batch/figures.js';
import { MIN } from '../../src/kernel/time.js';
import { renderBlastReport } from '../../src/report/blast.js';
import { renderCapacityReport } from '../../src/report/capacity.js';
import { loadScenario } from '../../src/scenario/load.js';
import { launchBrowser, openHtml, screenshotDir, type LaunchedBrowser } from '../helpers/browser.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/scenarios');
const WINDOW = { forUs: 10 * MIN, settleUs: 10 * MIN };

describe('blast and capacity reports in headless Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kubeblast-blast-browser-'));
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens `html`; returns the page and what it logged or requested besides the file itself. */
  function open(name: string, html: string): Promise<{ page: Page; problems: string[] }> {
    return openHtml(browser, join(tmp, name), html);
  }

  it('draws the heat map: a row per domain, ✕ where the SLO broke, the replay command in each title', async () => {
    const s = loadScenario(join(FIXTURES, 'blast/three-zones.yaml'));
    const b = await runBlast(s, { levels: ['zone', 'etcd'], ...WINDOW }, inProcessRunner(s));
    const { page, problems } = await open('blast.html', renderBlastReport(b, (l, d) => `kubeblast run ${replayFileName(l, d)}`));
    const rows = await page.$$eval('table.heat tr', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th.dom, td'), (c: { textContent: string | null }) => c.textContent ?? '')));
    // Two tables (zone, etcd), each a header row and one row per domain: 3 zones, 3 etcd members.
    const body = rows.filter((r) => r.length > 0 && r[0] !== '');
    expect(body.map((r) => r[0]), `seed ${s.seed}`).toEqual(['eu-a', 'eu-b', 'eu-c', 'cp-1', 'cp-2', 'cp-3']);
    const marked = body.filter((r) => r.slice(1).some((c) => c.includes('✕'))).map((r) => r[0]);
    expect(marked, `seed ${s.seed}`).toEqual(['eu-b']);
    const title = await page.locator('table.heat td.miss').first().getAttribute('title');
    expect(title).toContain('zone eu-b × deployment/default/pinned');
    expect(title).toContain('kubeblast run replay-zone-eu-b.yaml');
    // The cells are coloured by the style sheet (classes; the CSP forbids inline styles).
    const colours = await page.$$eval('table.heat td', (tds) => tds.map((td) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor));
    expect(new Set(colours).size).toBeGreaterThan(1);
    await page.screenshot({ path: join(screenshotDir(), 'blast-heatmap.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('draws the capacity report with its cost/availability chart', async () => {
    const file = join(FIXTURES, 'capacity/zones.yaml');
    const search = { level: 'zone' as const, per: 'zone' as const, min: 1, max: 8 };
    const work = mkdtempSync(join(tmp, 'work-'));
    const r = await searchCapacity(search, fileProber({ ...search, ...WINDOW, file, workDir: work, settleUs: () => WINDOW.settleUs, runner: (_p, s) => inProcessRunner(s) }));
    const curve = await costCurve({ file, workDir: work, per: 'zone', counts: [3, 4, 5], seeds: { from: 1, to: 3 }, run: (path, seed) => Promise.resolve(runFigures(loadScenario(path), seed)) });
    const { page, problems } = await open('capacity.html', renderCapacityReport('capacity-zones', r, '10m', curve));
    // One point per count × object with an SLO (web), and the probes table lists every probe.
    expect(await page.locator('svg.cost circle.dot').count()).toBe(3);
    // The price of each nine: one row per step (3 → 4, 4 → 5) and object.
    expect(await page.locator('#cost tbody tr').count()).toBe(2);
    expect(await page.locator('#probes tbody tr').count()).toBe(r.probes.length);
    const box = await page.locator('svg.cost').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(await page.locator('#proof table.heat').count()).toBe(2);
    await page.screenshot({ path: join(screenshotDir(), 'capacity-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
