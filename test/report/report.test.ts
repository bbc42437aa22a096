import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { MAX_EVENT_ROWS } from '../../src/report/events.js';
import { MAX_CHART_BANDS } from '../../src/report/faults.js';
import { PLOT_WIDTH } from '../../src/report/frame.js';
import { escapeHtml, MAX_CHARTS } from '../../src/report/html.js';
import { chartCards, HOSTILE, hostileRun, render, renderFixture, withSeries } from './run.js';


const count = (text: string, what: string) => text.split(what).length - 1;

describe('report.html escapes every name from manifests and scenarios', () => {
  it('a Deployment named <script>alert(1)</script>, a Service name that closes an attribute, a scenario named <img onerror>, fault targets and control-plane holders', () => {
    const { html } = render(hostileRun(renderFixture('zone-outage.yaml').result));
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</title><script>');
    expect(html).not.toContain('"onmouseover="');
    expect(html).not.toContain('<img');
    expect(count(html, '<script')).toBe(1); // the page's own
    // The names are there, escaped: summary table, chart caption and label, events (objects and messages).
    expect(count(html, escapeHtml(HOSTILE.deployment))).toBeGreaterThanOrEqual(3);
    expect(html).toContain(escapeHtml(HOSTILE.service));
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;&quot;&#39;&lt;');
    expect(html).toContain('<title>kubeblast — &lt;img src=x onerror=alert(3)&gt; (seed 3)</title>');
  });
});

describe('report.html content', () => {
  const { summary, html, result } = renderFixture('zone-outage.yaml');
  const cards = chartCards(html);

  it('charts every object, with an outage mark per outage of summary.json and its SLO state', () => {
    expect(cards.length).toBe(summary.objects.length);
    summary.objects.forEach((o, i) => {
      expect(cards[i], o.object).toContain(`id="o${i}"`);
      // One mark per outage; outages less than a pixel apart share a mark that says how many.
      const marks = [...cards[i].matchAll(/<g class="outage">.*?<title>(\d+ outages|outage )/g)];
      expect(marks.reduce((n, m) => n + (m[1] === 'outage ' ? 1 : Number.parseInt(m[1], 10)), 0), o.object).toBe(o.outages);
      const isService = o.object.startsWith('service/');
      for (const s of ['desired', 'reported', 'ready', ...(isService ? ['endpoints', 'serving'] : [])]) {
        expect(cards[i], `${o.object} ${s}`).toMatch(new RegExp(`<path class="s-${s}" d="M[^"]*[LHV]`));
      }
    });
    // service/default/api has an explicit SLO (all desired) that it missed; web met its ≥ 2.
    expect(cards[summary.objects.findIndex((o) => o.object === 'service/default/api')]).toMatch(/^<figure class="card row miss"/);
    expect(cards[summary.objects.findIndex((o) => o.object === 'service/default/web')]).toMatch(/^<figure class="card row"/);
    expect(html).toMatch(/<tr class="miss"[^>]*><td class="name"><a href="#o\d+">service\/default\/api<\/a>/);
  });

  it('shades one band per fault window in every chart, draws instants as lines, and runs open-ended faults to the end', () => {
    const windows = result.faults.filter((f) => f.kind !== 'rollout' && f.kind !== 'scale' && !f.skipped);
    expect(windows.length).toBe(3); // zone outage, etcd leader crash, node crash to the end
    for (const c of cards) {
      expect(count(c, '<rect class="fault"')).toBe(windows.length);
      expect(count(c, '<line class="fault-instant"')).toBe(1); // the rollout
    }
    expect(cards[0]).toMatch(/<title>fault #4: node-crash eu-a-r1-n1, 0:45:00.000 → end of run \(15m 00s\)<\/title>/);
  });

  it('names the summary columns as the console does and defines each share in its tooltip', () => {
    const head = html.slice(html.indexOf('<table class="summary">'), html.indexOf('</thead>'));
    const titles = new Map([...head.matchAll(/<th[^>]*title="([^"]*)"[^>]*>([^<]*)</g)].map((m) => [m[2], m[1]]));
    expect([...titles.keys()]).toEqual(['objective', 'lowest ready', 'share of the run', 'met objective', '≥1 ready', 'all ready']);
    expect(titles.get('met objective')).toMatch(/availability\.slo\): the share of the run with at least the objective \(sloMinReady, default all desired\) truly ready/);
    expect(titles.get('≥1 ready')).toMatch(/availability\.any\): .*at least one truly ready/);
    expect(titles.get('all ready')).toMatch(/availability\.full\): .*all desired truly ready/);
    expect(head).not.toMatch(/>slo<|>any<|>full<|SLO \(min ready\)/);
    // Each row's lowest-ready cell is summary.json's lowestReady.
    const rows = [...html.matchAll(/<tr class="[^"]*"><td class="name">.*?<\/td><td>\d+<\/td><td>.*?<\/td><td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    expect(rows).toEqual(summary.objects.map((o) => o.lowestReady));
  });

  it('has the control-plane strip and the events table with every event', () => {
    for (const name of ['etcd leader', 'etcd quorum', 'controller-manager leader', 'scheduler leader']) expect(html).toContain(`data-strip="${name}"`);
    // Drawn once, above all the charts (no copies per column).
    expect(count(html, 'data-strip="etcd leader"')).toBe(1);
    expect(count(html, '<use ')).toBe(0);
    expect(html).toContain(`All ${result.events.rows.length} events of the run`);
    expect(count(html.slice(html.indexOf('id="ev-table"')), '<tr')).toBe(result.events.rows.length + 1);
  });

  it('is deterministic: two runs give the same bytes apart from the wall time', () => {
    const again = renderFixture('zone-outage.yaml', 1234).html;
    expect(again).not.toBe(html);
    const mask = (s: string) => s.replace(/<span id="wall-time">[^<]*<\/span>/, '');
    expect(mask(again)).toBe(mask(html));
  });
});

