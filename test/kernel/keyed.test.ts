/**
 * The keyed generator (src/kernel/keyed.ts): MurmurHash3 x86_32 exactly (published vectors),
 * draws that are a pure function of (stream key, a, b, index), uniform and without detectable
 * correlation between neighbouring indexes or keys, and stream keys derived from (seed, name).
 */
import { describe, expect, it } from 'vitest';
import { hashString, KeyedRng, KeyedSequence, murmurWords } from '../../src/kernel/keyed.js';
import { Streams } from '../../src/kernel/rng.js';
import { expectWithin, mean, normalQuantile, Z } from '../helpers/stats.js';

/** Upper (1 − alpha) quantile of χ² with `df` degrees of freedom (Wilson–Hilferty; good to ~1 % for df ≥ 10). */
function chiSquareQuantile(df: number, alpha: number): number {
  const z = normalQuantile(1 - alpha);
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

describe('MurmurHash3 x86_32', () => {
  // Published vectors (SMHasher's verification inputs, as quoted with the reference
  // implementation): [little-endian words, seed, hash].
  const vectors: Array<[number[], number, number]> = [
    [[], 0, 0],
    [[], 1, 0x514e28b7],
    [[], 0xffffffff, 0x81f16f39],
    [[0], 0, 0x2362f9de],
    [[0x87654321], 0, 0xf55b516b],
    [[0x87654321], 0x5082edee, 0x2362f9de],
    [[0x61616161], 0x9747b28c, 0x5a97808a], // "aaaa"
    [[0x64636261], 0x9747b28c, 0xf0478627], // "abcd"
    [[0x74736574], 0, 0xba6bd213], // "test"
  ];
  for (const [words, seed, want] of vectors) {
    it(`words [${words.map((w) => w.toString(16))}], seed ${seed.toString(16)} → ${want.toString(16)}`, () => {
      expect(murmurWords(words, seed)).toBe(want);
    });
  }

  it('hashes strings as their UTF-16LE bytes, odd lengths through the tail (values from a byte-wise reference)', () => {
    expect(hashString('')).toBe(0);
    expect(hashString('abc')).toBe(0x42b016c3);
    expect(hashString('ab€c')).toBe(0x48d4deab);
    expect(hashString('pod/default/web-0')).toBe(0xabf6ff26);
  });
});

describe('KeyedRng', () => {
  const rng = new KeyedRng(0x1234567, -0x7654321);

  it('is the hash of (key1, a, b, i) seeded with key0, and a sequence replays it', () => {
    const seq = new KeyedSequence(rng);
    seq.start(42, 3);
    for (let i = 0; i < 50; i++) {
      const want = murmurWords([rng.key1, 42, 3, i], rng.key0);
      expect(rng.bits(42, 3, i)).toBe(want);
      expect(seq.next() * 2 ** 32).toBe(want);
    }
    expect(seq.drawn).toBe(50);
    seq.start(42, 3);
    expect(seq.next() * 2 ** 32).toBe(rng.bits(42, 3, 0));
  });

  it('gives doubles in [0, 1) with 53 bits', () => {
    let fractional = 0;
    for (let i = 0; i < 1000; i++) {
      const u = rng.double(7, 0, i);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      if (!Number.isInteger(u * 2 ** 32)) fractional++;
    }
    expect(fractional).toBeGreaterThan(990); // beyond 32 bits almost always
  });

  it('is uniform: χ² over 64 bins of next(), over many keys and indexes (streams of seeds 1…5)', () => {
    const bins = 64;
    const perKey = 50;
    const keys = 4000;
    const n = perKey * keys;
    for (let seed = 1; seed <= 5; seed++) {
      const seq = new KeyedSequence(new Streams(seed).keyed('test/uniform'));
      const counts = new Array<number>(bins).fill(0);
      for (let a = 0; a < keys; a++) {
        seq.start(a, a % 7);
        for (let i = 0; i < perKey; i++) counts[Math.floor(seq.next() * bins)]++;
      }
      const e = n / bins;
      const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
      const limit = chiSquareQuantile(bins - 1, 1e-6);
      expect(chi2, `seed ${seed}: χ² ${chi2.toFixed(1)} over ${bins} bins (n=${n}), limit ${limit.toFixed(1)}`).toBeLessThan(limit);
    }
  });

  it('has balanced bits and no correlation between neighbouring indexes, keys or attempts (seed 9)', () => {
    const k = new Streams(9).keyed('test/correlation');
    const n = 40000;
    const ones = new Array<number>(32).fill(0);
    const byIndex: number[] = [];
    const byKey: number[] = [];
    const byAttempt: number[] = [];
    for (let j = 0; j < n; j++) {
      const x = k.bits(j, 1, 0);
      for (let b = 0; b < 32; b++) ones[b] += (x >>> b) & 1;
      const u = x / 2 ** 32;
      // Products of centred uniforms: mean 0 if independent, variance 1/144.
      byIndex.push((u - 0.5) * (k.bits(j, 1, 1) / 2 ** 32 - 0.5));
      byKey.push((u - 0.5) * (k.bits(j + 1, 1, 0) / 2 ** 32 - 0.5));
      byAttempt.push((u - 0.5) * (k.bits(j, 2, 0) / 2 ** 32 - 0.5));
    }
    for (let b = 0; b < 32; b++) expectWithin(ones[b] / n, 0.5, Z * Math.sqrt(0.25 / n), { seed: 9, what: `frequency of bit ${b}`, n });
    const tol = Z * Math.sqrt(1 / 144 / n);
    expectWithin(mean(byIndex), 0, tol, { seed: 9, what: 'E[(u_i − ½)(u_{i+1} − ½)], same key', n });
    expectWithin(mean(byKey), 0, tol, { seed: 9, what: 'E[(u(a) − ½)(u(a+1) − ½)], same index', n });
    expectWithin(mean(byAttempt), 0, tol, { seed: 9, what: 'E[(u(b) − ½)(u(b+1) − ½)], same key and index', n });
  });
});

describe('Streams.keyed', () => {
  it('derives the key from (seed, name) alone, unrelated to the stream of the same name', () => {
    const a = new Streams(5);
    const k = a.keyed('scheduler/ties');
    expect(a.keyed('scheduler/ties')).toBe(k);
    a.stream('scheduler/ties').next(); // draws elsewhere change nothing
    const b = new Streams(5).keyed('scheduler/ties');
    expect([b.key0, b.key1]).toEqual([k.key0, k.key1]);
    expect(b.bits(1, 2, 3)).toBe(k.bits(1, 2, 3));
    const other = [new Streams(6).keyed('scheduler/ties'), new Streams(5).keyed('scheduler/other')];
    for (const o of other) expect([o.key0, o.key1]).not.toEqual([k.key0, k.key1]);
    const stream = new Streams(5).stream('scheduler/ties');
    const streamDraws = Array.from({ length: 4 }, () => Math.floor(stream.next() * 2 ** 32));
    const keyedDraws = Array.from({ length: 4 }, (_, i) => k.bits(0, 0, i));
    expect(keyedDraws).not.toEqual(streamDraws);
  });
});
