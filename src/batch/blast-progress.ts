/**
 * Progress of a blast on a terminal: a cli-progress bar of domains done (stderr, only when it is a
 * TTY, so logs and tests stay clean). Reads the wall clock through cli-progress, which is why it
 * lives in batch/ and never in simulation code.
 */
import cliProgress from 'cli-progress';

/** Hears each finished domain; `stop` clears the bar. */
export interface BlastProgress {
  done(): void;
  stop(): void;
}

/** A bar of `total` domains on `stream` when it is a terminal; a no-op otherwise. */
export function blastProgress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): BlastProgress {
  if (!stream.isTTY || total < 2) return { done: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ stream, format: `${label} |{bar}| {value}/{total} domains | ETA {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(total, 0);
  let n = 0;
  return {
    done: () => bar.update(++n),
    stop: () => bar.stop(),
  };
}