describe('report.html for large runs', () => {
  const { result } = renderFixture('zone-outage.yaml');

  it('caps the events table, keeping every fault and control-plane event, and says how many were left out', () => {
    const rows = [...result.events.rows];
    const last = rows[rows.length - 1].time;
    for (let i = 1; i <= 30_000; i++) rows.push({ time: last + i * SEC, type: 'Normal', reason: 'Filler', object: `pod/default/f-${i}`, message: 'filler' });
    rows.push({ time: last + 40_000 * SEC, type: 'Warning', reason: 'FaultStarted', object: 'fault/9', message: 'late fault' });
    const long = { ...result, durationUs: last + 50_000 * SEC, events: { ...result.events, rows, count: rows.length } };
    const { html } = render(long as typeof result);
    const table = html.slice(html.indexOf('id="ev-table"'));
    expect(count(table, '<tr')).toBe(MAX_EVENT_ROWS + 1);
    expect(table).toContain('late fault');
    expect(html).toContain(`Showing 20,000 of ${(rows.length).toLocaleString('en-US')} events`);
  });

  it('simplifies a series with more changes than pixels, says so, and keeps the page small', () => {
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      times.push(i * 10 * SEC);
      const ready = i % 7 === 0 ? 1 : 3;
      values.push(3, ready, ready, 0, 0);
    }
    const r = withSeries({ ...result, durationUs: 2_000_000 * SEC, sloMinReady: new Map() }, [{ key: 'deployment/default/flappy', isService: false, times, values }]);
    const { html } = render(r);
    expect(html).toContain('1 chart has more changes than the chart');
    const d = html.match(/<path class="s-ready" d="([^"]*)"/)![1];
    // At most four corners per pixel column, each drawn by curveStepAfter as two segments.
    expect(d.split(/[MLHV]/).length).toBeLessThanOrEqual(2 * 4 * PLOT_WIDTH + 4);
    expect(html.length).toBeLessThan(300_000);
  });

  it('shades the union of fault windows when there are too many to draw one by one', () => {
    const faults = Array.from({ length: MAX_CHART_BANDS + 20 }, (_, i) => ({ kind: 'node-crash' as const, target: `n${i}`, startS: 60 * i, endS: 60 * i + 30, origin: 'random' as const }));
    const { html } = render({ ...result, faults });
    const card = chartCards(html)[0];
    expect(count(card, '<rect class="fault"')).toBe(0);
    expect(count(card, '<rect class="fault merged"')).toBeGreaterThan(0);
    expect(html).toContain(`With more than ${MAX_CHART_BANDS} fault windows the charts shade their union`);
  });

  it(`charts at most ${MAX_CHARTS} objects, those below their objective first, and says so`, () => {
    const series = Array.from({ length: 250 }, (_, i) => ({
      key: `deployment/default/d${i}`, isService: false,
      // All ready from 0 (a run starts converged); every fifth object loses one of two at 200 + i s.
      times: [0, 200 * SEC + i * SEC, 300 * SEC + i * SEC],
      values: [2, 2, 2, 0, 0, 2, i % 5 === 0 ? 1 : 2, 2, 0, 0, 2, 2, 2, 0, 0],
    }));
    const { html, summary } = render(withSeries({ ...result, sloMinReady: new Map() }, series));
    expect(chartCards(html).length).toBe(MAX_CHARTS);
    expect(html).toContain(`${MAX_CHARTS} of 250 objects are charted`);
    // Every object with an outage (every fifth) is charted.
    for (const [i, o] of summary.objects.entries()) if (o.outages > 0) expect(html, o.object).toContain(`id="o${i}"`);
  });
});
