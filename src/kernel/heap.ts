/**
 * An indexed binary min-heap of event slots keyed by (time, order), stored in typed arrays.
 *
 * Keys live in heap-position order (`times`, `orders`, `slots`) so sifting touches contiguous
 * memory; `pos[slot]` tracks where each slot sits, which makes cancel and reschedule O(log n)
 * in place instead of leaving tombstones behind (election timers and lease renewals are reset
 * constantly, so tombstones would pile up).
 */
export class SlotHeap {
  private times: Float64Array;
  private orders: Float64Array;
  private slots: Int32Array;
  /** Heap position of each slot, or -1 when the slot is not queued. */
  pos: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.times = new Float64Array(capacity);
    this.orders = new Float64Array(capacity);
    this.slots = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  /** Makes room for slot ids below `slotCount`. */
  ensureSlots(slotCount: number): void {
    if (slotCount <= this.pos.length) return;
    let n = this.pos.length;
    while (n < slotCount) n *= 2;
    const pos = new Int32Array(n).fill(-1);
    pos.set(this.pos);
    this.pos = pos;
  }

  /** Time key of the minimum; only valid when size > 0. */
  peekTime(): number {
    return this.times[0];
  }

  /** Time key of a slot, or NaN when it is not queued. */
  timeOf(slot: number): number {
    const i = this.pos[slot];
    return i < 0 ? Number.NaN : this.times[i];
  }

  /** Slot of the minimum; only valid when size > 0. */
  peekSlot(): number {
    return this.slots[0];
  }

  /** Queues a slot that is not queued yet. */
  push(slot: number, time: number, order: number): void {
    if (this.size === this.times.length) this.grow();
    const i = this.size++;
    this.place(i, slot, time, order);
    this.siftUp(i);
  }

  /** Removes and returns the minimum slot. */
  pop(): number {
    const top = this.slots[0];
    this.pos[top] = -1;
    const last = --this.size;
    if (last > 0) {
      this.place(0, this.slots[last], this.times[last], this.orders[last]);
      this.siftDown(0);
    }
    return top;
  }

  /** Removes a queued slot from wherever it sits. */
  remove(slot: number): void {
    const i = this.pos[slot];
    this.pos[slot] = -1;
    const last = --this.size;
    if (i === last) return;
    this.place(i, this.slots[last], this.times[last], this.orders[last]);
    this.restore(i);
  }

  /** Changes the key of a queued slot and restores heap order. */
  update(slot: number, time: number, order: number): void {
    const i = this.pos[slot];
    this.times[i] = time;
    this.orders[i] = order;
    this.restore(i);
  }

  private restore(i: number): void {
    if (i > 0 && this.less(i, (i - 1) >> 1)) this.siftUp(i);
    else this.siftDown(i);
  }

  private place(i: number, slot: number, time: number, order: number): void {
    this.slots[i] = slot;
    this.times[i] = time;
    this.orders[i] = order;
    this.pos[slot] = i;
  }

  private less(a: number, b: number): boolean {
    const ta = this.times[a];
    const tb = this.times[b];
    return ta < tb || (ta === tb && this.orders[a] < this.orders[b]);
  }

  private siftUp(i: number): void {
    const { times, orders, slots, pos } = this;
    const slot = slots[i];
    const t = times[i];
    const o = orders[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < t || (tp === t && orders[p] < o)) break;
      slots[i] = slots[p];
      times[i] = tp;
      orders[i] = orders[p];
      pos[slots[i]] = i;
      i = p;
    }
    slots[i] = slot;
    times[i] = t;
    orders[i] = o;
    pos[slot] = i;
  }

  private siftDown(i: number): void {
    const { times, orders, slots, pos } = this;
    const n = this.size;
    const slot = slots[i];
    const t = times[i];
    const o = orders[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (times[r] < times[c] || (times[r] === times[c] && orders[r] < orders[c]))) c = r;
      const tc = times[c];
      if (t < tc || (t === tc && o < orders[c])) break;
      slots[i] = slots[c];
      times[i] = tc;
      orders[i] = orders[c];
      pos[slots[i]] = i;
      i = c;
    }
    slots[i] = slot;
    times[i] = t;
    orders[i] = o;
    pos[slot] = i;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const orders = new Float64Array(n);
    orders.set(this.orders);
    const slots = new Int32Array(n);
    slots.set(this.slots);
    this.times = times;
    this.orders = orders;
    this.slots = slots;
  }
}
