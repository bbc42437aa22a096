/**
 * report.html in a real browser: the headless Chromium that npm install brings (test/helpers/browser.ts) opens the
 * reports the CLI wrote and checks what a reader sees — a drawn chart per object, fault windows,
 * the control-plane strip aligned with the charts' time axis, a working event filter — and that
 * the page logged no error and asked the network for nothing. Screenshots go to test-results/
 * (git-ignored).
 *
 * The browser comes from the @sparticuz/chromium package, so this test runs (and never skips) on
 * any machine where `npm install` ran.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryJson } from '../../src/metrics/summary.js';
import { ROOT, runCli } from '../cli/run.js';
import { launchBrowser, screenshotDir, type LaunchedBrowser } from '../helpers/browser.js';
import { fixture } from './run.js';


/** The little of a DOM element the page callbacks read (the project compiles without the DOM library). */
interface Attributes {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

/** What a page did while it loaded and was used. */
interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
  url: string;
}

describe('report.html in headless Chromium', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kubeblast-browser-'));
  let browser: LaunchedBrowser;
  let context: BrowserContext;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs the CLI on a scenario and returns the output directory. */
  async function runScenario(file: string, name: string, extra: string[] = []): Promise<{ dir: string; summary: SummaryJson }> {
    const dir = join(tmp, name);
    const run = await runCli(['run', file, '--out', dir, ...extra]);
    expect(run.status, run.stderr).toBe(0);
    return { dir, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as SummaryJson };
  }

  async function visit(dir: string): Promise<Visit> {
    const page = await context.newPage();
    const v: Visit = { page, errors: [], requests: [], dialogs: [], url: pathToFileURL(join(dir, 'report.html')).href };
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') v.errors.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => v.errors.push(`page error: ${e.message}`));
    page.on('request', (r) => v.requests.push(r.url()));
    page.on('dialog', (d) => {
      v.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(v.url, { waitUntil: 'load' });
    return v;
  }

  /** The checks every report passes. */
  /** A full-page screenshot as a reader first sees the page (scrolled to the top, so the sticky timeline sits in place). */
  async function screenshot(page: Page, name: string): Promise<void> {
    await page.locator('#ev-text').blur();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(screenshotDir(), name), fullPage: true });
  }

  async function checkReport(v: Visit, summary: SummaryJson): Promise<void> {
    const { page } = v;
    // A chart per object, each with drawn step paths (a `d` with more than the first move).
    const charts = page.locator('.charts figure.card');
    expect(await charts.count()).toBe(summary.objects.length);
    const paths = await page.$$eval('.charts figure.card', (cards) => cards.map((c) => ({
      id: c.id,
      d: Array.from(c.querySelectorAll('g.lines path'), (p: Attributes) => [p.getAttribute('class') ?? '', p.getAttribute('d') ?? ''] as const),
      box: c.querySelector('svg')!.getBoundingClientRect().height,
    })));
    for (const c of paths) {
      expect(c.box, c.id).toBeGreaterThan(50);
      for (const [cls, d] of c.d) expect(d, `${c.id} ${cls}`).toMatch(/^M[^A-Za-z]+[LHV]/);
      expect(c.d.map(([cls]) => cls)).toContain('s-ready');
    }
    // A shaded band per fault window in every chart.
    const windows = summary.faults.filter((f) => f.kind !== 'rollout' && f.kind !== 'scale' && !f.skipped).length;
    const bands = await page.$$eval('.charts figure.card', (cards) => cards.map((c) => c.querySelectorAll('rect.fault').length));
    expect(bands).toEqual(summary.objects.map(() => windows));
    if (windows > 0) {
      const visible = await page.locator('.charts figure.card').first().locator('rect.fault').first().boundingBox();
      expect(visible!.width).toBeGreaterThan(1);
    }
    // The control-plane strip: four rows of coloured intervals whose tooltips name the holder.
    const strips = await page.$$eval('#timeline g.strip', (gs) => gs.map((g) => ({ name: g.getAttribute('data-strip'), rects: g.querySelectorAll('g.iv rect').length, titles: Array.from(g.querySelectorAll('g.iv title'), (t: Attributes) => t.textContent ?? '') })));
    expect(strips.map((s) => s.name)).toEqual(['etcd leader', 'etcd quorum', 'controller-manager leader', 'scheduler leader']);
    for (const s of strips) expect(s.rects, s.name!).toBeGreaterThan(0);
    expect(strips[0].titles.some((t) => /^etcd leader: cp-\d, /.test(t))).toBe(true);
    // The strip shares the charts' time axis: the axis of the timeline atop the first column spans the same pixels as the first chart's.
    const axis = async (sel: string) => (await page.locator(sel).first().locator('g.xaxis line.axis').boundingBox())!;
    const [top, chart] = [await axis('.tlcopy'), await axis('.charts figure.card')];
    expect(Math.abs(top.x - chart.x)).toBeLessThan(1);
    expect(Math.abs(top.width - chart.width)).toBeLessThan(1);
    // "Only objects below their objective" hides the charts of the others.
    const below = summary.objects.filter((o) => o.availability.slo < 1).length;
    await page.check('#only-below');
    expect(await page.locator('.charts figure.card:not([hidden])').count()).toBe(below);
    await page.uncheck('#only-below');
    expect(await page.locator('.charts figure.card:not([hidden])').count()).toBe(summary.objects.length);
    await checkEventFilter(page);
    // Nothing went wrong, nothing was fetched, nothing injected ran.
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([v.url]);
    expect(v.dialogs).toEqual([]);
  }

  /** Typing a reason narrows the events table to rows that hold it; the reason menu does the same. */
  async function checkEventFilter(page: Page): Promise<void> {
    const rows = page.locator('#ev-table tbody tr');
    const visible = page.locator('#ev-table tbody tr:not([hidden])');
    const total = await rows.count();
    expect(total).toBeGreaterThan(10);
    await page.fill('#ev-text', 'FaultStarted');
    const started = await visible.count();
    expect(started).toBeGreaterThan(0);
    expect(started).toBeLessThan(total);
    for (const text of await visible.allTextContents()) expect(text).toContain('FaultStarted');
    await expect.poll(() => page.textContent('#ev-count')).toBe(`${started} of ${total} rows`);
    await page.fill('#ev-text', '');
    expect(await visible.count()).toBe(total);
    await page.selectOption('#ev-reason', 'Scheduled');
    const scheduled = await visible.count();
    expect(scheduled).toBeGreaterThan(0);
    expect(scheduled).toBeLessThan(total);
    expect(new Set(await page.$$eval('#ev-table tbody tr:not([hidden]) td:nth-child(3)', (tds) => tds.map((t) => t.textContent)))).toEqual(new Set(['Scheduled']));
    await page.selectOption('#ev-reason', '');
  }

  it('a zone outage with every kind of fault window (test/fixtures/report/zone-outage.yaml)', async () => {
    const { dir, summary } = await runScenario(fixture('zone-outage.yaml'), 'zone-outage');
    expect(summary.faults.map((f) => f.kind)).toEqual(['zone-outage', 'etcd-member-crash', 'rollout', 'node-crash']);
    const v = await visit(dir);
    await checkReport(v, summary);
    // The etcd leader crash at 30 m shows in the strip: a red (down) interval, however short.
    expect(await v.page.locator('#timeline g.strip[data-strip="etcd leader"] g.iv.down rect').count()).toBeGreaterThan(0);
    await screenshot(v.page, 'report-zone-outage.png');
  });

  it('the quick start (scenarios/quickstart.yaml, the whole 3 h)', async () => {
    const { dir, summary } = await runScenario(join(ROOT, 'scenarios/quickstart.yaml'), 'quickstart');
    const v = await visit(dir);
    await checkReport(v, summary);
    await screenshot(v.page, 'report-quickstart.png');
  });

  it('hostile names: nothing injected runs, the names show as text', async () => {
    const { dir } = await runScenario(fixture('hostile.yaml'), 'hostile');
    const v = await visit(dir);
    expect(await v.page.title()).toBe('kubeblast — <img src=x onerror=alert(3)> (seed 7)');
    expect(await v.page.locator('.charts figure.card .name').first().textContent()).toBe('default/<script>alert(1)</script>');
    expect(await v.page.locator('img').count()).toBe(0);
    expect(await v.page.locator('script').count()).toBe(1);
    expect(v.errors).toEqual([]);
    expect(v.dialogs).toEqual([]);
    expect(v.requests).toEqual([v.url]);
  });
});
