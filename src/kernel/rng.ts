import seedrandom from 'seedrandom';
import { KeyedRng } from './keyed.js';

/** Mash (Johannes Baagøe), as `seedrandom`'s alea.js seeds with it: the state `n` is carried between calls. */
function mash(state: { n: number }, data: string): number {
  let n = state.n;
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * 0x100000000; // 2^32
  }
  state.n = n;
  return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
}

/**
 * A seeded pseudo-random stream. Each component draws from its own named stream, so an extra
 * draw in one component never shifts another's sequence. The generator is Alea (Baagøe), the
 * same sequence as `seedrandom.alea(seedKey)` draw for draw (test/kernel/rng.test.ts checks it
 * against the library), written out here with its state in one Float64Array: the library's
 * generator keeps it in four boxed double properties reached through two closures, and at
 * 5,000 nodes, with tens of thousands of streams, every draw from a cold stream paid those
 * extra memory hops.
 */
export class Rng {
  /** s0, s1, s2, c. */
  private readonly s = new Float64Array(4);

  constructor(seedKey: string) {
    // ref: seedrandom lib/alea.js `Alea(seed)`.
    const m = { n: 0xefc8249d };
    const s = this.s;
    s[3] = 1;
    s[0] = mash(m, ' ');
    s[1] = mash(m, ' ');
    s[2] = mash(m, ' ');
    s[0] -= mash(m, seedKey);
    if (s[0] < 0) s[0] += 1;
    s[1] -= mash(m, seedKey);
    if (s[1] < 0) s[1] += 1;
    s[2] -= mash(m, seedKey);
    if (s[2] < 0) s[2] += 1;
  }

  /** One step of Alea (alea.js `me.next`). */
  private prng(): number {
    const s = this.s;
    const t = 2091639 * s[0] + s[3] * 2.3283064365386963e-10; // 2^-32
    s[0] = s[1];
    s[1] = s[2];
    s[3] = t | 0;
    return (s[2] = t - s[3]);
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
