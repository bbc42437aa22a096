/**
 * Runs the report's fixture scenarios in process (scenario → run → summary → page), for tests
 * that look at the page's text; the browser test goes through the real CLI instead.
 */
import { fileURLToPath } from 'node:url';
import type { AvailabilityRecorder, ObjectSeries } from '../../src/metrics/availability.js';
import { buildSummary, type SummaryJson } from '../../src/metrics/summary.js';
import { renderReport } from '../../src/report/html.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { RunResult } from '../../src/world/result.js';
import { runScenario } from '../../src/world/world.js';

/** A fixture of `test/fixtures/report/`. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/report/${name}`, import.meta.url));
}

/** One run of a fixture and its page. */
export interface Rendered {
  result: RunResult;
  summary: SummaryJson;
  html: string;
}

/** Runs a fixture scenario and renders its report (`wallMs` is the only wall-clock figure). */
export function renderFixture(name: string, wallMs = 0): Rendered {
  const result = runScenario(loadScenario(fixture(name)));
  return render(result, wallMs);
}

/** Renders a (possibly altered) run. */
export function render(result: RunResult, wallMs = 0): Rendered {
  const summary = buildSummary(result, wallMs);
  return { result, summary, html: renderReport(result, summary) };
}

/** A run whose availability series are replaced (for large-run cases built by hand). */
export function withSeries(r: RunResult, series: ObjectSeries[]): RunResult {
  return { ...r, availability: { all: () => series } as unknown as AvailabilityRecorder };
}

/** The chart cards of a page, by object anchor id, as HTML text. */
export function chartCards(html: string): string[] {
  return html.match(/<figure class="card[^"]*" id="o\d+"[^>]*>[\s\S]*?<\/figure>/g) ?? [];
}

/** Names no manifest or scenario may carry any more (names are DNS-1123 checked), given to the page in process. */
export const HOSTILE = {
  scenario: '<img src=x onerror=alert(3)>',
  deployment: 'deployment/default/<script>alert(1)</script>',
  service: 'service/default/x"onmouseover="alert(2)',
  target: '</title><script>alert(4)</script>"\'<',
} as const;

/**
 * A run of the zone-outage fixture with hostile names everywhere the page prints one: the
 * scenario, the first Deployment and Service (series, SLOs and their events), fault targets and
 * control-plane holders.
 */
export function hostileRun(result: RunResult): RunResult {
  const series = result.availability.all();
  const rename = new Map<string, string>();
  const dep = series.find((s) => s.key.startsWith('deployment/'));
  const svc = series.find((s) => s.key.startsWith('service/'));
  if (dep) rename.set(dep.key, HOSTILE.deployment);
  if (svc) rename.set(svc.key, HOSTILE.service);
  const name = (k: string) => rename.get(k) ?? k;
  const r: RunResult = {
    ...result,
    scenario: { ...result.scenario, name: HOSTILE.scenario },
    faults: result.faults.map((f) => ({ ...f, target: HOSTILE.target })),
    strips: result.strips.map((s) => ({ name: s.name, intervals: s.intervals.map((iv) => ({ ...iv, label: HOSTILE.target })) })),
    sloMinReady: new Map([...result.sloMinReady].map(([k, v]) => [name(k), v])),
    events: { ...result.events, rows: result.events.rows.map((e) => ({ ...e, object: name(e.object), message: rename.has(e.object) ? `${e.message} ${HOSTILE.deployment}` : e.message })) } as RunResult['events'],
  };
  return withSeries(r, series.map((s) => ({ key: name(s.key), isService: s.isService, times: s.times, values: s.values })));
}
