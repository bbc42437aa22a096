/**
 * The progress line of `kubeblast run` on a terminal: simulated time / duration, events per
 * second and the time left, on one line of stderr redrawn in place, e.g.
 * `kubeblast: 142d 07h / 365d 00h (39.0 %) · 1,180,000 events/s · ETA 21 s`.
 * Nothing at all when stderr is not a terminal (a pipe, a file, CI logs).
 *
 * The simulation never reads the clock: the world calls the hook every few thousand events
 * (`RunOptions.progress`) and this module, outside the simulation, reads the wall clock to
 * decide whether to redraw (at most every `REDRAW_MS`) and to compute rates.
 */
import { formatDuration } from '../report/format.js';
import type { RunProgress } from '../world/world.js';

/** Shortest wall time between two redraws: often enough to look live, rarely enough to cost nothing. */
const REDRAW_MS = 200;
/** Width of the events-per-second window: long enough to smooth bursts, short enough to follow phases. */
const RATE_WINDOW_MS = 2000;

/** A progress display for one run: `hook` for `RunOptions.progress` (undefined when nothing is shown), `clear` when the run ends. */
export interface RunProgressLine {
  hook: ((p: RunProgress) => void) | undefined;
  clear(): void;
}

/** The text of the line: pure, so that tests can check it without a terminal or a clock. */
export function progressText(p: RunProgress, eventsPerSec: number, etaS: number | undefined): string {
  const rate = `${Math.round(eventsPerSec).toLocaleString('en')} events/s`;
  if (p.phase === 'boot') return `kubeblast: boot ${formatDuration(p.simUs / 1e6)} simulated · ${rate}`;
  const share = p.durationUs > 0 ? Math.min(1, p.simUs / p.durationUs) : 1;
  const eta = etaS === undefined || !Number.isFinite(etaS) ? '?' : formatDuration(Math.max(0, etaS));
  return `kubeblast: ${formatDuration(p.simUs / 1e6)} / ${formatDuration(p.durationUs / 1e6)} (${(share * 100).toFixed(1)} %) · ${rate} · ETA ${eta}`;
}

/** A progress line on `stream` (stderr), or a no-op one when it is not a terminal. */
export function runProgressLine(stream: NodeJS.WriteStream = process.stderr): RunProgressLine {
  if (!stream.isTTY) return { hook: undefined, clear() {} };
  let drawn = false;
  let lastDraw = -Infinity;
  // Rate window: wall time and event count at its start.
  let windowMs = performance.now();
  let windowEvents = 0;
  let rate = 0;
  // The run phase's start (wall time, simulated time) for the ETA; boot's pace says nothing of it.
  let runStart: { ms: number; simUs: number } | undefined;
  const hook = (p: RunProgress): void => {
    const now = performance.now();
    if (now - windowMs >= RATE_WINDOW_MS || rate === 0) {
      if (now > windowMs) rate = ((p.eventsRun - windowEvents) * 1000) / (now - windowMs);
      if (now - windowMs >= RATE_WINDOW_MS) [windowMs, windowEvents] = [now, p.eventsRun];
    }
    if (p.phase === 'run' && runStart === undefined) runStart = { ms: now, simUs: p.simUs };
    if (now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    let etaS: number | undefined;
    if (runStart !== undefined && p.simUs > runStart.simUs) {
      const perSimUs = (now - runStart.ms) / 1000 / (p.simUs - runStart.simUs);
      etaS = perSimUs * (p.durationUs - p.simUs);
    }
    const text = progressText(p, rate, etaS);
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    drawn = true;
  };
  return {
    hook,
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
