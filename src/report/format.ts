/**
 * Text formats of the report: times on axes and in tables, durations, percentages, counts. All
 * are pure and locale-free (no `toLocaleString`), so the page is byte-identical on any machine.
 */

/** Escapes text for HTML element content and attribute values (also inside inline SVG). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** An integer with thin-space-free thousands separators: `1,234,567`. */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A fraction as a percentage with three decimals, or more when three would round a shortfall up
 * to 100 (`99.9999%` rather than a misleading `100.000%`); exactly 1 is `100%`.
 */
export function formatPercent(x: number): string {
  if (x >= 1) return '100%';
  for (let d = 3; d < 6; d++) {
    const s = (100 * x).toFixed(d);
    if (!s.startsWith('100')) return `${s}%`;
  }
  return `${(100 * x).toFixed(6)}%`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A duration for people: `0.35 s`, `42.1 s`, `7m 06s`, `2h 03m`, `3d 04h`. */
export function formatDuration(seconds: number): string {
  const s = Math.abs(seconds);
  if (s === 0) return '0 s';
  if (s < 10) return `${seconds.toFixed(2)} s`;
  if (s < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(s);
  const [d, h, m, sec] = [Math.floor(whole / 86400), Math.floor(whole / 3600) % 24, Math.floor(whole / 60) % 60, whole % 60];
  if (d > 0) return `${d}d ${pad2(h)}h`;
  if (h > 0) return `${h}h ${pad2(m)}m`;
  return `${m}m ${pad2(sec)}s`;
}

/**
 * An instant since the start of the run (t = 0), to the millisecond: `0:00:01.492`,
 * `2d 03:00:00.000`; the boot phase's instants are before it: `−0:00:31.717`.
 */
export function formatClock(seconds: number): string {
  const whole = Math.round(seconds * 1000);
  if (whole < 0) return `\u2212${formatClock(-whole / 1000)}`;
  const ms = whole;
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor(ms / 3_600_000) % 24;
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const rest = `${pad2(m)}:${pad2(s)}.${String(ms % 1000).padStart(3, '0')}`;
  return d > 0 ? `${d}d ${pad2(h)}:${rest}` : `${h}:${rest}`;
}

/** How an axis labels its ticks, chosen by the tick step: `m:ss` / `h:mm:ss` under a minute, `h:mm` under a day (days prefixed past the first), `d` from a day. */
export type AxisUnit = 'm:ss' | 'h:mm:ss' | 'h:mm' | 'd';

/** Tick steps an axis may use, in seconds (the page's script holds the same list: script.ts). */
export const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
  86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 61 * 86400, 91 * 86400, 182 * 86400, 365 * 86400];

/**
 * Ticks of a time axis over [a, b] seconds: the smallest step giving at most `maxTicks` intervals,
 * ticks at its multiples, labelled in the unit the step needs — so a year reads in days and a
 * ten-minute window of it in hours and minutes (`112d 03:10`). The page's script zooms with a
 * line-for-line port of this function (script.ts; a test keeps the two equal).
 */
export function timeTicks(a: number, b: number, maxTicks: number): { unit: AxisUnit; ticks: Array<{ s: number; label: string }> } {
  const span = Math.max(b - a, 1e-9);
  const step = TICK_STEPS.find((x) => span / x <= maxTicks) ?? Math.ceil(span / maxTicks);
  const unit: AxisUnit = step >= 86400 ? 'd' : step >= 60 ? 'h:mm' : b >= 3600 ? 'h:mm:ss' : 'm:ss';
  const ticks: Array<{ s: number; label: string }> = [];
  for (let k = Math.ceil(a / step - 1e-9); k * step <= b + 1e-9; k++) ticks.push({ s: k * step, label: tickLabel(k * step, unit) });
  return { unit, ticks };
}

function tickLabel(t: number, unit: AxisUnit): string {
  if (unit === 'd') return `${Math.round(t / 86400)}d`;
  const w = Math.round(t);
  const [d, h, m, s] = [Math.floor(w / 86400), Math.floor(w / 3600) % 24, Math.floor(w / 60) % 60, w % 60];
  const hours = d > 0 ? `${d}d ${pad2(h)}` : String(h);
  if (unit === 'h:mm') return `${hours}:${pad2(m)}`;
  if (unit === 'h:mm:ss') return `${hours}:${pad2(m)}:${pad2(s)}`;
  return `${m}:${pad2(s)}`;
}

/** What an axis unit means, for the axis caption. */
export function unitName(unit: AxisUnit): string {
  return unit === 'm:ss' ? 'minutes:seconds since start' : unit === 'h:mm:ss' ? 'hours:minutes:seconds since start' : unit === 'h:mm' ? 'hours:minutes since start (days prefixed)' : 'days since start';
}
