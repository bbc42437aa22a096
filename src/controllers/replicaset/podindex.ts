/**
 * The pod cache the workload controllers share: pods by controlling owner and by name, kept
 * current from the store's change stream (what upstream's shared pod informer and its indexers
 * give every controller of kube-controller-manager). It mirrors committed state exactly, so a new
 * leader process rebuilding it from the store would get the same content; it is built once.
 *
 * It also keeps running counts of each owner's active and active-ready pods, updated at every
 * change, so that a sync of a ReplicaSet or Deployment of 1,000 pods costs O(1) rather than a scan
 * of its pods each time one of them changes (design.md §6: cost follows state changes).
 */
import { isActive, type OwnerRef, type PodObj } from '../../apiserver/objects.js';
import type { PodChange, Store } from '../../apiserver/store.js';
import { UidBytes } from '../uidbytes.js';

type Listener = (pod: PodObj, change: PodChange) => void;

/** Running counts of one owner's live pods. */
export interface OwnedCounts {
  /** Active pods (not terminating, not finished: FilterActivePods). */
  active: number;
  /** Active pods whose Ready condition is true. */
  activeReady: number;
}

// Per-pod flags of what the pod last counted toward.
const ACTIVE = 1;
const READY = 2;
const UNTRACKED = -1;

function flagsOf(p: PodObj): number {
  if (!isActive(p)) return 0;
  return p.ready ? ACTIVE | READY : ACTIVE;
}

/** Pods by owner key and by `namespace/name`, with change dispatch by owner kind. */
export class PodIndex {
  private readonly byOwner = new Map<string, Set<PodObj>>();
  /** Live pods by namespace, then name (two lookups rather than a `ns/name` string built per call). */
  private readonly byName = new Map<string, Map<string, PodObj>>();
  private readonly byKind = new Map<OwnerRef['kind'], Listener[]>();
  private readonly all: Listener[] = [];
  private readonly counts = new Map<string, OwnedCounts>();
  /** By pod uid: what each owned pod counts toward now (flags ACTIVE | READY), UNTRACKED (−1) for others. */
  private readonly flags = new UidBytes();
  private static readonly NONE: ReadonlySet<PodObj> = new Set();
  private static readonly ZERO: Readonly<OwnedCounts> = { active: 0, activeReady: 0 };

  constructor(readonly store: Store) {
    for (const p of store.pods.values()) this.add(p);
    store.onPod((pod, change) => {
      if (change === 'created') this.add(pod);
      else if (change === 'removed') this.remove(pod);
      else this.recount(pod);
      if (pod.owner) {
        const listeners = this.byKind.get(pod.owner.kind);
        if (listeners) for (const l of listeners) l(pod, change);
      }
      for (const l of this.all) l(pod, change);
    });
  }

  /** Calls `fn` for every change of a pod whose controller is of `kind`. */
  onOwned(kind: OwnerRef['kind'], fn: Listener): void {
    const list = this.byKind.get(kind) ?? [];
    list.push(fn);
    this.byKind.set(kind, list);
  }

  /** Calls `fn` for every pod change (after the index is updated). */
  onAny(fn: Listener): void {
    this.all.push(fn);
  }

  /** Live pods controlled by the object `ownerKey`, in creation order. */
  owned(ownerKey: string): ReadonlySet<PodObj> {
    return this.byOwner.get(ownerKey) ?? PodIndex.NONE;
  }

  /** Counts of the live pods controlled by `ownerKey`, current with the last committed change. */
  ownedCounts(ownerKey: string): Readonly<OwnedCounts> {
    return this.counts.get(ownerKey) ?? PodIndex.ZERO;
  }

  /** The live pod with that name, if any. */
  byPodName(namespace: string, name: string): PodObj | undefined {
    return this.byName.get(namespace)?.get(name);
  }

  private add(p: PodObj): void {
    let names = this.byName.get(p.namespace);
    if (!names) this.byName.set(p.namespace, (names = new Map()));
    names.set(p.name, p);
    if (!p.owner) return;
    let set = this.byOwner.get(p.owner.key);
    if (!set) {
      set = new Set();
      this.byOwner.set(p.owner.key, set);
      this.counts.set(p.owner.key, { active: 0, activeReady: 0 });
    }
    set.add(p);
    this.flags.set(p.uid, 0);
    this.recount(p);
  }

  /** Moves the pod's contribution to its owner's counts to what its state is now. */
  private recount(p: PodObj): void {
    const was = this.flags.get(p.uid);
    if (was === UNTRACKED) return;
    const now = flagsOf(p);
    if (now === was) return;
    this.flags.set(p.uid, now);
    const c = this.counts.get(p.owner!.key)!;
    c.active += (now & ACTIVE) - (was & ACTIVE);
    c.activeReady += (now & READY ? 1 : 0) - (was & READY ? 1 : 0);
  }

  private remove(p: PodObj): void {
    const names = this.byName.get(p.namespace);
    if (names?.get(p.name) === p) names.delete(p.name);
    if (!p.owner) return;
    const set = this.byOwner.get(p.owner.key);
    if (!set?.delete(p)) return;
    const tracked = this.flags.get(p.uid);
    const was = tracked === UNTRACKED ? 0 : tracked;
    if (tracked !== UNTRACKED) this.flags.set(p.uid, UNTRACKED);
    const c = this.counts.get(p.owner.key)!;
    c.active -= was & ACTIVE;
    c.activeReady -= was & READY ? 1 : 0;
    if (set.size === 0) {
      this.byOwner.delete(p.owner.key);
      this.counts.delete(p.owner.key);
    }
  }
}
