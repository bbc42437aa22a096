/**
 * The pod cache the workload controllers share: pods by controlling owner and by name, kept
 * current from the store's change stream (what upstream's shared pod informer and its indexers
 * give every controller of kube-controller-manager). It mirrors committed state exactly, so a new
 * leader process rebuilding it from the store would get the same content; it is built once.
 */
import type { OwnerRef, PodObj } from '../../apiserver/objects.js';
import type { PodChange, Store } from '../../apiserver/store.js';

type Listener = (pod: PodObj, change: PodChange) => void;

/** Pods by owner key and by `namespace/name`, with change dispatch by owner kind. */
export class PodIndex {
  private readonly byOwner = new Map<string, Set<PodObj>>();
  private readonly byName = new Map<string, PodObj>();
  private readonly byKind = new Map<OwnerRef['kind'], Listener[]>();
  private readonly all: Listener[] = [];
  private static readonly NONE: ReadonlySet<PodObj> = new Set();

  constructor(readonly store: Store) {
    for (const p of store.pods.values()) this.add(p);
    store.onPod((pod, change) => {
      if (change === 'created') this.add(pod);
      else if (change === 'removed') this.remove(pod);
      if (pod.owner) for (const l of this.byKind.get(pod.owner.kind) ?? []) l(pod, change);
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

  /** The live pod with that name, if any. */
  byPodName(namespace: string, name: string): PodObj | undefined {
    return this.byName.get(`${namespace}/${name}`);
  }

  private add(p: PodObj): void {
    this.byName.set(`${p.namespace}/${p.name}`, p);
    if (!p.owner) return;
    let set = this.byOwner.get(p.owner.key);
    if (!set) {
      set = new Set();
      this.byOwner.set(p.owner.key, set);
    }
    set.add(p);
  }

  private remove(p: PodObj): void {
    if (this.byName.get(`${p.namespace}/${p.name}`) === p) this.byName.delete(`${p.namespace}/${p.name}`);
    if (!p.owner) return;
    const set = this.byOwner.get(p.owner.key);
    if (!set) return;
    set.delete(p);
    if (set.size === 0) this.byOwner.delete(p.owner.key);
  }
}
