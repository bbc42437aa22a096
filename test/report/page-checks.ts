/**
 * Checks of a report page in the browser, shared by the report's browser tests: zoom, fault
 * labels, series toggles, the events filter and the marks read back from availability.csv.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { SummaryJson } from '../../src/metrics/summary.js';

/** The page's getComputedStyle, typed for the little read of it. */
interface Styled {
  getComputedStyle(element: unknown): { display: string };
}

/** The geometric box of the axis line of the first SVG that `sel` selects (getBoundingClientRect, as for the charts: Playwright's boundingBox adds the stroke). */
export async function axisBox(page: Page, sel: string): Promise<{ x: number; y: number; width: number; height: number }> {
  return page.locator(sel).first().locator('g.xaxis line.axis').evaluate((l) => {
    const r = l.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
}

/** The domain, in seconds, that an SVG shows (set by the page's script). */
export async function domains(page: Page): Promise<Array<[number, number]>> {
  const list = await page.$$eval('svg.zoomable', (svgs) => svgs.map((s) => s.getAttribute('data-domain') ?? ''));
  return list.map((d) => d.split(' ').map(Number) as [number, number]);
}

/** Dragging across 40–60 % of the overview zooms every chart and the timeline to that range; "whole run" undoes it. */
export async function checkZoom(page: Page, durationS: number): Promise<void> {
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
export async function drag(page: Page, sel: string, domain: [number, number], s0: number, s1: number): Promise<void> {
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
export async function checkLabels(page: Page, when: string): Promise<void> {
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
export async function checkToggles(page: Page): Promise<void> {
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
export async function checkEventFilter(page: Page): Promise<void> {
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
export function marksFromCsv(dir: string, durationS: number): Map<string, { hole: boolean; shrink: boolean }> {
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
export async function checkMarks(page: Page, dir: string, summary: SummaryJson): Promise<{ holes: number; shrinks: number }> {
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
export function firstOutageS(dir: string, object: string): number {
  for (const line of readFileSync(join(dir, 'availability.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [t, o, desired, ready, , , serving] = line.split(',');
    if (o === object && Number(o.startsWith('service/') ? serving : ready) < Number(desired)) return Number(t);
  }
  return Infinity;
}

/**
 * Under zoom, each outage mark in view starts where its chart's metric line (serving for a
 * Service, ready otherwise) has a corner: lines and marks are placed from the same seconds.
 * Returns how many marks were checked.
 */
export async function checkStepsMeetMarks(page: Page): Promise<number> {
  const found = await page.$$eval('.charts figure.card:not([hidden]) svg.chart', (svgs) => svgs.map((svg) => {
    const [a, b] = (svg.getAttribute('data-domain') ?? '').split(' ').map(Number);
    const metric = svg.querySelector('path.s-serving') ?? svg.querySelector('path.s-ready');
    const corners = [...(metric?.getAttribute('d') ?? '').matchAll(/H(-?[\d.]+)/g)].map((m) => Number(m[1]));
    const bars = Array.from(svg.querySelectorAll('rect.outage-bar'), (r: { getAttribute(name: string): string | null }) => ({ s0: Number(r.getAttribute('data-s0')), x: Number(r.getAttribute('x')) }));
    return bars.filter((r) => r.s0 > a && r.s0 < b).map((r) => ({ x: r.x, nearest: Math.min(...corners.map((c) => Math.abs(c - r.x))) }));
  }));
  const bars = found.flat();
  for (const bar of bars) expect(bar.nearest, `outage mark at x = ${bar.x}: nearest corner of the line`).toBeLessThan(0.5);
  return bars.length;
}
