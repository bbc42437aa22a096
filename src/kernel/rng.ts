import seedrandom from 'seedrandom';
import { KeyedRng } from './keyed.js';

/**
 * A seeded pseudo-random stream (Alea, from `seedrandom`). Each component draws from its own
 * named stream, so an extra draw in one component never shifts another's sequence.
 */
export class Rng {
  private readonly prng: () => number;

  constructor(seedKey: string) {
    this.prng = seedrandom.alea(seedKey);
  }

  /** A uniform draw in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** A uniform draw in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.prng() * items.length)];
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * The family of named streams of one run. A stream is derived from (seed, name) alone: the same
 * name always gives the same sequence for a seed, whatever other streams exist or were used.
 * Asking twice for one name returns the same stream object, so sharing is explicit.
 */
export class Streams {
  private readonly byName = new Map<string, Rng>();
  private readonly keyedByName = new Map<string, KeyedRng>();

  constructor(readonly seed: number) {}

  /** The stream named `name` (e.g. `etcd/cp-1/election`, `faults/random/node/eu-a-r1-n3`). */
  stream(name: string): Rng {
    let rng = this.byName.get(name);
    if (!rng) {
      rng = new Rng(`${this.seed}\u0000${name}`);
      this.byName.set(name, rng);
    }
    return rng;
  }

  /**
   * The keyed generator named `name` (e.g. `scheduler/ties`): draws are a pure function of a
   * key chosen per draw, not a sequence (`src/kernel/keyed.ts`). Its 64-bit key comes from (seed,
   * name) alone, like a stream's seed, through a separate Alea seed so that `keyed(n)` and
   * `stream(n)` are unrelated.
   */
  keyed(name: string): KeyedRng {
    let k = this.keyedByName.get(name);
    if (!k) {
      const alea = seedrandom.alea(`${this.seed}\u0000keyed\u0000${name}`);
      k = new KeyedRng(alea.int32(), alea.int32());
      this.keyedByName.set(name, k);
    }
    return k;
  }
}
