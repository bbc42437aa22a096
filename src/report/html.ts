/**
 * report.html: one self-contained page (no network) built from a run's data model.
 * (Interim form: summary table only; charts, control-plane strip and events table follow.)
 */
import type { SummaryJson } from '../metrics/summary.js';
import type { RunResult } from '../world/result.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Renders the report page. */
export function renderReport(_r: RunResult, s: SummaryJson): string {
  const rows = s.objects
    .map((o) => `<tr><td>${escapeHtml(o.object)}</td><td>${o.desired}</td><td>${(100 * o.availability.slo).toFixed(3)}%</td><td>${o.downtimeS}</td><td>${o.outages}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubeblast — ${escapeHtml(s.scenario)}</title></head>
<body><h1>${escapeHtml(s.scenario)} (seed ${s.seed})</h1>
<table><thead><tr><th>object</th><th>desired</th><th>SLO availability</th><th>downtime (s)</th><th>outages</th></tr></thead>
<tbody>
${rows}
</tbody></table></body></html>
`;
}
