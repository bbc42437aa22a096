/**
 * What a sweep runs: the (scenario, seed) pairs, in output order (scenario order, then seed), and
 * the deterministic share of them that a shard runs. `--seeds A..B` and `--shard I/N` parse here.
 */
import { InputError } from '../errors.js';

/** An inclusive seed range. */
export interface SeedRange {
  from: number;
  to: number;
}

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** One run of a sweep. */
export interface Pair {
  /** Position of the scenario on the command line. */
  scenario: number;
  seed: number;
}

/** Parses `--seeds A..B` (or a single seed `N`). */
export function parseSeeds(text: string): SeedRange {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (!m) throw new InputError(`--seeds: expected a range such as 1..100 (or one seed), got "${text}"`);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new InputError(`--seeds: seeds must be safe integers, got "${text}"`);
  if (to < from) throw new InputError(`--seeds: the range ${text} is empty (the last seed comes before the first)`);
  return { from, to };
}

/**
 * Parses `--shard I/N` (I from 0, as Kubernetes' JOB_COMPLETION_INDEX counts) or `--shard env`,
 * which reads JOB_COMPLETION_INDEX and JOB_COMPLETIONS from the environment (an Indexed Job sets the
 * first; the deploy/ Job sets the second from its own `completions`).
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (text === 'env') {
    const i = env.JOB_COMPLETION_INDEX;
    const n = env.JOB_COMPLETIONS;
    if (i === undefined || n === undefined) {
      throw new InputError('--shard env: JOB_COMPLETION_INDEX and JOB_COMPLETIONS must both be set (an Indexed Job sets the first; set the second to the Job\'s completions)');
    }
    return parseShard(`${i}/${n}`);
  }
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || count < 1 || index >= count) throw new InputError(`--shard: expected I/N with 0 ≤ I < N (e.g. 0/3), or "env", got "${text}"`);
  return { index, count };
}

/** Every pair of the sweep in output order: scenario by scenario, seeds ascending. */
export function allPairs(scenarios: number, seeds: SeedRange): Pair[] {
  const out: Pair[] = [];
  for (let s = 0; s < scenarios; s++) for (let seed = seeds.from; seed <= seeds.to; seed++) out.push({ scenario: s, seed });
  return out;
}

/**
 * Whether a pair belongs to a shard: pairs are numbered seed-major (every variant of one seed
 * before the next seed) and dealt round-robin, so each shard gets an even share of every variant
 * and of every part of the seed range.
 */
export function inShard(p: Pair, scenarios: number, seeds: SeedRange, shard: Shard | null): boolean {
  if (!shard) return true;
  const k = (p.seed - seeds.from) * scenarios + p.scenario;
  return k % shard.count === shard.index;
}

/** "3, 7..9, 12": a sorted list of seeds as ranges, for messages. */
export function formatSeedList(seeds: readonly number[], limit = 12): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j] + 1) j++;
    parts.push(i === j ? String(seeds[i]) : `${seeds[i]}..${seeds[j]}`);
    i = j + 1;
  }
  return parts.length > limit ? `${parts.slice(0, limit).join(', ')}, … (${seeds.length} seeds)` : parts.join(', ');
}
