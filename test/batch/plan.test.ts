/** Seed ranges, shards and the 10 % progress lines: parsing, the deal of pairs, and what is printed. */
import { describe, expect, it } from 'vitest';
import type { RunFigures } from '../../src/batch/figures.js';
import { allPairs, formatSeedList, inShard, parseSeeds, parseShard } from '../../src/batch/plan.js';
import { makeProgress } from '../../src/batch/progress.js';
import { InputError } from '../../src/errors.js';

describe('plan', () => {
  it('parses seed ranges and refuses bad ones', () => {
    expect(parseSeeds('3..7')).toEqual({ from: 3, to: 7 });
    expect(parseSeeds('5')).toEqual({ from: 5, to: 5 });
    for (const bad of ['7..3', '1..', 'a..b', '-1..2', '1...2']) expect(() => parseSeeds(bad), bad).toThrow(InputError);
  });

  it('parses --shard I/N and --shard env', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('env', { JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '4' })).toEqual({ index: 1, count: 4 });
    expect(() => parseShard('env', { JOB_COMPLETION_INDEX: '1' })).toThrow(/JOB_COMPLETIONS/);
    for (const bad of ['3/3', '0/0', '1', 'x/2']) expect(() => parseShard(bad), bad).toThrow(InputError);
  });

  it('deals every pair to exactly one shard, evenly', () => {
    const seeds = { from: 10, to: 39 };
    const pairs = allPairs(3, seeds);
    for (const n of [1, 2, 3, 7]) {
      const counts = Array.from({ length: n }, (_, i) => pairs.filter((p) => inShard(p, 3, seeds, { index: i, count: n })).length);
      expect(counts.reduce((a, b) => a + b), `N=${n}`).toBe(pairs.length);
      expect(Math.max(...counts) - Math.min(...counts), `N=${n}`).toBeLessThanOrEqual(1);
    }
  });

  it('writes seed lists as ranges', () => {
    expect(formatSeedList([1, 2, 3, 5, 8, 9])).toBe('1..3, 5, 8..9');
  });
});

describe('progress without a terminal', () => {
  it('prints one line per 10 % with the worst availability so far', () => {
    const lines: string[] = [];
    const stream = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const p = makeProgress('lines', stream);
    p.start(40, 0);
    for (let seed = 1; seed <= 40; seed++) {
      const slo = seed === 17 ? 0.5 : 1;
      p.done({ scenario: 's', seed, objects: [{ object: 'deployment/default/web', hasSlo: true, availability: { slo } }] } as unknown as RunFigures);
    }
    p.stop();
    expect(lines.length).toBe(10);
    expect(lines[0]).toMatch(/^sweep: 10 % \(4\/40 runs\)/);
    expect(lines[9]).toMatch(/100 % \(40\/40 runs\).*worst availability 50\.0000 % \(s seed 17 deployment\/default\/web\)/);
  });

  it('prints nothing with --quiet', () => {
    const lines: string[] = [];
    const p = makeProgress('quiet', { write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream);
    p.start(2, 0);
    p.done({ scenario: 's', seed: 1, objects: [] } as unknown as RunFigures);
    p.stop();
    expect(lines).toEqual([]);
  });
});
