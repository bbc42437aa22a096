import { describe, expect, it } from 'vitest';
import { simplifySteps, stepPoints, type StepPoint } from '../../src/report/simplify.js';

/** Per pixel column of [0, end): the value entering it, its minimum and maximum, and the value leaving it. */
function columns(points: readonly StepPoint[], end: number, n: number): Array<[number, number, number, number]> {
  const out: Array<[number, number, number, number]> = [];
  let i = 0;
  let v = points[0].v;
  for (let c = 0; c < n; c++) {
    const c1 = ((c + 1) * end) / n;
    const enter = v;
    let lo = v;
    let hi = v;
    while (i < points.length && points[i].t < c1) {
      v = points[i++].v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    out.push([enter, lo, hi, v]);
  }
  return out;
}

describe('simplifySteps', () => {
  it('drops repeated values of a column of a row-major series', () => {
    // rows (t, a, b): (0, 1, 0) (5, 1, 1) (9, 2, 1) → column a changes at 0 and 9 only
    expect(stepPoints([0, 5, 9], [1, 0, 1, 1, 2, 1], 2, 0)).toEqual([{ t: 0, v: 1 }, { t: 9, v: 2 }]);
  });

  it('keeps a series with no more changes than columns exactly', () => {
    const pts = [{ t: 0, v: 0 }, { t: 10, v: 3 }, { t: 50, v: 2 }];
    expect(simplifySteps(pts, 100, 10)).toEqual({ points: pts, simplified: false });
  });

  it('draws the same picture at the chart resolution: per column the same entering, min, max and last value', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let run = 0; run < 20; run++) {
      const pts: StepPoint[] = [{ t: 0, v: 0 }];
      let t = 0;
      for (let k = 0; k < 5000; k++) {
        t += 1 + Math.floor(rnd() * 200);
        pts.push({ t, v: Math.floor(rnd() * 10) });
      }
      const end = t + 1;
      const r = simplifySteps(pts, end, 400);
      expect(r.simplified).toBe(true);
      expect(r.points.length).toBeLessThanOrEqual(4 * 400);
      expect(columns(r.points, end, 400), `run ${run}`).toEqual(columns(pts, end, 400));
    }
  });
});
