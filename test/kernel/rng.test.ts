// The kernel's own Alea (src/kernel/rng.ts) must give seedrandom's alea sequence draw for draw:
// every stream of every run, and so every output pin, depends on it.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/kernel/rng.js';

describe('Rng is seedrandom.alea', () => {
  // Seed keys as Streams builds them (seed, NUL, name), plus empty, long and non-ASCII ones.
  const keys = ['', ' ', '1\u0000network/latency', '42\u0000kubelet/eu-a-r1-n3/pull', 'é✓\u{1F600}', 'x'.repeat(5000)];
  for (let i = 0; i < 200; i++) keys.push(`${i * 7919}\u0000apiserver/requests/kubelet-apiserver/kubelet status@node-${i}`);

  it('draws the same doubles, bit for bit, for 206 seed keys × 1,000 draws', () => {
    for (const key of keys) {
      const ours = new Rng(key);
      const lib = seedrandom.alea(key);
      for (let d = 0; d < 1000; d++) {
        const a = ours.next();
        const b = lib();
        if (!Object.is(a, b)) expect.fail(`seed key ${JSON.stringify(key.slice(0, 40))}, draw ${d}: ${a} ≠ ${b}`);
      }
    }
  });

  it('keeps the helpers on the same sequence (uniform, int, pick, shuffle)', () => {
    const ours = new Rng('helpers');
    const lib = seedrandom.alea('helpers');
    expect(ours.uniform(3, 5)).toBe(3 + 2 * lib());
    expect(ours.int(10)).toBe(Math.floor(lib() * 10));
    expect(ours.pick(['a', 'b', 'c'])).toBe(['a', 'b', 'c'][Math.floor(lib() * 3)]);
    const items = [1, 2, 3, 4, 5];
    ours.shuffle(items);
    const want = [1, 2, 3, 4, 5];
    for (let i = want.length - 1; i > 0; i--) {
      const j = Math.floor(lib() * (i + 1));
      [want[i], want[j]] = [want[j], want[i]];
    }
    expect(items).toEqual(want);
  });
});
