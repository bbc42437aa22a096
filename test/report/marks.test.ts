import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import type { ObjectSeries } from '../../src/metrics/availability.js';
import { blackHoles, shrunk, startDesired } from '../../src/report/marks.js';

/** A Service series from rows of [t (s), desired, ready, reported, endpoints, serving]. */
function series(rows: number[][]): ObjectSeries {
  return { key: 'service/default/s', isService: true, times: rows.map((r) => r[0] * SEC), values: rows.flatMap((r) => r.slice(1)) };
}

describe('chart marks read from the step functions', () => {
  const s = series([
    [0, 3, 3, 3, 3, 3],
    [100, 3, 2, 3, 3, 2], // a pod dies: endpoints still 3, serving 2 — a black hole
    [149, 3, 2, 2, 2, 2], // its endpoint removed 49 s later
    [300, 2, 2, 2, 2, 2], // its node is gone: desired drops (a DaemonSet)
    [400, 3, 3, 3, 3, 2], // back, but one endpoint not serving yet, to the end of the run
  ]);
  const end = 500 * SEC;

  it('finds a black hole wherever endpoints exceed serving, open at the end of the run', () => {
    expect(blackHoles(s, end)).toEqual([
      { startUs: 100 * SEC, endUs: 149 * SEC, open: false },
      { startUs: 400 * SEC, endUs: end, open: true },
    ]);
  });

  it('takes desired at t = 0 as the start value and marks where desired fell below it', () => {
    expect(startDesired(s)).toBe(3);
    expect(shrunk(s, end, 3)).toEqual([{ startUs: 300 * SEC, endUs: 400 * SEC, open: false }]);
  });

  it('stops at the end of the run and reads boot rows (t < 0) as the value at 0', () => {
    const booted = series([[-30, 1, 0, 0, 0, 0], [-5, 4, 4, 4, 4, 4], [50, 4, 4, 4, 5, 4], [200, 4, 4, 4, 4, 4]]);
    expect(startDesired(booted)).toBe(4);
    expect(blackHoles(booted, 100 * SEC)).toEqual([{ startUs: 50 * SEC, endUs: 100 * SEC, open: true }]);
  });
});
