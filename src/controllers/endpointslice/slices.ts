/**
 * EndpointSlices as API objects: each Service's endpoints are packed in slices of at most
 * `--max-endpoints-per-slice` (100) endpoints, and a sync writes one API request per slice it
 * creates, updates or deletes (staging/src/k8s.io/endpointslice/reconciler.go
 * `reconcileByPortMapping` and `finalize`). Which slices a change touches is what the write count
 * — and, through the client's rate limiter, the time to update a big Service — depends on.
 */
import type { PodObj, PodUid } from '../../apiserver/objects.js';

/** kube-controller-manager --max-endpoints-per-slice default (pkg/controller/endpointslice/config/v1alpha1/defaults.go). */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** The conditions of one endpoint (discovery/v1 EndpointConditions). */
export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** One endpoint of a Service's slices. */
export interface Endpoint {
  pod: PodObj;
  /** Shared between endpoints (`endpointConditions`): replaced, never mutated. */
  conditions: Readonly<EndpointConditions>;
}

/** A change to one Service's endpoints: the pod's endpoint, or null to drop it. */
export interface Change {
  pod: PodObj;
  endpoint: Endpoint | null;
}

/** One API request of a sync: the slice it creates, updates or deletes, and the endpoint changes it carries. */
export interface SliceWrite {
  slice: number;
  op: 'create' | 'update' | 'delete';
  changes: Change[];
}

/** How one Service's endpoints sit in its slices, as committed. */
export interface SliceLayout {
  /** Slice id → endpoint count, in creation order. */
  readonly sizes: Map<number, number>;
  /** Pod UID → the slice holding its endpoint. */
  readonly where: Map<PodUid, number>;
}

const NO_ENDPOINTS: ReadonlyMap<PodUid, Endpoint> = new Map();

/** The committed EndpointSlices, by Service key. */
export class EndpointSlices {
  /** Every endpoint of a Service by pod UID, whichever slice holds it. */
  readonly byService = new Map<string, Map<PodUid, Endpoint>>();
  private readonly layouts = new Map<string, SliceLayout>();
  private nextSlice = 0;
  private readonly listeners: Array<(service: string, c: Change) => void> = [];

  /** Calls `fn` for every endpoint a committed write changes (kube-proxy's watch), after the change. */
  onChange(fn: (service: string, c: Change) => void): void {
    this.listeners.push(fn);
  }

  /** The endpoints of a Service (empty when it has none). */
  of(service: string): ReadonlyMap<PodUid, Endpoint> {
    return this.byService.get(service) ?? NO_ENDPOINTS;
  }

  /** The slices of a Service: id → endpoint count (empty when it has none). */
  layoutOf(service: string): SliceLayout {
    let l = this.layouts.get(service);
    if (!l) this.layouts.set(service, (l = { sizes: new Map(), where: new Map() }));
    return l;
  }

  /** A fresh slice id (`generateName`). */
  newSlice(): number {
    return this.nextSlice++;
  }

  /** Commits one slice write; returns, for each changed endpoint, whether it was ready before. */
  apply(service: string, w: SliceWrite, wasReady: (c: Change, was: boolean) => void): void {
    let eps = this.byService.get(service);
    if (!eps) this.byService.set(service, (eps = new Map()));
    const layout = this.layoutOf(service);
    let size = layout.sizes.get(w.slice) ?? 0;
    for (const c of w.changes) {
      const uid = c.pod.uid;
      const was = eps.get(uid)?.conditions.ready ?? false;
      if (c.endpoint) {
        if (!layout.where.has(uid)) size++;
        eps.set(uid, c.endpoint);
        layout.where.set(uid, w.slice);
      } else if (layout.where.delete(uid)) {
        size--;
        eps.delete(uid);
      }
      wasReady(c, was);
      for (const fn of this.listeners) fn(service, c);
    }
    if (w.op === 'delete' || size === 0) layout.sizes.delete(w.slice);
    else layout.sizes.set(w.slice, size);
  }
}

/** A slice being written by a sync, with its endpoint count once written. */
interface Pending extends SliceWrite {
  size: number;
}

