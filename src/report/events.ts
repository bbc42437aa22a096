/**
 * The events table (time, type, reason, object, message) with a text filter and a reason filter
 * (the page's script). Long runs are capped: every fault and control-plane event is kept, then the
 * others in time order until the cap; the page says how many were left out.
 */
import { SEC } from '../kernel/time.js';
import { isKeyEvent as isKey, RETAINED_OTHER_EVENTS, type SimEvent } from '../metrics/events.js';
import { escapeHtml, formatClock, formatCount } from './format.js';

/**
 * Rows embedded at most. A streamed run's log retains every key event and this many others
 * (metrics/events.ts), exactly what `selectEvents` can pick, so the table is the same either way.
 */
export const MAX_EVENT_ROWS = RETAINED_OTHER_EVENTS;

/** The rows to embed, in time order: all when they fit, else key events first, then the earliest others. */
export function selectEvents(rows: readonly SimEvent[], cap: number): SimEvent[] {
  if (rows.length <= cap) return [...rows];
  const keep = new Uint8Array(rows.length);
  let n = 0;
  const take = (i: number) => {
    keep[i] = 1;
    n++;
  };
  for (let i = 0; i < rows.length && n < cap; i++) if (isKey(rows[i])) take(i);
  for (let i = 0; i < rows.length && n < cap; i++) if (!keep[i]) take(i);
  return rows.filter((_, i) => keep[i] === 1);
}

/** The events section's body: filters, a note on what is shown, and the table; `total` counts the run's events, retained or not. */
export function renderEvents(rows: readonly SimEvent[], total: number, cap = MAX_EVENT_ROWS): string {
  const shown = selectEvents(rows, cap);
  const reasons = new Map<string, number>();
  for (const e of shown) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  const options = [...reasons].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([r, n]) => `<option value="${escapeHtml(r)}">${escapeHtml(r)} (${formatCount(n)})</option>`);
  const left = total - shown.length;
  const note = left > 0
    ? `Showing ${formatCount(shown.length)} of ${formatCount(total)} events: every fault and control-plane event (Fault*, Etcd*, LeaderElection*), then the others from the start of the run until the cap; ${formatCount(left)} later events are left out here and are all in events.csv.`
    : `All ${formatCount(total)} events of the run (also in events.csv).`;
  const body = shown.map((e) => `<tr${e.type === 'Warning' ? ' class="warning"' : ''}><td>${formatClock(e.time / SEC)}</td><td>${e.type}</td><td>${escapeHtml(e.reason)}</td>`
    + `<td>${escapeHtml(e.object)}</td><td>${escapeHtml(e.message)}</td></tr>`);
  return `<div class="filters"><label>text <input id="ev-text" type="search" placeholder="filter: pod name, node, message…" autocomplete="off"></label>`
    + `<label>reason <select id="ev-reason"><option value="">all reasons</option>${options.join('')}</select></label>`
    + `<label><input id="ev-warn" type="checkbox"> warnings only</label><span id="ev-count" class="dim">${formatCount(shown.length)} rows</span></div>`
    + `<p class="note">${note}</p>`
    + `<div class="scroll tall"><table class="events" id="ev-table"><thead><tr><th>time</th><th>type</th><th>reason</th><th>object</th><th>message</th></tr></thead>`
    + `<tbody>${body.join('\n')}</tbody></table></div>`;
}
