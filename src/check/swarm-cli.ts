/**
 * The argument parsing of `npm run swarm -- --seeds A..B [--keep DIR]` (bin/swarm.ts): runs the
 * swarm and returns the exit status — 1 when a violation was found, 2 on bad arguments.
 */
import { runSwarm } from './swarm.js';

/** Runs the swarm for `argv`; `out` gets the report lines, `err` the usage errors. */
export function swarmMain(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  let seeds: [number, number] | null = null;
  let keep = 'swarm-failures';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--seeds') {
      const m = /^(\d+)\.\.(\d+)$/.exec(argv[++i] ?? '');
      if (!m || Number(m[1]) > Number(m[2])) return usage(err, `--seeds: expected A..B with A ≤ B, got "${argv[i] ?? ''}"`);
      seeds = [Number(m[1]), Number(m[2])];
    } else if (arg === '--keep' && argv[i + 1] !== undefined) {
      keep = argv[++i];
    } else return usage(err, `unknown or incomplete argument "${arg}"`);
  }
  if (!seeds) return usage(err, '--seeds is required');
  return runSwarm(seeds[0], seeds[1], keep, out).violations > 0 ? 1 : 0;
}

function usage(err: (line: string) => void, message: string): number {
  err(`swarm: ${message}`);
  err('usage: npm run swarm -- --seeds A..B [--keep DIR]   (violating seeds are kept in DIR, default swarm-failures/)');
  return 2;
}
