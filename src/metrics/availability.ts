/**
 * The exact step functions of `availability.csv` (design.md §4): for every workload and Service,
 * desired / ready (truth) / reported (API) / endpoints / serving, one row each time a value
 * changes. Several changes at the same instant collapse into one row holding the final values.
 *
 * One copy of each series, in typed storage (series.ts). `markOrigin` cuts each series to its
 * state at the run's t = 0 and later rows are recorded relative to it, so the rows read after the
 * run are the output's. With `stream`, the CSV records go to a sink as soon as their instant is
 * over (rows of one instant can be rewritten until the clock moves on), and the recorder keeps no
 * row order.
 */
import type { PodObj, PodUid } from '../apiserver/objects.js';
import type { Time } from '../kernel/time.js';
import { AVAILABILITY_HEADER, availabilityRecord } from './output.js';
import { DESIRED, ENDPOINTS, READY, REPORTED, RowOrder, SERVING, Series } from './series.js';
import type { TextSink } from './sink.js';

export { DESIRED, ENDPOINTS, READY, REPORTED, SERVING, WIDTH, type ObjectSeries, type Series } from './series.js';

/** Per-pod contributions, so a change is counted once and undone exactly. */
interface PodState {
  truth: boolean;
  reported: boolean;
  /** Services whose endpoints list this pod as ready. */
  endpointOf: string[];
  /** The pod object was removed (kept only while stale endpoints still list it). */
  gone: boolean;
}

/** Records availability step functions during a run. */
export class AvailabilityRecorder {
  private readonly index = new Map<string, number>();
  private readonly series: Series[] = [];
  private readonly current: number[][] = [];
  private readonly pods = new Map<PodUid, PodState>();
  /**
   * Row order for the CSV: (object index, row index) pairs in the order rows were first written.
   * When streaming, only the rows of the instant not yet over (`pendingUs`).
   */
  private readonly order = new RowOrder();
  /** Rows appended so far, all series (never decreases). */
  private appended = 0;
  /** Set by `stream`: records go to `sink` (null: nowhere) instead of being kept in order. */
  streamed = false;
  private sink: TextSink | null = null;
  /** Whether rows are output rows yet (the origin is marked): boot rows are not. */
  private writing = false;
  /** Time of the rows in `order` while streaming. */
  private pendingUs: Time = 0;
  /** Kernel time of the run's t = 0 (0 until marked). */
  private originUs: Time = 0;
  /** Rows per series that later changes may not rewrite (1 after the origin: the state at t = 0). */
  private sealedRows = 0;

  /** Set when kube-proxy computes `serving` (src/kubeproxy/): the column then follows `setServing` only. */
  private servingExternal = false;
  private readonly truthListeners: Array<(pod: PodObj, ready: boolean, t: Time) => void> = [];

  /**
   * Hands the `serving` column to kube-proxy's programmed views (called once, before the run).
   * Without it, `serving` is the committed ready endpoints whose pod is truly ready, as a yardstick
   * for tests that build no data plane.
   */
  takeServing(): void {
    this.servingExternal = true;
  }

  /** Sets a Service's `serving` value (kube-proxy, after `takeServing`). */
  setServing(service: string, n: number, t: Time): void {
    const i = this.index.get(service);
    if (i !== undefined) this.set(i, SERVING, n, t);
  }

  /** Calls `fn` after each change of a pod's truth (kube-proxy counts truly ready endpoints). */
  onTruth(fn: (pod: PodObj, ready: boolean, t: Time) => void): void {
    this.truthListeners.push(fn);
  }

  /** Declares an object (before the run). */
  register(key: string, isService: boolean, desired: number): void {
    if (this.index.has(key)) return;
    this.index.set(key, this.series.length);
    const series = new Series(key, isService);
    series.push(0, [desired, 0, 0, 0, 0]);
    this.series.push(series);
    this.current.push([desired, 0, 0, 0, 0]);
    this.order.push(this.series.length - 1, 0);
    this.appended++;
  }

