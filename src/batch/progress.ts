/**
 * Progress of a sweep on stderr: a cli-progress bar on a terminal (done/total, rate, ETA, worst
 * availability so far); one line per 10 % otherwise (logs of a Job stay readable); nothing with
 * `--quiet`. Reads the wall clock, which is why it lives here and never in simulation code.
 */
import cliProgress from 'cli-progress';
import type { RunFigures } from './figures.js';

/** Receives the sweep's progress. */
export interface Progress {
  start(total: number, alreadyDone: number): void;
  done(f: RunFigures): void;
  stop(): void;
}

/** How progress is shown. */
export type ProgressMode = 'bar' | 'lines' | 'quiet';

/** Tracks the worst availability (over objects with an SLO, else every object) seen so far. */
class Worst {
  value = Number.POSITIVE_INFINITY;
  where = '';
  see(f: RunFigures): void {
    const withSlo = f.objects.filter((o) => o.hasSlo);
    for (const o of withSlo.length > 0 ? withSlo : f.objects) {
      if (o.availability.slo < this.value) {
        this.value = o.availability.slo;
        this.where = `${f.scenario} seed ${f.seed} ${o.object}`;
      }
    }
  }
  text(): string {
    return Number.isFinite(this.value) ? `${(this.value * 100).toFixed(4)} % (${this.where})` : '–';
  }
}

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}

/** A progress display on `stream` (stderr). */
export function makeProgress(mode: ProgressMode, stream: NodeJS.WriteStream = process.stderr): Progress {
  const worst = new Worst();
  let total = 0;
  let done = 0;
  let startDone = 0;
  let started = 0;
  let nextTenth = 1;
  let bar: cliProgress.SingleBar | null = null;
  const rate = () => (done - startDone) / Math.max(1e-3, (performance.now() - started) / 1000);
  return {
    start(t, already) {
      total = t;
      done = startDone = already;
      started = performance.now();
      nextTenth = Math.floor((10 * done) / Math.max(1, total)) + 1;
      if (mode === 'bar' && total > done) {
        bar = new cliProgress.SingleBar({
          stream,
          format: 'sweep |{bar}| {value}/{total} runs | {speed} runs/s | ETA {eta_formatted} | worst {worst}',
          hideCursor: true,
          etaBuffer: 50,
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { speed: '0.0', worst: worst.text() });
      }
    },
    done(f) {
      done++;
      worst.see(f);
      if (bar) bar.update(done, { speed: rate().toFixed(1), worst: worst.text() });
      else if (mode === 'lines' && done * 10 >= nextTenth * total) {
        nextTenth = Math.floor((10 * done) / total) + 1;
        const r = rate();
        stream.write(`sweep: ${Math.floor((100 * done) / total)} % (${done}/${total} runs), ${r.toFixed(1)} runs/s, ETA ${eta((total - done) / r)}, worst availability ${worst.text()}\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}
