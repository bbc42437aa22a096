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
  return html.match(/<figure class="card[^"]*" id="o\d+">[\s\S]*?<\/figure>/g) ?? [];
}