  /**
   * Makes a Service's `desired` follow its workloads: the sum of the desired counts of the
   * workloads whose pods it selects (design.md §4: "pods its selector is meant to have").
   */
  linkService(service: string, workloads: readonly string[], t: Time, share?: ReadonlyMap<string, (desired: number) => number>): void {
    this.serviceLinks.set(service, [...workloads]);
    if (share) for (const [w, f] of share) this.serviceShares.set(`${service}\u0000${w}`, f);
    for (const w of workloads) {
      const list = this.workloadServices.get(w) ?? [];
      list.push(service);
      this.workloadServices.set(w, list);
    }
    this.refreshService(service, t);
  }

  private readonly serviceLinks = new Map<string, string[]>();
  /** The part of a workload's desired count a Service selects (a StatefulSet's pods by name), by `service NUL workload`. */
  private readonly serviceShares = new Map<string, (desired: number) => number>();
  private readonly desiredSet = new Set<string>();

  /** Whether a controller has set the object's desired count at least once (a DaemonSet's is unknown until its first sync). */
  desiredKnown(key: string): boolean {
    return this.desiredSet.has(key);
  }

  /** Rows appended so far (a cheap "did anything change" probe). */
  get rowCount(): number {
    return this.appended;
  }
  private readonly workloadServices = new Map<string, string[]>();

  private refreshService(service: string, t: Time): void {
    const i = this.index.get(service);
    if (i === undefined) return;
    let sum = 0;
    for (const w of this.serviceLinks.get(service) ?? []) {
      const v = this.value(w, DESIRED);
      const share = this.serviceShares.get(`${service}\u0000${w}`);
      if (!Number.isNaN(v)) sum += share ? share(v) : v;
    }
    this.set(i, DESIRED, sum, t);
  }

  /** Whether an object is registered. */
  has(key: string): boolean {
    return this.index.has(key);
  }

  /** Sets an object's desired count. */
  setDesired(key: string, desired: number, t: Time): void {
    const i = this.index.get(key);
    if (i === undefined) return;
    // Controllers report their desired count at every sync, mostly unchanged. A workload's
    // desired column changes only here (after `register`), and each change refreshed its Services
    // then, so an unchanged count after the first report leaves every Service's sum as it is.
    if (this.current[i][DESIRED] === desired && this.desiredSet.has(key)) return;
    this.desiredSet.add(key);
    this.set(i, DESIRED, desired, t);
    for (const svc of this.workloadServices.get(key) ?? []) this.refreshService(svc, t);
  }

  /** The kubelet's truth changed: the pod's containers run and pass readiness (or no longer). */
  podTruth(pod: PodObj, ready: boolean, t: Time): void {
    const s = this.state(pod);
    if (s.truth === ready) return;
    s.truth = ready;
    const d = ready ? 1 : -1;
    this.add(pod.workloadKey, READY, d, t);
    for (const svc of pod.services) this.add(svc, READY, d, t);
    if (!this.servingExternal) for (const svc of s.endpointOf) this.add(svc, SERVING, d, t);
    for (const fn of this.truthListeners) fn(pod, ready, t);
  }

  /** The API's view changed: the pod counts as reported ready (Ready condition true and not terminating). */
  podReported(pod: PodObj, ready: boolean, t: Time): void {
    const s = this.state(pod);
    if (s.reported === ready) return;
    s.reported = ready;
    const d = ready ? 1 : -1;
    this.add(pod.workloadKey, REPORTED, d, t);
    for (const svc of pod.services) this.add(svc, REPORTED, d, t);
  }

  /** A Service's EndpointSlices list the pod as a ready endpoint (or stop listing it). */
  podEndpoint(service: string, pod: PodObj, ready: boolean, t: Time): void {
    if (!ready && !this.pods.has(pod.uid)) return;
    const s = this.state(pod);
    const at = s.endpointOf.indexOf(service);
    if ((at >= 0) === ready) return;
    if (ready) s.endpointOf.push(service);
    else s.endpointOf.splice(at, 1);
    const d = ready ? 1 : -1;
    this.add(service, ENDPOINTS, d, t);
    if (s.truth && !this.servingExternal) this.add(service, SERVING, d, t);
    if (s.gone && s.endpointOf.length === 0) this.pods.delete(pod.uid);
  }

