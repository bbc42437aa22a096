/**
 * Keyed (counter-based) randomness: a uniform draw that is a pure function of (stream key, a, b,
 * draw index), so a component can give every unit of work — a pod's scheduling cycle, say — its
 * own reproducible sequence without keeping a stream per unit. Unlike a sequential stream,
 * nothing drawn for one key can shift what another key sees: the key is the whole state.
 *
 * The function is MurmurHash3 x86_32 (Austin Appleby, public domain) over the four 32-bit words
 * (key1, a, b, index) with key0 as its seed: its finalizer avalanches every input bit, which is
 * all a counter-based generator needs (the construction of Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011, with a hash in place of a block cipher).
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** One MurmurHash3 x86_32 block step: mixes the 32-bit word `k` into the state `h`. */
export function murmurBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The MurmurHash3 x86_32 finalizer over the state `h` after `lengthBytes` bytes; an unsigned 32-bit result. */
export function murmurFinal(h: number, lengthBytes: number): number {
  h ^= lengthBytes;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of whole 32-bit words (little-endian bytes), as an unsigned 32-bit integer. */
export function murmurWords(words: ArrayLike<number>, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < words.length; i++) h = murmurBlock(h, words[i] | 0);
  return murmurFinal(h, 4 * words.length);
}

/** MurmurHash3 x86_32 of a string's UTF-16LE code units (seed 0): a stable 32-bit key for a name. */
export function hashString(s: string): number {
  let h = 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = murmurBlock(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16));
  if (i < n) {
    // The tail (one code unit, two bytes): murmur3's tail mix, without the rotation of h.
    let k = Math.imul(s.charCodeAt(i), C1);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, C2);
  }
  return murmurFinal(h, 2 * n);
}

/**
 * The keyed generator of one named stream (`Streams.keyed(name)`): `bits(a, b, i)` is the i-th
 * 32-bit draw for the key (a, b). Streams with different names have unrelated keys.
 */
export class KeyedRng {
  /** `key0`, `key1`: the stream's 64-bit key, derived from the run seed and the stream's name. */
  constructor(
    readonly key0: number,
    readonly key1: number,
  ) {}

  /** Draw `i` for the key (a, b): 32 uniform bits, an unsigned integer. */
  bits(a: number, b: number, i: number): number {
    let h = murmurBlock(this.key0 | 0, this.key1 | 0);
    h = murmurBlock(h, a | 0);
    h = murmurBlock(h, b | 0);
    return murmurFinal(murmurBlock(h, i | 0), 16);
  }

  /** A uniform double in [0, 1) with 53 random bits, from draws 2i and 2i + 1 for the key (a, b). */
  double(a: number, b: number, i: number): number {
    const hi = this.bits(a, b, 2 * i) >>> 11;
    return (hi * TWO_POW_32 + this.bits(a, b, 2 * i + 1)) / TWO_POW_53;
  }
}

/**
 * A reusable cursor over the draws of one key: `start(a, b)`, then `next()` / `int(n)` like a
 * stream. The hash state of (key, a, b) is computed once per start, so a draw costs one block
 * and the finalizer — no allocation, for hot loops such as the scheduler's tie-break.
 */
export class KeyedSequence {
  private h = 0;
  private i = 0;

  constructor(private readonly rng: KeyedRng) {}

  /** Starts the sequence of the key (a, b) at draw 0. */
  start(a: number, b: number): void {
    let h = murmurBlock(this.rng.key0 | 0, this.rng.key1 | 0);
    h = murmurBlock(h, a | 0);
    this.h = murmurBlock(h, b | 0);
    this.i = 0;
  }

  /** The next draw as a double in [0, 1) with 32 random bits (`rng.bits(a, b, i) / 2³²`). */
  next(): number {
    return murmurFinal(murmurBlock(this.h, this.i++), 16) / TWO_POW_32;
  }

  /** A uniform integer in [0, n) from the next draw (bias below n / 2³², as with a 32-bit stream). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Draws taken since `start`. */
  get drawn(): number {
    return this.i;
  }
}
