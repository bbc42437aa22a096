/**
 * One object's availability step function in compact typed storage (issue 15): times in a
 * growable Float64Array (microseconds exceed 2^31), the five counts of each row in a growable
 * Int32Array. A year at 5,000 nodes holds about a million rows: 28 bytes each here, against
 * 48 bytes and growth slack as plain number arrays.
 */

/** Column indexes of an object's values. */
export const DESIRED = 0;
export const READY = 1;
export const REPORTED = 2;
export const ENDPOINTS = 3;
export const SERVING = 4;
/** Values per row of a series: desired, ready, reported, endpoints, serving. */
export const WIDTH = 5;

/** What readers of a series need (the recorder's `Series`, or rows built by hand in tests). */
export interface ObjectSeries {
  readonly key: string;
  readonly isService: boolean;
  /** Row times, µs from the run's t = 0 once the origin is marked. */
  readonly times: ArrayLike<number>;
  /** Row-major values, WIDTH per row. */
  readonly values: ArrayLike<number>;
}

/** A series being recorded: rows are appended, the last one can be rewritten. */
export class Series implements ObjectSeries {
  private t: Float64Array;
  private v: Int32Array;
  /** Rows held. */
  n = 0;
  // Views of the first n rows, remade only when n or the storage changes (readers index them in loops).
  private tv: Float64Array | null = null;
  private vv: Int32Array | null = null;

  constructor(
    readonly key: string,
    readonly isService: boolean,
    capacity = 4,
  ) {
    this.t = new Float64Array(capacity);
    this.v = new Int32Array(capacity * WIDTH);
  }

  /** The row times (a view; valid until the next append). */
  get times(): Float64Array {
    if (this.tv === null || this.tv.length !== this.n) this.tv = this.t.subarray(0, this.n);
    return this.tv;
  }

  /** The row values, WIDTH per row (a view; valid until the next append). */
  get values(): Int32Array {
    if (this.vv === null || this.vv.length !== this.n * WIDTH) this.vv = this.v.subarray(0, this.n * WIDTH);
    return this.vv;
  }

  /** Time of the last row. */
  lastTime(): number {
    return this.t[this.n - 1];
  }

  /** Appends a row. */
  push(time: number, row: readonly number[]): void {
    if (this.n === this.t.length) this.resize(this.n * 2);
    this.t[this.n] = time;
    // A loop, not `set`: five numbers from a plain array, at every pod and endpoint change.
    const at = this.n * WIDTH;
    for (let c = 0; c < WIDTH; c++) this.v[at + c] = row[c];
    this.n++;
  }

  /** Overwrites the last row's values (a second change at the same instant). */
  rewriteLast(row: readonly number[]): void {
    const at = (this.n - 1) * WIDTH;
    for (let c = 0; c < WIDTH; c++) this.v[at + c] = row[c];
  }

  /** Keeps only the last row, now at `time` (the state at the run's origin). */
  keepLast(time: number): void {
    this.v.copyWithin(0, (this.n - 1) * WIDTH, this.n * WIDTH);
    this.t[0] = time;
    this.n = 1;
  }

  /** Releases the growth slack (at the end of a run). */
  trim(): void {
    this.resize(Math.max(this.n, 1));
  }

  private resize(capacity: number): void {
    const t = new Float64Array(capacity);
    t.set(this.t.subarray(0, this.n));
    const v = new Int32Array(capacity * WIDTH);
    v.set(this.v.subarray(0, this.n * WIDTH));
    this.t = t;
    this.v = v;
    this.tv = null;
    this.vv = null;
  }
}

/** CSV row order: (series index, row index) pairs in the order rows were first written. */
export class RowOrder {
  private a = new Int32Array(64);
  /** Numbers held (two per row). */
  length = 0;

  /** Appends the pair (series, row). */
  push(series: number, row: number): void {
    if (this.length + 2 > this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = series;
    this.a[this.length++] = row;
  }

  /** The pairs, flat (a view; valid until the next push). */
  view(): Int32Array {
    return this.a.subarray(0, this.length);
  }

  /** Forgets every pair (the storage is reused). */
  clear(): void {
    this.length = 0;
  }
}
