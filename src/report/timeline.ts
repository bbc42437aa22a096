/**
 * The timeline above the charts, drawn once: the fault windows in lanes, labelled by kind and
 * target, and the control-plane strip — one row per `Strip` (etcd leader, etcd quorum,
 * controller-manager leader, scheduler leader) coloured ok / degraded / down with the holder in
 * a tooltip. It shares the charts' width, margins and time scale (frame.ts), so it lines up with
 * them, and zooms with them. Above it, the overview: the whole run, on which a drag chooses the
 * time range every chart shows (script.ts).
 *
 * Fault labels are placed by the page's script, which measures them: in its lane, after the end
 * of the lane's previous label, moved left to end inside the plot, or not shown (the tooltip and
 * the faults table still name the fault) — so labels never overlap or cross the right edge.
 */
import type { Strip } from '../world/result.js';
import { escapeHtml, unitName } from './format.js';
import { faultText, type FaultWindow } from './faults.js';
import { AXIS_HEIGHT, CLIP_ID, MARGIN_LEFT, PLOT_WIDTH, WIDTH, px, spanAttrs, spanRect, timeAxis, type TimeFrame } from './frame.js';
import { renderStrip, STRIP_ROW } from './strip.js';

const LANE = 13;
const MAX_LANES = 5;
/** Above this many faults the lane shows their union (the faults table lists each). */
export const MAX_LANE_FAULTS = 300;
const LABEL = 12;
/** Rough width of a character of the 9.5-unit label font, to share lanes out before the script measures. */
const CHAR = 5.4;
/** Height of the overview (a band of fault marks over the whole run, and its axis). */
const OVERVIEW = 12;

/** The timeline SVG's inner content and its height. */
export interface Timeline {
  body: string;
  height: number;
  /** Some strips had more intervals than pixel columns and were drawn at pixel resolution. */
  simplified: boolean;
}

/** Draws the fault lanes and the control-plane strips over the frame's time axis. */
export function renderTimeline(faults: readonly FaultWindow[], strips: readonly Strip[], f: TimeFrame): Timeline {
  const parts: string[] = [];
  let y = 0;
  parts.push(`<text class="rowlabel" x="${MARGIN_LEFT}" y="${y + 10}">faults${faults.length === 0 ? ': none' : ''}</text>`);
  y += LABEL;
  const lanes = faultLanes(faults, f, y);
  parts.push(lanes.svg);
  y += lanes.count * LANE + 4;
  let simplified = false;
  for (const strip of strips) {
    const row = renderStrip(strip, f, y);
    simplified ||= row.simplified;
    parts.push(row.svg);
    y += STRIP_ROW;
  }
  // Grid lines first, behind the bands; everything time-based clipped to the plot when zoomed.
  return { body: timeAxis(f, y, 0) + `<g clip-path="url(#${CLIP_ID})">${parts.join('')}</g>`, height: y + AXIS_HEIGHT, simplified };
}

/**
 * The overview: the whole run's axis and fault windows, never zoomed; dragging on it (or on any
 * chart) selects the range all charts show, and the selection is drawn on it.
 */
export function renderOverview(faults: readonly FaultWindow[], f: TimeFrame): string {
  const marks = faults.filter((w) => w.skipped === null).slice(0, MAX_LANE_FAULTS).map((w) => {
    const x0 = f.x(w.startS);
    return `<rect class="ov-fault" x="${px(x0)}" y="2" width="${px(Math.max(1.5, f.x(w.endS) - x0))}" height="${OVERVIEW - 4}"/>`;
  });
  return `<svg id="overview" class="brushable" viewBox="0 0 ${WIDTH} ${OVERVIEW + AXIS_HEIGHT}" role="img" aria-label="the whole run: drag to choose the time range of the charts">`
    + `<rect class="ov-bg" x="${MARGIN_LEFT}" y="0" width="${PLOT_WIDTH}" height="${OVERVIEW}"/>${marks.join('')}`
    + `<rect id="ov-sel" x="${MARGIN_LEFT}" y="0" width="${PLOT_WIDTH}" height="${OVERVIEW}"/>`
    + timeAxis(f, OVERVIEW, null).replace('<g class="xaxis"', '<g class="xaxis fixed"') + '</svg>'
    + `<div class="zoombar"><span id="zoom-range">whole run</span> · axis: <span id="axis-unit">${unitName(f.unit)}</span>`
    + ` <button id="zoom-out" type="button">zoom out</button> <button id="zoom-reset" type="button">whole run</button>`
    + ` <span class="dim">drag on the bar above or on any chart to zoom</span></div>`;
}

/** Packs faults into lanes so that bands do not overlap and most labels find room. */
function faultLanes(faults: readonly FaultWindow[], f: TimeFrame, top: number): { svg: string; count: number } {
  if (faults.length === 0) return { svg: '', count: 0 };
  if (faults.length > MAX_LANE_FAULTS) {
    const rects = faults.filter((w) => w.skipped === null).map((w) => spanRect(f, w.startS, w.endS, top, LANE - 2, 1, 'lane-fault'));
    return { svg: `<g class="lane merged"><title>${faults.length} faults: see the faults table</title>${rects.join('')}</g>`, count: 1 };
  }
  const ends: number[] = [];
  const parts: string[] = [];
  for (const w of [...faults].sort((a, b) => a.startS - b.startS || a.n - b.n)) {
    const x0 = f.x(w.startS);
    const minWidth = w.instant ? 2 : 1;
    const x1 = Math.max(x0 + minWidth, f.x(w.endS));
    const text = `${w.kind} ${w.target}`;
    const labelEnd = x0 + 3 + text.length * CHAR;
    let lane = ends.findIndex((e) => e <= x0 - 2);
    if (lane < 0 && ends.length < MAX_LANES) lane = ends.push(0) - 1;
    else if (lane < 0) lane = ends.indexOf(Math.min(...ends));
    ends[lane] = Math.max(ends[lane], x1, Math.min(labelEnd, WIDTH));
    const y = top + lane * LANE;
    const cls = w.skipped !== null ? 'lane-fault skipped' : w.instant ? 'lane-fault instant' : 'lane-fault';
    parts.push(`<g class="${cls}"><title>${escapeHtml(faultText(w))}</title>`
      + `<rect x="${px(x0)}" y="${y}" width="${px(x1 - x0)}" height="${LANE - 2}"${spanAttrs(w.startS, w.endS, minWidth)}/>`
      + `<text class="lanelabel" x="${px(x0 + 3)}" y="${y + 9}" data-lane="${lane}"${spanAttrs(w.startS, w.endS)}>${escapeHtml(text)}</text></g>`);
  }
  return { svg: parts.join(''), count: ends.length };
}
