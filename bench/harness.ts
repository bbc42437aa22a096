/**
 * The bench harness: each area of kubeblast contributes a group of figures from its own module
 * (`bench/kernel.ts`, later `bench/etcd.ts`, `bench/scheduler.ts` …), and `bench/main.ts` lists
 * the groups. Figures are medians over repetitions after a warm-up, so one noisy repetition (a GC
 * pause, a JIT tier-up) does not move them. Wall-clock reads are allowed here and only here.
 */

/** One measured figure, printed as a table row or as one JSON line `{"name","value","unit"}`. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** A remark for the table only (a target, how it was derived); never part of the JSON line. */
  note?: string;
}

/** How many repetitions a group should take; groups may scale their work by it. */
export interface BenchOptions {
  /** Untimed repetitions before measuring, so the JIT has settled. */
  warmup: number;
  /** Timed repetitions; each figure is their median. */
  reps: number;
}

/** A named group of figures, one per area (`kernel`, `etcd`, …); `npm run bench -- NAME` runs only the named groups. */
export interface BenchGroup {
  name: string;
  /** One line on what the group measures, for `--list` and the table heading. */
  description: string;
  run(opts: BenchOptions): Figure[] | Promise<Figure[]>;
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Wall-clock milliseconds taken by `fn`. */
export function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * A case to time: called once per repetition to set up untimed state, it returns the timed part,
 * which returns how much work it did (events, operations …).
 */
export type BenchCase = () => () => number;

/**
 * Runs every case `warmup` times untimed, then `reps` rounds in which each case runs once, timed,
 * and returns each case's throughputs (work per second), one per round. Cases alternate within
 * a round so that drift in the machine's speed hits them alike: the ratio of two cases in the
 * same round is steadier than the ratio of their medians on a shared machine.
 */
export function roundRates(cases: Record<string, BenchCase>, opts: BenchOptions): Record<string, number[]> {
  const names = Object.keys(cases);
  for (let i = 0; i < opts.warmup; i++) for (const n of names) cases[n]()();
  const rates: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < opts.reps; i++) {
    for (const n of names) {
      const timed = cases[n]();
      let work = 0;
      const ms = timeMs(() => {
        work = timed();
      });
      rates[n].push((work * 1000) / ms);
    }
  }
  return rates;
}

/** The median, round by round, of `a[i] / b[i]`. */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]));
}