  /**
   * A pod object was removed: it is neither ready nor reported any more. EndpointSlices that still
   * list it keep doing so (stale, clients sent into a black hole) until the EndpointSlice
   * controller drops it; the pod's record is forgotten then.
   */
  podGone(pod: PodObj, t: Time): void {
    this.podTruth(pod, false, t);
    this.podReported(pod, false, t);
    const s = this.pods.get(pod.uid);
    if (!s) return;
    s.gone = true;
    if (s.endpointOf.length === 0) this.pods.delete(pod.uid);
  }

  /** Whether the recorder counts the pod as truly ready. */
  isTrulyReady(pod: PodObj): boolean {
    return this.pods.get(pod.uid)?.truth ?? false;
  }

  /** Current value of a column for an object. */
  value(key: string, column: number): number {
    const i = this.index.get(key);
    return i === undefined ? Number.NaN : this.current[i][column];
  }

  /** Every object's series, in registration order. */
  all(): readonly Series[] {
    return this.series;
  }

  /**
   * Streams `availability.csv` (before the run): the header now, each record to `sink` once its
   * instant is over (null: written nowhere, for runs that only need the figures).
   */
  stream(sink: TextSink | null): void {
    this.streamed = true;
    this.sink = sink;
    sink?.write(AVAILABILITY_HEADER);
  }

  /**
   * Marks the run's origin at kernel time `originUs`: each series keeps one row, its state now, at
   * t = 0, and changes from now on — even at this same instant — go into new rows at times
   * relative to it (a fault at t = 0 is a step at 0 after the converged state, not a rewrite of
   * it). With `cut` false (a run with no boot) the rows so far are kept as they are.
   */
  markOrigin(originUs: Time, cut = true): void {
    this.writing = true;
    if (!cut) return;
    this.originUs = originUs;
    this.sealedRows = 1;
    this.order.clear();
    for (let i = 0; i < this.series.length; i++) {
      this.series[i].keepLast(0);
      this.order.push(i, 0);
    }
    this.pendingUs = 0;
  }

  /**
   * Ends the recording: the last instant's records go to the sink, which is closed; storage is
   * trimmed, and the listeners are released so that a run's result does not hold its simulation.
   */
  finish(): void {
    this.truthListeners.length = 0;
    if (this.streamed) {
      if (this.writing) this.flush();
      this.sink?.close();
    }
    for (const s of this.series) s.trim();
  }

  /** Rows in the order they were written (time order), as (series index, row index) pairs (in memory only). */
  rowOrder(): ArrayLike<number> {
    return this.order.view();
  }

  /** Writes the records of the rows waiting in `order` (their instant is over) and forgets them. */
  private flush(): void {
    const o = this.order.view();
    for (let k = 0; k < o.length; k += 2) {
      const line = availabilityRecord(this.series[o[k]], o[k + 1]);
      if (line !== null) this.sink?.write(line);
    }
    this.order.clear();
  }

  private state(pod: PodObj): PodState {
    let s = this.pods.get(pod.uid);
    if (!s) {
      s = { truth: false, reported: false, endpointOf: [], gone: false };
      this.pods.set(pod.uid, s);
    }
    return s;
  }

  private add(key: string, column: number, delta: number, t: Time): void {
    const i = this.index.get(key);
    if (i !== undefined) this.set(i, column, this.current[i][column] + delta, t);
  }

  private set(i: number, column: number, value: number, kernelUs: Time): void {
    const cur = this.current[i];
    if (cur[column] === value) return;
    cur[column] = value;
    const s = this.series[i];
    const t = kernelUs - this.originUs;
    if (s.n > this.sealedRows && s.lastTime() === t) {
      s.rewriteLast(cur);
      return;
    }
    // The clock moved on (callers pass the kernel's non-decreasing time): the rows of the
    // previous instant can no longer be rewritten.
    if (this.streamed && t !== this.pendingUs) {
      if (this.writing) this.flush();
      else this.order.clear();
      this.pendingUs = t;
    }
    s.push(t, cur);
    this.order.push(i, s.n - 1);
    this.appended++;
  }
}
