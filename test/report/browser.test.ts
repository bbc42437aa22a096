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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SummaryJson } from '../../src/metrics/summary.js';
import { ROOT, runCli } from '../cli/run.js';
import { launchBrowser, screenshotDir, type LaunchedBrowser } from '../helpers/browser.js';
import { SEC } from '../../src/kernel/time.js';
import { MAX_CHART_BANDS } from '../../src/report/faults.js';
import { axisBox, checkEventFilter, checkLabels, checkMarks, checkStepsMeetMarks, checkToggles, checkZoom, domains, drag, firstOutageS } from './page-checks.js';
import { fixture, HOSTILE, hostileRun, render, renderFixture } from './run.js';


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

  /** A screenshot of the window scrolled to the charts (the sticky timeline atop them): cheaper than a full page. */
  async function viewportShot(page: Page, name: string, card?: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, document.getElementById("charts").offsetTop)');
    // A card further down is brought to the bottom of the window, under the sticky timeline.
    if (card) await page.evaluate(`document.getElementById(${JSON.stringify(card)}).scrollIntoView({ block: 'end' })`);
    await page.screenshot({ path: join(screenshotDir(), name) });
  }

  async function checkReport(v: Visit, summary: SummaryJson): Promise<void> {
    const { page } = v;
    // The page opens on the objects below their objective (all of them when none is).
    const below = summary.objects.filter((o) => o.availability.slo < 1).length;
    const visible = page.locator('.charts figure.card:not([hidden])');
    expect(await page.locator('.charts figure.card').count()).toBe(summary.objects.length);
    expect(await visible.count()).toBe(below > 0 ? below : summary.objects.length);
    expect(await page.isChecked('#only-below')).toBe(below > 0);
    await page.uncheck('#only-below');
    expect(await visible.count()).toBe(summary.objects.length);
    // A chart per object, each with drawn step paths (a `d` with more than the first move).
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
    // (Past MAX_CHART_BANDS windows, their union: fewer bands, each at least one window.)
    const windows = summary.faults.filter((f) => f.kind !== 'rollout' && f.kind !== 'scale' && !f.skipped).length;
    const bands = await page.$$eval('.charts figure.card', (cards) => cards.map((c) => c.querySelectorAll('rect.fault').length));
    if (windows <= MAX_CHART_BANDS) expect(bands).toEqual(summary.objects.map(() => windows));
    else for (const n of bands) expect(n > 0 && n <= windows, `${n} bands for ${windows} windows`).toBe(true);
    if (windows > 0) {
      const shown = await page.locator('.charts figure.card').first().locator('rect.fault').first().boundingBox();
      expect(shown!.width).toBeGreaterThan(1);
    }
    // The control-plane strip, once: four rows of coloured intervals whose tooltips name the holder.
    const strips = await page.$$eval('g.strip', (gs) => gs.map((g) => ({ name: g.getAttribute('data-strip'), rects: g.querySelectorAll('g.iv rect').length, titles: Array.from(g.querySelectorAll('g.iv title'), (t: Attributes) => t.textContent ?? '') })));
    expect(strips.map((s) => s.name)).toEqual(['etcd leader', 'etcd quorum', 'controller-manager leader', 'scheduler leader']);
    for (const s of strips) expect(s.rects, s.name!).toBeGreaterThan(0);
    expect(strips[0].titles.some((t) => /^etcd leader: cp-\d, /.test(t))).toBe(true);
    // The strip shares the charts' time axis: the timeline's axis spans the same pixels as each chart's.
    const top = await axisBox(page, '#timeline-svg');
    for (const box of await page.$$eval('.charts figure.card svg.chart line.axis', (ls) => ls.map((l) => l.getBoundingClientRect()).map((r) => ({ x: r.x, width: r.width })))) {
      expect(Math.abs(top.x - box.x), JSON.stringify([top, box])).toBeLessThan(1);
      expect(Math.abs(top.width - box.width), JSON.stringify([top, box])).toBeLessThan(1);
    }
    await checkLabels(page, 'whole run');
    await checkZoom(page, summary.durationS);
    await checkToggles(page);
    await page.check('#only-below');
    expect(await visible.count()).toBe(below);
    await page.uncheck('#only-below');
    await checkEventFilter(page);
    // Nothing went wrong, nothing was fetched, nothing injected ran.
    expect(v.errors).toEqual([]);
    expect(v.requests).toEqual([v.url]);
    expect(v.dialogs).toEqual([]);
  }


  /** Writes a page rendered in process and visits it. */
  async function visitRendered(name: string, html: string): Promise<Visit> {
    const dir = join(tmp, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.html'), html);
    return visit(dir);
  }

  it('a zone outage with every kind of fault window (test/fixtures/report/zone-outage.yaml)', async () => {
    const { dir, summary } = await runScenario(fixture('zone-outage.yaml'), 'zone-outage');
    expect(summary.faults.map((f) => f.kind)).toEqual(['zone-outage', 'etcd-member-crash', 'rollout', 'node-crash']);
    const v = await visit(dir);
    await checkReport(v, summary);
    // The etcd leader crash at 30 m shows in the strip: a red (down) interval, however short.
    expect(await v.page.locator('#timeline g.strip[data-strip="etcd leader"] g.iv.down rect').count()).toBeGreaterThan(0);
    // The DaemonSet loses pods with its nodes: its desired count drops, and the chart marks it.
    expect((await checkMarks(v.page, dir, summary)).shrinks).toBeGreaterThan(0);
    await screenshot(v.page, 'report-zone-outage.png');
  });

  it('the quick start (scenarios/quickstart.yaml, the whole 3 h)', async () => {
    const { dir, summary } = await runScenario(join(ROOT, 'scenarios/quickstart.yaml'), 'quickstart');
    const v = await visit(dir);
    await checkReport(v, summary);
    // Services in the lost zone send requests to pods that are not ready for a while: marked.
    expect((await checkMarks(v.page, dir, summary)).holes).toBeGreaterThan(0);
    await v.page.check('#only-below');
    await screenshot(v.page, 'report-quickstart.png');
    // Zoomed on the outage (0:55 to 1:15): the black holes of the lost zone's Services show as wide marks.
    await drag(v.page, '#overview', [0, summary.durationS], 55 * 60, 75 * 60);
    expect(await checkStepsMeetMarks(v.page)).toBeGreaterThan(0);
    await viewportShot(v.page, 'report-quickstart-zoomed.png');
  });

  it('a year of random faults (scenarios/fleet-year.yaml)', async () => {
    const { dir, summary } = await runScenario(join(ROOT, 'scenarios/fleet-year.yaml'), 'fleet-year');
    const v = await visit(dir);
    await checkReport(v, summary);
    await checkMarks(v.page, dir, summary);
    await v.page.check('#only-below');
    await screenshot(v.page, 'report-fleet-year.png');
    // Two days around the first outage: a month from the overview, then two days from the timeline.
    const starts = summary.objects.map((o) => (o.outages > 0 ? firstOutageS(dir, o.object) : Infinity));
    const first = Math.min(...starts);
    const month: [number, number] = [Math.max(0, first - 15 * 86400), Math.max(0, first - 15 * 86400) + 30 * 86400];
    await drag(v.page, '#overview', [0, summary.durationS], ...month);
    const shown = (await domains(v.page))[0];
    await drag(v.page, '#timeline-svg', shown, first - 86400, first + 86400);
    // Within two pixels of the month-wide plot.
    const px = (shown[1] - shown[0]) / (await axisBox(v.page, '#timeline-svg')).width;
    const [a, b] = (await domains(v.page))[0];
    expect(Math.abs(a - (first - 86400)), `zoomed from ${a}`).toBeLessThan(2 * px);
    expect(Math.abs(b - (first + 86400)), `zoomed to ${b}`).toBeLessThan(2 * px);
    // A year's line redrawn for two days: its steps still meet the outage marks to the pixel.
    expect(await checkStepsMeetMarks(v.page)).toBeGreaterThan(0);
    expect(await v.page.locator('.charts figure.card').first().locator('g.xaxis text').first().textContent()).toMatch(/^\d+d \d\d:\d\d$/);
    await viewportShot(v.page, 'report-fleet-year-zoomed.png', `o${starts.indexOf(first)}`);
  });

  it('crowded fault labels: 40 faults 20 s apart with long names, some at the right edge, never overlap or clip', async () => {
    const { result, summary } = renderFixture('zone-outage.yaml');
    const endS = result.durationUs / SEC;
    const faults = Array.from({ length: 40 }, (_, i) => ({
      kind: (i % 3 === 0 ? 'rack-power' : 'node-crash') as 'node-crash',
      target: `eu-west-${i % 4}-rack-${i}-a-rather-long-node-name`,
      startS: i < 30 ? 600 + 20 * i : endS - 5 * (40 - i),
      endS: i < 30 ? 660 + 20 * i : endS,
      origin: 'scheduled' as const,
    }));
    const v = await visitRendered('crowded', render({ ...result, faults }).html);
    await checkLabels(v.page, 'whole run');
    const shown = await v.page.locator('text.lanelabel:not([visibility="hidden"])').count();
    expect(shown).toBeGreaterThan(0);
    // Zoomed on the first burst, more of them find room.
    await checkZoom(v.page, summary.durationS);
    expect(v.errors).toEqual([]);
  });

  it('hostile names: nothing injected runs, the names show as text', async () => {
    const { html } = render(hostileRun(renderFixture('zone-outage.yaml').result));
    const v = await visitRendered('hostile', html);
    expect(await v.page.title()).toBe(`kubeblast — ${HOSTILE.scenario} (seed 3)`);
    await v.page.uncheck('#only-below');
    const names = await v.page.locator('.charts figure.card .name').allTextContents();
    expect(names).toContain(HOSTILE.deployment.slice('deployment/'.length));
    expect(names).toContain(HOSTILE.service.slice('service/'.length));
    expect(await v.page.locator('img').count()).toBe(0);
    expect(await v.page.locator('script').count()).toBe(1);
    expect(v.errors).toEqual([]);
    expect(v.dialogs).toEqual([]);
    expect(v.requests).toEqual([v.url]);
  });
});
