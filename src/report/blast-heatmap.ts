/**
 * The blast heat map: per level, a table of domains (rows) × objects (columns). A cell's colour
 * is the object's downtime below its objective when that domain failed (white: none; darkest: the
 * longest of the blast), its mark says what went wrong — ✕ the SLO broke, ! not back at its
 * desired count before the domain returned, ∞ still below desired when the settle window ended —
 * and its title gives the figures and the `kubeblast run` command that replays the run.
 */
import { scaleLinear } from 'd3-scale';
import { verdicts, worstFirst, type BlastResult, type DomainVerdict } from '../batch/blast.js';
import type { BlastRow } from '../batch/blast-rows.js';
import type { BlastDomain, BlastLevel } from '../batch/blast-domains.js';
import { escapeHtml, formatDuration } from './format.js';
import { isControlPlaneRow } from '../batch/blast-controlplane.js';

/** Colours of the downtime scale, from none to the longest. */
const LOW = '#fff7f0';
const HIGH = '#c0392b';
/** Colour steps above zero. Classes, not inline styles: the page's CSP allows its one style sheet only. */
const STEPS = 8;
const STEP_COLOUR = scaleLinear<string>().domain([0, STEPS]).range([LOW, HIGH]);

/** The heat map's colour classes (`h0` no downtime … `h8` the longest), for the page's style sheet. */
export const HEAT_CSS = Array.from({ length: STEPS + 1 }, (_, k) => `table.heat td.h${k}{background:${STEP_COLOUR(k)}}`).join('')
  + `.scale{background:linear-gradient(90deg,${LOW},${HIGH})}`
  // Marks stay readable on the darker half of the scale.
  + Array.from({ length: STEPS - STEPS / 2 + 1 }, (_, k) => `table.heat td.h${STEPS / 2 + k}`).join(',') + '{color:#fff}';

/** The colour step of a downtime: 0 for none, else 1..STEPS on a square-root scale of the longest (short outages stay visible). */
function step(downtimeS: number, maxS: number): number {
  if (downtimeS <= 0 || maxS <= 0) return 0;
  return Math.max(1, Math.ceil(Math.sqrt(downtimeS / maxS) * STEPS));
}

/** The command that replays one domain's run, given its replay file's name. */
export type ReplayCommand = (level: BlastLevel, domain: string) => string;

const KIND_SHORT: Record<string, string> = { deployment: 'deploy', service: 'svc', statefulset: 'sts', daemonset: 'ds', replicaset: 'rs' };

/** A column header: `deploy/frontend` for `deployment/default/frontend` (kubectl's short kinds; namespace shown unless default). */
export function shortObject(key: string): string {
  const [kind, ns, ...rest] = key.split('/');
  // A control-plane role (`controlplane/etcd-leader`) has no namespace.
  if (rest.length === 0) return `${kind === 'controlplane' ? 'cp' : kind}/${ns ?? ''}`;
  const name = rest.join('/');
  return `${KIND_SHORT[kind] ?? kind}/${ns === 'default' ? '' : `${ns}/`}${name}`;
}

/** The marks of a cell (✕, !, ∞), in that order. */
export function cellMarks(r: BlastRow): string {
  return (r.sloMet === false ? '✕' : '') + (r.recovered === false ? '!' : '') + (r.timeToRecoverS === null ? '∞' : '');
}

function cellTitle(r: BlastRow, replay: string): string {
  if (isControlPlaneRow(r.object)) {
    const held = r.minReady > 0 ? 'held throughout' : `lost for ${formatDuration(r.downtimeS)}`;
    const back = r.timeToRecoverS === null ? 'still lost at the end' : r.recovered ? 'held when the domain returned' : 'not held when the domain returned';
    return `${r.level} ${r.domain} × ${r.object}\n${held}; ${back}\nreplay: ${replay}`;
  }
  const slo = r.sloMet === null ? 'no SLO (objective: all desired)' : r.sloMet ? `SLO met (min ${r.sloMinReady ?? 'all desired'})` : `SLO broken (min ${r.sloMinReady ?? 'all desired'})`;
  const rec = r.recovered === null ? 'a DaemonSet (its pods cannot move)' : r.recovered ? 'back at desired before the domain returned' : 'not back at desired before the domain returned';
  const ttr = r.timeToRecoverS === null ? 'still below desired at the end' : `back at desired ${formatDuration(r.timeToRecoverS)} after the failure`;
  return `${r.level} ${r.domain} × ${r.object}\nready: min ${r.minReady} of ${r.desired}; downtime ${formatDuration(r.downtimeS)}\n${slo}; ${rec}; ${ttr}\nreplay: ${replay}`;
}

/**
 * Most domain rows one level's heat map draws: a node-level blast of a large cluster has thousands
 * of domains, and a cell per domain × object would make a page no browser opens.
 */
export const MAX_HEAT_ROWS = 200;

/** A level's domains to draw: all of them, or the `MAX_HEAT_ROWS` worst (by `ranked`), kept in topology order. */
function shownDomains(all: readonly BlastDomain[], ranked: readonly DomainVerdict[]): readonly BlastDomain[] {
  if (all.length <= MAX_HEAT_ROWS) return all;
  const level = all[0].level;
  const keep = new Set(ranked.filter((v) => v.level === level).slice(0, MAX_HEAT_ROWS).map((v) => v.domain));
  return all.filter((d) => keep.has(d.domain));
}

/** The heat maps of a blast, one per level present, each with its legend. */
export function renderHeatmaps(b: BlastResult, replay: ReplayCommand): string {
  const maxDown = b.rows.reduce((m, r) => Math.max(m, r.downtimeS), 0);
  const objects = [...new Set(b.rows.map((r) => r.object))];
  const levels = b.levels.filter((l) => b.domains.some((d) => d.level === l));
  const byCell = new Map(b.rows.map((r) => [`${r.level}\0${r.domain}\0${r.object}`, r]));
  const legend = `<div class="legend"><span>downtime below objective: 0 <span class="scale"></span> ${escapeHtml(formatDuration(maxDown))}</span>`
    + `<span><b>✕</b> SLO broken</span><span><b>!</b> not back at desired before the domain returned</span><span><b>∞</b> still below desired at the end of the window</span>`
    + `<span class="dim">hover a cell for its figures and the command that replays it</span></div>`;
  const ranked = worstFirst(verdicts(b));
  const tables = levels.map((level) => {
    const head = `<tr><th></th>${objects.map((o) => `<th class="obj" title="${escapeHtml(o)}">${escapeHtml(shortObject(o))}</th>`).join('')}</tr>`;
    const all = b.domains.filter((d) => d.level === level);
    const shown = shownDomains(all, ranked);
    const more = all.length > shown.length ? `<p class="note">The ${shown.length} worst of ${all.length} ${escapeHtml(level)} domains, in topology order; blast.csv has every one.</p>` : '';
    const rows = shown.map((d) => {
      const cells = objects.map((o) => {
        const r = byCell.get(`${level}\0${d.domain}\0${o}`);
        if (!r) return '<td class="none">·</td>';
        const cls = `h${step(r.downtimeS, maxDown)}${r.sloMet === false ? ' miss' : ''}`;
        return `<td class="${cls}" title="${escapeHtml(cellTitle(r, replay(level, d.domain)))}">${cellMarks(r)}</td>`;
      });
      return `<tr><th class="dom">${escapeHtml(d.domain)}</th>${cells.join('')}</tr>`;
    });
    return `<h3>${escapeHtml(level)}</h3>${more}<div class="scroll heatwrap"><table class="heat">${head}${rows.join('')}</table></div>`;
  });
  return legend + tables.join('');
}
