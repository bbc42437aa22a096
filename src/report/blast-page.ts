/**
 * The page shell of the batch reports (blast, capacity): the run report's style sheet plus the
 * heat map's and cost chart's own rules, no script, and the same Content Security Policy (every
 * fetch forbidden, the style allowed by hash). Deterministic: the same figures give the same bytes.
 */
import { createHash } from 'node:crypto';
import { CSS } from './assets.js';
import { escapeHtml } from './format.js';
import { HEAT_CSS } from './blast-heatmap.js';

/** Rules of the heat map and the cost/availability chart, on top of the run report's. */
const BATCH_CSS = `
table.heat{width:auto;border-collapse:separate;border-spacing:2px;background:var(--card)}
table.heat th{position:static;background:none;font-weight:500;font-size:11.5px;padding:2px 4px}
table.heat th.obj{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;max-height:230px;white-space:nowrap;vertical-align:bottom}
table.heat th.dom{text-align:left;font-weight:600}
table.heat td{width:30px;min-width:30px;height:24px;padding:0;text-align:center;border:1px solid #0001;border-radius:3px;font-size:13px;font-weight:700;color:#5a0d0d}
table.heat td.miss{outline:2px solid var(--down);outline-offset:-2px}
table.heat td.none{background:#f3f4f6;color:var(--dim);font-weight:400}
.scale{display:inline-block;width:160px;height:11px;border:1px solid #0002;vertical-align:-1px}
.scroll.heatwrap{display:inline-block;max-width:100%;vertical-align:top}
svg.cost{max-width:760px;background:var(--card);border:1px solid var(--line);border-radius:6px}
.cost .dot{stroke:#fff;stroke-width:1}.cost .ci{stroke-width:1.6}.cost .link{fill:none;stroke-width:1.4;stroke-opacity:.6}
.cost .lbl{font-size:10px;fill:var(--ink)}.cost .axt{font-size:10.5px;fill:var(--dim)}
tr.pass td:first-child{box-shadow:inset 3px 0 0 var(--ok)}tr.fail td:first-child{box-shadow:inset 3px 0 0 var(--down)}
`;

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** A whole page: `title` in the tab, `body` inside `<main>`. */
export function batchPage(title: string, body: string): string {
  const css = CSS + BATCH_CSS + HEAT_CSS;
  const csp = `default-src 'none'; style-src '${sha256(css)}'; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style></head>
<body><main>
${body}
</main></body></html>
`;
}
