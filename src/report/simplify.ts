/**
 * Reduces a step function to what a chart of `columns` pixel columns can show, so that long runs
 * keep the page small: a column holding several changes keeps its entering value, its minimum and
 * maximum (in the order they occurred) and its last value, which draws the same picture at that
 * resolution (a vertical bar over the column's range). Series with no more changes than columns
 * are kept exactly.
 */

/** One corner of a step function: from `t` on, the value is `v`. */
export interface StepPoint {
  t: number;
  v: number;
}

/** Column `col` of a row-major series (`width` values per row) as its change points (repeated values dropped). */
export function stepPoints(times: ArrayLike<number>, values: ArrayLike<number>, width: number, col: number): StepPoint[] {
  const out: StepPoint[] = [];
  for (let i = 0; i < times.length; i++) {
    const v = values[i * width + col];
    if (out.length === 0 || out[out.length - 1].v !== v) out.push({ t: times[i], v });
  }
  return out;
}

/** The result of `simplifySteps`. */
export interface Simplified {
  points: StepPoint[];
  /** Whether columns were merged (the series had more changes than columns). */
  simplified: boolean;
}

/**
 * Simplifies change points over [0, end] to at most about four per column of `columns`. Points at
 * or after `end` are dropped (the chart stops there).
 */
export function simplifySteps(points: readonly StepPoint[], end: number, columns: number): Simplified {
  const inRange = points.filter((p, i) => i === 0 || p.t < end);
  if (inRange.length <= columns || end <= 0) return { points: inRange, simplified: false };
  const out: StepPoint[] = [];
  const push = (t: number, v: number) => {
    if (out.length === 0 || out[out.length - 1].v !== v) out.push({ t, v });
  };
  let i = 0;
  while (i < inRange.length) {
    const col = Math.min(columns - 1, Math.floor((inRange[i].t / end) * columns));
    let j = i;
    let lo = i;
    let hi = i;
    while (j + 1 < inRange.length && Math.min(columns - 1, Math.floor((inRange[j + 1].t / end) * columns)) === col) {
      j++;
      if (inRange[j].v < inRange[lo].v) lo = j;
      if (inRange[j].v > inRange[hi].v) hi = j;
    }
    const t0 = inRange[i].t;
    push(t0, inRange[i].v);
    // Extremes drawn at the column's first instant: a vertical bar over the column's range.
    for (const k of lo <= hi ? [lo, hi] : [hi, lo]) push(t0, inRange[k].v);
    push(inRange[j].t, inRange[j].v);
    i = j + 1;
  }
  return { points: out, simplified: true };
}
