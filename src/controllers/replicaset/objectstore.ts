/**
 * Committed API objects of one kind (ReplicaSets, Deployments, …) by key, with change
 * notification at commit time — what `Store` is for pods and nodes. Shared by the workload
 * controllers, which keep their kinds' objects here. Objects are mutated only inside a write's
 * commit callback; the mutating code then calls `changed` so that watchers hear of it.
 */
export class ObjectStore<T extends { key: string }, C extends string> {
  private readonly byKey = new Map<string, T>();
  private readonly listeners: Array<(obj: T, change: C) => void> = [];

  /** The object with that key, or undefined. */
  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Every object, in creation order. */
  values(): IterableIterator<T> {
    return this.byKey.values();
  }

  /** Number of objects. */
  get size(): number {
    return this.byKey.size;
  }

  /** Calls `fn` synchronously after every change. */
  onChange(fn: (obj: T, change: C) => void): void {
    this.listeners.push(fn);
  }

  /** Adds an object (commit of a POST, or an initial object at t = 0). */
  add(obj: T, change: C): void {
    if (this.byKey.has(obj.key)) throw new Error(`${obj.key} already exists`);
    this.byKey.set(obj.key, obj);
    this.changed(obj, change);
  }

  /** Removes an object (commit of a DELETE). */
  remove(obj: T, change: C): void {
    if (this.byKey.get(obj.key) !== obj) return;
    this.byKey.delete(obj.key);
    this.changed(obj, change);
  }

  /** Announces an in-place change made inside a commit. */
  changed(obj: T, change: C): void {
    for (const l of this.listeners) l(obj, change);
  }
}
