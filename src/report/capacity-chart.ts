/**
 * The cost/availability chart of `capacity --seeds`: x is the monthly price of the cluster's
 * worker nodes (the node count when the scenario prices none), y is availability on a scale of
 * nines (−log10(1 − a): 90 % → 1, 99.9 % → 3), one line per object with its mean at each count
 * and a bar for its 95 % interval over seeds. The vertical distance between two points is the
 * nines a step of nodes buys; the horizontal one what it costs.
 */
import { scaleLinear } from 'd3-scale';
import type { CostPoint } from '../batch/capacity-sweep.js';
import { escapeHtml } from './format.js';
import { px } from './frame.js';

const W = 560;
const H = 300;
const M = { left: 52, right: 150, top: 14, bottom: 38 };
/** Nines shown at most; 100 % (no downtime in any seed) is drawn there. */
export const MAX_NINES = 6;
/** Okabe–Ito colours, distinguishable for colour-blind readers. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442', '#000000'];

/** Availability → nines, capped at `MAX_NINES`. */
export function toNines(a: number): number {
  return a >= 1 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 - Math.max(0, a)));
}

function pct(a: number): string {
  return `${(a * 100).toFixed(a >= 0.999 ? 4 : 2)}%`;
}

/** The chart's SVG, or a note when there is nothing to plot. */
export function renderCostChart(points: readonly CostPoint[]): string {
  if (points.length === 0 || points[0].objects.length === 0) return '<p class="note">No object has an SLO: nothing to plot.</p>';
  const priced = points.every((p) => p.costPerMonth !== null);
  const xv = (p: CostPoint) => (priced ? p.costPerMonth! : p.count);
  const xs = points.map(xv);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const pad = x1 > x0 ? (x1 - x0) * 0.06 : 1;
  const x = scaleLinear().domain([x0 - pad, x1 + pad]).range([M.left, W - M.right]);
  const allNines = points.flatMap((p) => p.objects.flatMap((o) => [toNines(o.mean), toNines(o.ci95?.[0] ?? o.mean)]));
  const yTop = Math.min(MAX_NINES, Math.ceil(Math.max(1, ...allNines)));
  // At least two nines of range, so a flat line at 100 % still has an axis under it.
  const yBottom = Math.max(0, Math.min(Math.floor(Math.min(...allNines)), yTop - 2));
  const y = scaleLinear().domain([yBottom, yTop]).range([H - M.bottom, M.top]);
  const parts: string[] = [];
  for (let n = yBottom; n <= yTop; n++) {
    // n nines: 90 %, 99 %, 99.9 % …
    const label = n === MAX_NINES ? '100%' : `${(100 * (1 - 10 ** -n)).toFixed(Math.max(0, n - 2))}%`;
    parts.push(`<line class="gridline" x1="${M.left}" x2="${W - M.right}" y1="${px(y(n))}" y2="${px(y(n))}"/><text class="axt" x="${M.left - 4}" y="${px(y(n) + 3)}" text-anchor="end">${label}</text>`);
  }
  for (const p of points) {
    parts.push(`<text class="axt" x="${px(x(xv(p)))}" y="${H - M.bottom + 14}" text-anchor="middle">${priced ? escapeHtml(p.costPerMonth!.toFixed(0)) : p.count}</text>`);
    parts.push(`<text class="axt" x="${px(x(xv(p)))}" y="${H - M.bottom + 26}" text-anchor="middle">${p.count}/${p.nodes}n</text>`);
  }
  parts.push(`<text class="axt" x="${(M.left + W - M.right) / 2}" y="${H - 2}" text-anchor="middle">${priced ? 'cost per month of the worker nodes (count per domain / nodes)' : 'nodes per domain (no node has a costPerHour)'}</text>`);
  const objects = points[0].objects.map((o) => o.object);
  objects.forEach((name, k) => {
    const colour = PALETTE[k % PALETTE.length];
    const pts = points.map((p) => ({ p, o: p.objects.find((o) => o.object === name) })).filter((e) => e.o);
    parts.push(`<path class="link" stroke="${colour}" d="${pts.map((e, i) => `${i === 0 ? 'M' : 'L'}${px(x(xv(e.p)))},${px(y(toNines(e.o!.mean)))}`).join('')}"/>`);
    for (const { p, o } of pts) {
      const cx = px(x(xv(p)));
      const title = `${name} with ${p.count} per domain (${p.nodes} nodes${p.costPerMonth === null ? '' : `, ${p.costPerMonth.toFixed(2)}/month`}): mean ${pct(o!.mean)}` + (o!.ci95 ? `, 95% interval ${pct(o!.ci95[0])} – ${pct(o!.ci95[1])}` : '') + ` over ${p.seeds} seeds`;
      if (o!.ci95) parts.push(`<line class="ci" stroke="${colour}" x1="${cx}" x2="${cx}" y1="${px(y(toNines(o!.ci95[0])))}" y2="${px(y(toNines(o!.ci95[1])))}"/>`);
      parts.push(`<circle class="dot" fill="${colour}" cx="${cx}" cy="${px(y(toNines(o!.mean)))}" r="4"><title>${escapeHtml(title)}</title></circle>`);
    }
    parts.push(`<rect x="${W - M.right + 10}" y="${M.top + k * 16}" width="10" height="10" fill="${colour}"/><text class="lbl" x="${W - M.right + 24}" y="${M.top + k * 16 + 9}">${escapeHtml(name.length > 22 ? `…${name.slice(-21)}` : name)}</text>`);
  });
  return `<svg class="cost" viewBox="0 0 ${W} ${H}" role="img" aria-label="availability against cost">${parts.join('')}</svg>`;
}

/**
 * The price of each additional nine: for each step from one count to the next and each object,
 * the nines gained (on the chart's capped scale) and the monthly cost per nine gained.
 */
export function renderNinesTable(points: readonly CostPoint[]): string {
  if (points.length < 2 || points.some((p) => p.costPerMonth === null)) return '';
  const rows: string[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const dCost = b.costPerMonth! - a.costPerMonth!;
    for (const o of b.objects) {
      const before = a.objects.find((x) => x.object === o.object);
      if (!before) continue;
      const gain = toNines(o.mean) - toNines(before.mean);
      const to100 = o.mean >= 1 && before.mean < 1 ? ' (to 100 %)' : '';
      const perNine = gain > 0 ? (dCost / gain).toFixed(2) : '-';
      rows.push(`<tr><td>${a.count} → ${b.count}</td><td class="name">${escapeHtml(o.object)}</td><td>+${dCost.toFixed(2)}</td><td>${gain >= 0 ? '+' : ''}${gain.toFixed(2)}${to100}</td><td>${perNine}</td></tr>`);
    }
  }
  return `<div class="scroll"><table><thead><tr><th>count</th><th class="name">object</th><th>cost / month</th><th>nines gained</th><th>cost per nine / month</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    + `<p class="note">Nines are −log10(1 − availability), capped at ${MAX_NINES} where every seed had 100 %; a step that gains nothing has no price per nine.</p>`;
}
