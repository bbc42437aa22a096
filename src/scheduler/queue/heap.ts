/**
 * A binary heap of pods that knows each pod's position (`PodInfo.heapPos`), so a pod deleted or
 * moved while queued leaves in O(log n) (internal/heap/heap.go keeps a key → index map for the
 * same reason). A pod is in at most one heap at a time, so one position field is enough.
 */
import type { PodInfo } from '../cache/pod-info.js';

/** A heap ordered by `less` (the head is the least). */
export class PodHeap {
  private readonly items: PodInfo[] = [];

  constructor(private readonly less: (a: PodInfo, b: PodInfo) => boolean) {}

  /** Number of pods. */
  get size(): number {
    return this.items.length;
  }

  /** The head, or undefined. */
  peek(): PodInfo | undefined {
    return this.items[0];
  }

  /** Adds a pod. */
  push(p: PodInfo): void {
    p.heapPos = this.items.length;
    this.items.push(p);
    this.up(p.heapPos);
  }

  /** Removes and returns the head. */
  pop(): PodInfo | undefined {
    const top = this.items[0];
    if (top !== undefined) this.removeAt(0);
    return top;
  }

  /** Removes a pod that is in this heap. */
  remove(p: PodInfo): void {
    const i = p.heapPos;
    if (i < 0 || this.items[i] !== p) return;
    this.removeAt(i);
  }

  private removeAt(i: number): void {
    const items = this.items;
    const gone = items[i];
    const last = items.pop()!;
    gone.heapPos = -1;
    if (i < items.length) {
      items[i] = last;
      last.heapPos = i;
      this.down(i);
      this.up(last.heapPos);
    }
  }

  private up(i: number): void {
    const items = this.items;
    const p = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const q = items[parent];
      if (!this.less(p, q)) break;
      items[i] = q;
      q.heapPos = i;
      i = parent;
    }
    items[i] = p;
    p.heapPos = i;
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const p = items[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(items[c + 1], items[c])) c++;
      const q = items[c];
      if (!this.less(q, p)) break;
      items[i] = q;
      q.heapPos = i;
      i = c;
    }
    items[i] = p;
    p.heapPos = i;
  }
}
