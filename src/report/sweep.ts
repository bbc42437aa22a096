/** The report.html of a sweep (placeholder until the full page lands). */
import type { SweepSummary } from '../batch/aggregate.js';
import type { RunFigures } from '../batch/figures.js';
import type { SweepManifest } from '../batch/results-dir.js';

/** Renders the sweep's self-contained page. */
export function renderSweepReport(_m: SweepManifest, s: SweepSummary, _runs: RunFigures[][]): string {
  return `<!doctype html><meta charset="utf-8"><title>kubeblast sweep</title><pre>${JSON.stringify(s, null, 2).replace(/</g, '&lt;')}</pre>\n`;
}
