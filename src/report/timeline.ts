/**
 * The timeline that heads every column of charts: the fault windows in lanes, labelled by kind
 * and target, and the control-plane strip — one row per `Strip` (etcd leader, etcd quorum,
 * controller-manager leader, scheduler leader) coloured ok / degraded / down with the holder in
 * a tooltip. It shares the charts' width, margins and time scale (frame.ts), so it lines up with
 * the charts under it.
 */
import type { Strip } from '../world/result.js';
import { escapeHtml } from './format.js';
import { faultText, type FaultWindow } from './faults.js';
import { AXIS_HEIGHT, MARGIN_LEFT, WIDTH, px, timeAxis, type TimeFrame } from './frame.js';
import { renderStrip, STRIP_ROW } from './strip.js';

const LANE = 13;
const MAX_LANES = 5;
/** Above this many faults the lane shows their union (the faults table lists each). */
export const MAX_LANE_FAULTS = 300;
const LABEL = 12;
/** Rough width of a character of the 9-unit label font, to fit labels without measuring. */
const CHAR = 5.4;

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
  // Grid lines first, behind the bands.
  parts.unshift(timeAxis(f, y, 0));
  return { body: parts.join(''), height: y + AXIS_HEIGHT, simplified };
}

/** Packs faults into lanes so that neither bands nor their labels overlap. */
function faultLanes(faults: readonly FaultWindow[], f: TimeFrame, top: number): { svg: string; count: number } {
  if (faults.length === 0) return { svg: '', count: 0 };
  if (faults.length > MAX_LANE_FAULTS) {
    const rects = faults.filter((w) => w.skipped === null).map((w) => {
      const x0 = f.x(w.startS);
      return `<rect class="lane-fault" x="${px(x0)}" y="${top}" width="${px(Math.max(1, f.x(w.endS) - x0))}" height="${LANE - 2}"/>`;
    });
    return { svg: `<g class="lane merged"><title>${faults.length} faults: see the faults table</title>${rects.join('')}</g>`, count: 1 };
  }
  const ends: number[] = [];
  const parts: string[] = [];
  for (const w of [...faults].sort((a, b) => a.startS - b.startS || a.n - b.n)) {
    const x0 = f.x(w.startS);
    const x1 = Math.max(x0 + (w.instant ? 2 : 1), f.x(w.endS));
    const text = `${w.kind} ${w.target}`;
    const labelEnd = Math.min(WIDTH, x0 + 3 + text.length * CHAR);
    let lane = ends.findIndex((e) => e <= x0 - 2);
    let withLabel = true;
    if (lane < 0 && ends.length < MAX_LANES) lane = ends.push(0) - 1;
    else if (lane < 0) {
      lane = ends.indexOf(Math.min(...ends));
      withLabel = false;
    }
    ends[lane] = Math.max(ends[lane], withLabel ? Math.max(x1, labelEnd) : x1);
    const y = top + lane * LANE;
    const cls = w.skipped !== null ? 'lane-fault skipped' : w.instant ? 'lane-fault instant' : 'lane-fault';
    parts.push(`<g class="${cls}"><title>${escapeHtml(faultText(w))}</title>`
      + `<rect x="${px(x0)}" y="${y}" width="${px(x1 - x0)}" height="${LANE - 2}"/>`
      + (withLabel ? `<text class="lanelabel" x="${px(x0 + 3)}" y="${y + 9}">${escapeHtml(text)}</text>` : '') + '</g>');
  }
  return { svg: parts.join(''), count: ends.length };
}
