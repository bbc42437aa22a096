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
import { fixture, HOSTILE, hostileRun, render, renderFixture } from './run.js';


/** The little of a DOM element the page callbacks read (the project compiles without the DOM library). */
interface Attributes {
  getAttribute(name: string): string | null;
  textContent: string | null;
}

/** The page's getComputedStyle, typed for the little read of it. */
interface Styled {
  getComputedStyle(element: unknown): { display: string };
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
  async function viewportShot(page: Page, name: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, document.getElementById("charts").offsetTop)');
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

  /** The geometric box of the axis line of the first SVG that `sel` selects (getBoundingClientRect, as for the charts: Playwright's boundingBox adds the stroke). */
  async function axisBox(page: Page, sel: string): Promise<{ x: number; y: number; width: number; height: number }> {
    return page.locator(sel).first().locator('g.xaxis line.axis').evaluate((l) => {
      const r = l.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }

  /** The domain, in seconds, that an SVG shows (set by the page's script). */
  async function domains(page: Page): Promise<Array<[number, number]>> {
    const list = await page.$$eval('svg.zoomable', (svgs) => svgs.map((s) => s.getAttribute('data-domain') ?? ''));
    return list.map((d) => d.split(' ').map(Number) as [number, number]);
  }

  /** Dragging across 40–60 % of the overview zooms every chart and the timeline to that range; "whole run" undoes it. */
  async function checkZoom(page: Page, durationS: number): Promise<void> {
    const count = await page.locator('svg.zoomable').count();
    expect(await domains(page)).toEqual(Array.from({ length: count }, () => [0, durationS]));
    const firstTicks = () => page.locator('.charts figure.card').first().locator('g.xaxis text').allTextContents();
    const before = await firstTicks();
    const ov = await axisBox(page, '#overview');
    await drag(page, '#overview', [0, durationS], 0.4 * durationS, 0.6 * durationS);
    // A pixel of the overview is durationS / width seconds: the domain lands within two of them.
    const tol = (2 * durationS) / ov.width;
    for (const [a, b] of await domains(page)) {
      expect(Math.abs(a - 0.4 * durationS)).toBeLessThan(tol);
      expect(Math.abs(b - 0.6 * durationS)).toBeLessThan(tol);
    }
    expect(await firstTicks()).not.toEqual(before);
    expect(await page.textContent('#zoom-range')).toMatch(/→/);
    await checkLabels(page, 'zoomed');
    await page.click('#zoom-reset');
    expect(await domains(page)).toEqual(Array.from({ length: count }, () => [0, durationS]));
    expect(await firstTicks()).toEqual(before);
  }

  /** Drags across [s0, s1] seconds on the plot of the SVG `sel`, which shows `domain`. */
  async function drag(page: Page, sel: string, domain: [number, number], s0: number, s1: number): Promise<void> {
    await page.locator(sel).first().scrollIntoViewIfNeeded();
    const box = await axisBox(page, sel);
    const x = (s: number) => box.x + ((s - domain[0]) / (domain[1] - domain[0])) * box.width;
    const y = box.y - 5;
    await page.mouse.move(x(s0), y);
    await page.mouse.down();
    await page.mouse.move((x(s0) + x(s1)) / 2, y, { steps: 4 });
    await page.mouse.move(x(s1), y, { steps: 4 });
    await page.mouse.up();
  }

  /** Fault labels shown never overlap one another and lie inside the timeline's plot. */
  async function checkLabels(page: Page, when: string): Promise<void> {
    const plot = await axisBox(page, '#timeline-svg');
    const boxes = await page.$$eval('text.lanelabel:not([visibility="hidden"])', (ts) => ts.map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, x0: r.left, x1: r.right, y0: r.top, y1: r.bottom };
    }));
    for (const b of boxes) {
      expect(b.x0, `${when}: ${b.text}`).toBeGreaterThanOrEqual(plot.x - 0.5);
      expect(b.x1, `${when}: ${b.text}`).toBeLessThanOrEqual(plot.x + plot.width + 0.5);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i], boxes[j]];
        const overlap = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0) > 0.5 && Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0) > 0.5;
        expect(overlap, `${when}: "${p.text}" overlaps "${q.text}"`).toBe(false);
      }
    }
  }

  /** Unticking a series in the legend hides its line in every chart; ticking shows it again; the others stay. */
  async function checkToggles(page: Page): Promise<void> {
    // Displayed or not (a flat line has an empty box, so Playwright's isVisible cannot tell).
    const shown = (cls: string) => page.$$eval(`.charts figure.card:not([hidden]) path.${cls}`, (ps) => ps.map((p) => (globalThis as unknown as Styled).getComputedStyle(p).display !== 'none'));
    const n = (await shown('s-reported')).length;
    expect(n).toBeGreaterThan(0);
    await page.uncheck('input.series-toggle[value="reported"]');
    expect(await shown('s-reported')).toEqual(Array.from({ length: n }, () => false));
    expect((await shown('s-ready')).every(Boolean)).toBe(true);
    await page.check('input.series-toggle[value="reported"]');
    expect(await shown('s-reported')).toEqual(Array.from({ length: n }, () => true));
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

  /** availability.csv, per object: whether it had a black hole (endpoints > serving) and a `desired` below its start value. */
  function marksFromCsv(dir: string, durationS: number): Map<string, { hole: boolean; shrink: boolean }> {
    const out = new Map<string, { hole: boolean; shrink: boolean; d0: number }>();
    for (const line of readFileSync(join(dir, 'availability.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [t, object, desired, , , endpoints, serving] = line.split(',');
      const m = out.get(object) ?? { hole: false, shrink: false, d0: Number(desired) };
      out.set(object, m);
      if (Number(t) >= durationS) continue;
      if (Number(endpoints) > Number(serving)) m.hole = true;
      if (Number(desired) < m.d0 && !object.startsWith('job/')) m.shrink = true;
    }
    return out;
  }

  /** Every black hole and every shrunken `desired` of availability.csv has a visible mark (at least 2 px wide) in its object's chart, and no other chart has one. */
  async function checkMarks(page: Page, dir: string, summary: SummaryJson): Promise<{ holes: number; shrinks: number }> {
    await page.uncheck('#only-below');
    const expected = marksFromCsv(dir, summary.durationS);
    // One call for all cards: per card, the width of its first bar of each kind (0: none) and its start lines.
    const cards = await page.$$eval('.charts figure.card', (cs) => cs.map((c) => {
      const width = (sel: string) => c.querySelector(sel)?.getBoundingClientRect().width ?? 0;
      return { id: c.id, hole: width('rect.hole-bar'), shrink: width('rect.shrink-bar'), starts: c.querySelectorAll('line.s-start').length };
    }));
    const seen = { holes: 0, shrinks: 0 };
    for (const [i, o] of summary.objects.entries()) {
      const card = cards.find((c) => c.id === `o${i}`)!;
      const want = expected.get(o.object)!;
      expect(card.hole > 0, `${o.object}: black-hole marks`).toBe(want.hole);
      expect(card.shrink > 0, `${o.object}: desired-below-start marks`).toBe(want.shrink);
      if (want.hole) expect(card.hole, `${o.object}: black-hole bar width`).toBeGreaterThanOrEqual(2);
      if (want.shrink) expect(card.shrink, `${o.object}: desired-below-start bar width`).toBeGreaterThanOrEqual(2);
      expect(card.starts, o.object).toBe(want.shrink ? 1 : 0);
      seen.holes += want.hole ? 1 : 0;
      seen.shrinks += want.shrink ? 1 : 0;
    }
    return seen;
  }

  /** When an object's truly ready count (serving, for a Service) first fell below desired, from availability.csv. */
  function firstOutageS(dir: string, object: string): number {
    for (const line of readFileSync(join(dir, 'availability.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [t, o, desired, ready, , , serving] = line.split(',');
      if (o === object && Number(o.startsWith('service/') ? serving : ready) < Number(desired)) return Number(t);
    }
    return Infinity;
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
    const first = Math.min(...summary.objects.filter((o) => o.outages > 0).map((o) => firstOutageS(dir, o.object)));
    const month: [number, number] = [Math.max(0, first - 15 * 86400), Math.max(0, first - 15 * 86400) + 30 * 86400];
    await drag(v.page, '#overview', [0, summary.durationS], ...month);
    const shown = (await domains(v.page))[0];
    await drag(v.page, '#timeline-svg', shown, first - 86400, first + 86400);
    // Within two pixels of the month-wide plot.
    const px = (shown[1] - shown[0]) / (await axisBox(v.page, '#timeline-svg')).width;
    const [a, b] = (await domains(v.page))[0];
    expect(Math.abs(a - (first - 86400)), `zoomed from ${a}`).toBeLessThan(2 * px);
    expect(Math.abs(b - (first + 86400)), `zoomed to ${b}`).toBeLessThan(2 * px);
    expect(await v.page.locator('.charts figure.card').first().locator('g.xaxis text').first().textContent()).toMatch(/^\d+d \d\d:\d\d$/);
    await viewportShot(v.page, 'report-fleet-year-zoomed.png');
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
