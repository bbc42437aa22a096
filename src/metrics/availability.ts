/**
 * The exact step functions of `availability.csv` (design.md §4): for every workload and Service,
 * desired / ready (truth) / reported (API) / endpoints / serving, one row each time a value
 * changes. Several changes at the same instant collapse into one row holding the final values.
 */
import type { PodObj, PodUid } from '../apiserver/objects.js';
import type { Time } from '../kernel/time.js';

/** Column indexes of an object's values. */
export const DESIRED = 0;
export const READY = 1;
export const REPORTED = 2;
export const ENDPOINTS = 3;
export const SERVING = 4;
/** Values per row of a series: desired, ready, reported, endpoints, serving. */
export const WIDTH = 5;

/** Per-pod contributions, so a change is counted once and undone exactly. */
interface PodState {
  truth: boolean;
  reported: boolean;
  /** Services whose endpoints list this pod as ready. */
  endpointOf: string[];
  /** The pod object was removed (kept only while stale endpoints still list it). */
  gone: boolean;
}

/** One object's rows, in time order. */
export interface ObjectSeries {
  key: string;
  isService: boolean;
  times: number[];
  /** Row-major values, WIDTH per row. */
  values: number[];
}

/** Records availability step functions during a run. */
export class AvailabilityRecorder {
  private readonly index = new Map<string, number>();
  private readonly series: ObjectSeries[] = [];
  private readonly current: number[][] = [];
  private readonly pods = new Map<PodUid, PodState>();
  /** Global row order for the CSV: (object index, row index) pairs in the order rows were first written. */
  private readonly order: number[] = [];

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
    this.series.push({ key, isService, times: [0], values: [desired, 0, 0, 0, 0] });
    this.current.push([desired, 0, 0, 0, 0]);
    this.order.push(this.series.length - 1, 0);
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

  /** Rows written so far (a cheap "did anything change" probe). */
  get rowCount(): number {
    return this.order.length / 2;
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
  all(): readonly ObjectSeries[] {
    return this.series;
  }

  /**
   * Marks the run's origin: the values now are each object's state at t = 0, and changes from
   * now on — even at this same instant — go into new rows (a fault at t = 0 is a step at 0 after
   * the converged state, not a rewrite of it).
   */
  markOrigin(originUs: Time): void {
    this.originUs = originUs;
    this.sealed = this.series.map((s) => s.times.length);
  }

  private originUs: Time = 0;
  /** Per series, the number of rows written before the origin (never rewritten afterwards). */
  private sealed: number[] = [];

  /**
   * The step functions seen from the origin (see `markOrigin`; 0 when unmarked): each object
   * starts with one row at 0 holding its values at the origin, followed by the rows written
   * after it, shifted by −origin. (The world boots the cluster before the run's t = 0; outputs
   * show the run only.)
   */
  rebased(): AvailabilityRecorder {
    const out = new AvailabilityRecorder();
    const firstAfter: number[] = [];
    this.series.forEach((s, i) => {
      const k = this.sealed[i] ?? 1;
      firstAfter.push(k);
      // The row in force at the origin, then every later row: one contiguous run of each array.
      const times = s.times.slice(k - 1);
      times[0] = this.originUs;
      for (let j = 0; j < times.length; j++) times[j] -= this.originUs;
      const values = s.values.slice((k - 1) * WIDTH);
      out.index.set(s.key, i);
      out.series.push({ key: s.key, isService: s.isService, times, values });
      out.current.push([...this.current[i]]);
      out.order.push(i, 0);
    });
    for (let k = 0; k < this.order.length; k += 2) {
      const i = this.order[k];
      const r = this.order[k + 1];
      if (r >= firstAfter[i]) out.order.push(i, r - firstAfter[i] + 1);
    }
    return out;
  }

  /** Rows in the order they were written (time order), as (series index, row index) pairs. */
  rowOrder(): readonly number[] {
    return this.order;
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

  private set(i: number, column: number, value: number, t: Time): void {
    const cur = this.current[i];
    if (cur[column] === value) return;
    cur[column] = value;
    const s = this.series[i];
    const last = s.times.length - 1;
    // Plain loops rather than spreads: this runs at every pod and endpoint change.
    if (s.times[last] === t && last >= (this.sealed[i] ?? 0)) {
      for (let c = 0; c < WIDTH; c++) s.values[last * WIDTH + c] = cur[c];
      return;
    }
    s.times.push(t);
    for (let c = 0; c < WIDTH; c++) s.values.push(cur[c]);
    this.order.push(i, s.times.length - 1);
  }
}