/**
 * The writes of one sync (reconcileByPortMapping): changed endpoints are updated or removed in the
 * slice that holds them; new ones go first into slices already being updated, then — when fewer
 * than a slice's worth remain — into the fullest unchanged slice that fits them all
 * (`getSliceToFill`), else into new slices of `max`. Finally a slice to create takes the place of
 * one to delete (`finalize`: the delete becomes an update).
 */
export function planSliceWrites(layout: SliceLayout, changes: readonly Change[], newSlice: () => number, max = MAX_ENDPOINTS_PER_SLICE): SliceWrite[] {
  // Most syncs carry one change to an endpoint already placed: its slice is updated, or deleted
  // when it empties (what the general path below gives, without its map and lists).
  if (changes.length === 1) {
    const c = changes[0];
    const s = layout.where.get(c.pod.uid);
    const size = s === undefined ? undefined : layout.sizes.get(s);
    if (s !== undefined && size !== undefined) {
      const left = c.endpoint ? size : size - 1;
      const p: Pending = { slice: s, op: left > 0 ? 'update' : 'delete', changes: [c], size: left };
      return [p];
    }
  }
  const touched = new Map<number, Pending>();
  const fresh: Change[] = [];
  for (const c of changes) {
    const s = layout.where.get(c.pod.uid);
    if (s === undefined) {
      if (c.endpoint) fresh.push(c);
      continue;
    }
    let p = touched.get(s);
    if (!p) touched.set(s, (p = { slice: s, op: 'update', changes: [], size: layout.sizes.get(s) ?? 0 }));
    p.changes.push(c);
    if (!c.endpoint) p.size--;
  }
  const updates: Pending[] = [];
  const deletes: Pending[] = [];
  if (touched.size > 0) {
    for (const s of layout.sizes.keys()) {
      const p = touched.get(s);
      if (!p) continue;
      if (p.size > 0) updates.push(p);
      else deletes.push({ ...p, op: 'delete' });
    }
  }
  let i = 0;
  for (const p of updates) i = fill(p, fresh, i, max);
  const creates: Pending[] = [];
  // The untouched slices, in layout order, are needed only when new endpoints are left to place
  // (most syncs change the conditions of endpoints already placed).
  const unchanged: Array<[number, number]> = [];
  if (i < fresh.length) for (const [s, size] of layout.sizes) if (!touched.has(s)) unchanged.push([s, size]);
  while (i < fresh.length) {
    const target = fresh.length - i < max ? takeSliceToFill(unchanged, fresh.length - i, max) : null;
    const p: Pending = target ? { slice: target[0], op: 'update', changes: [], size: target[1] } : { slice: newSlice(), op: 'create', changes: [], size: 0 };
    i = fill(p, fresh, i, max);
    (target ? updates : creates).push(p);
  }
  // finalize: recycle a slice to delete for each one to create.
  while (creates.length > 0 && deletes.length > 0) {
    const c = creates.shift()!;
    const d = deletes.shift()!;
    updates.push({ slice: d.slice, op: 'update', changes: [...d.changes, ...c.changes], size: c.size });
  }
  // Pending writes are returned as they are (their `size` is the count once written).
  return creates.length === 0 && deletes.length === 0 ? updates : updates.concat(creates, deletes);
}

/** Moves new endpoints from `fresh[i..]` into `p` while it has room; returns the next index (a function, not a closure per sync). */
function fill(p: Pending, fresh: readonly Change[], i: number, max: number): number {
  while (i < fresh.length && p.size < max) {
    p.changes.push(fresh[i++]);
    p.size++;
  }
  return i;
}

/** getSliceToFill: the fullest unchanged slice with room for all `n` (first by id on a tie), taken out of `unchanged`. */
function takeSliceToFill(unchanged: Array<[number, number]>, n: number, max: number): [number, number] | null {
  let best = -1;
  for (let j = 0; j < unchanged.length; j++) {
    const size = unchanged[j][1];
    if (max - size >= n && (best < 0 || size > unchanged[best][1])) best = j;
  }
  return best < 0 ? null : unchanged.splice(best, 1)[0];
}
