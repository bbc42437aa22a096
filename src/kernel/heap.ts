/**
 * An indexed binary min-heap of event slots keyed by (time, order), stored in typed arrays.
 *
 * The keys of heap position i sit side by side at `keys[2i]` (time) and `keys[2i + 1]` (order),
 * so a comparison that falls through to the order (simultaneous events are common with integer
 * microseconds) reads the cache line the time came from, and a move writes one line instead of
 * two arrays. `pos[slot]` tracks where each slot sits, which makes cancel and reschedule
 * O(log n) in place instead of leaving tombstones behind (election timers and lease renewals
 * are reset constantly, so tombstones would pile up). Sifts move a hole rather than swapping.
 * The run loop takes the minimum with `take`, which leaves the root empty for the push that
 * most events make, so the classic hold step (pop one, schedule one) costs a single sift.
 */
export class SlotHeap {
  private keys: Float64Array;
  private slots: Int32Array;
  /** Heap position of each slot, or -1 when the slot is not queued. */
  pos: Int32Array;
  /** Number of queued slots. */
  size = 0;
  /**
   * Whether position 0 is empty: `take()` removed the minimum without refilling its place, so that
   * an event that schedules its successor costs one sift (the push fills the hole) instead of two.
   * Every other operation settles the hole first.
   */
  private hole = false;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(2 * capacity);
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
    if (this.hole) this.settle();
    return this.keys[0];
  }

  /** Time key of a slot, or NaN when it is not queued. */
  timeOf(slot: number): number {
    const i = this.pos[slot];
    return i < 0 ? Number.NaN : this.keys[2 * i];
  }

  /** Slot of the minimum; only valid when size > 0. */
  peekSlot(): number {
    if (this.hole) this.settle();
    return this.slots[0];
  }

  /** Queues a slot that is not queued yet. */
  push(slot: number, time: number, order: number): void {
    if (this.hole) {
      this.hole = false;
      this.size++;
      this.siftDown(0, slot, time, order);
      return;
    }
    if (this.size === this.slots.length) this.grow();
    this.siftUp(this.size++, slot, time, order);
  }

  /**
   * Removes and returns the minimum slot like `pop`, but leaves its place empty until the next
   * operation: a `push` fills it directly. Only valid when size > 0.
   */
  take(): number {
    if (this.hole) this.settle();
    const top = this.slots[0];
    this.pos[top] = -1;
    this.size--;
    this.hole = true;
    return top;
  }

  /** Fills the hole at the root with the last entry, as `pop` does. */
  private settle(): void {
    this.hole = false;
    const last = this.size;
    if (last > 0) this.siftDown(0, this.slots[last], this.keys[2 * last], this.keys[2 * last + 1]);
  }

  /** Removes and returns the minimum slot. */
  pop(): number {
    if (this.hole) this.settle();
    const top = this.slots[0];
    this.pos[top] = -1;
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.slots[last], this.keys[2 * last], this.keys[2 * last + 1]);
    return top;
  }

  /** Removes a queued slot from wherever it sits. */
  remove(slot: number): void {
    if (this.hole) this.settle();
    const i = this.pos[slot];
    this.pos[slot] = -1;
    const last = --this.size;
    if (i === last) return;
    this.restore(i, this.slots[last], this.keys[2 * last], this.keys[2 * last + 1]);
  }

  /** Changes the key of a queued slot and restores heap order. */
  update(slot: number, time: number, order: number): void {
    if (this.hole) this.settle();
    this.restore(this.pos[slot], slot, time, order);
  }

  /** Puts (slot, t, o) into the hole at `i`, sifting whichever way the key needs. */
  private restore(i: number, slot: number, t: number, o: number): void {
    if (i > 0) {
      const p = (i - 1) >> 1;
      const tp = this.keys[2 * p];
      if (t < tp || (t === tp && o < this.keys[2 * p + 1])) {
        this.siftUp(i, slot, t, o);
        return;
      }
    }
    this.siftDown(i, slot, t, o);
  }

  /** Moves the hole at `i` up past every parent greater than (t, o), then fills it. */
  private siftUp(i: number, slot: number, t: number, o: number): void {
    const { keys, slots, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = keys[2 * p];
      if (tp < t) break;
      const op = keys[2 * p + 1];
      if (tp === t && op < o) break;
      const sp = slots[p];
      slots[i] = sp;
      keys[2 * i] = tp;
      keys[2 * i + 1] = op;
      pos[sp] = i;
      i = p;
    }
    slots[i] = slot;
    keys[2 * i] = t;
    keys[2 * i + 1] = o;
    pos[slot] = i;
  }

  /** Moves the hole at `i` down past every smaller child, then fills it with (slot, t, o). */
  private siftDown(i: number, slot: number, t: number, o: number): void {
    const { keys, slots, pos } = this;
    const n = this.size;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = keys[2 * c];
      let oc = keys[2 * c + 1];
      if (c + 1 < n) {
        const tr = keys[2 * c + 2];
        if (tr < tc) {
          c++;
          tc = tr;
          oc = keys[2 * c + 1];
        } else if (tr === tc) {
          const or = keys[2 * c + 3];
          if (or < oc) {
            c++;
            oc = or;
          }
        }
      }
      if (t < tc || (t === tc && o < oc)) break;
      const sc = slots[c];
      slots[i] = sc;
      keys[2 * i] = tc;
      keys[2 * i + 1] = oc;
      pos[sc] = i;
      i = c;
    }
    slots[i] = slot;
    keys[2 * i] = t;
    keys[2 * i + 1] = o;
    pos[slot] = i;
  }

  private grow(): void {
    const n = this.slots.length * 2;
    const keys = new Float64Array(2 * n);
    keys.set(this.keys);
    const slots = new Int32Array(n);
    slots.set(this.slots);
    this.keys = keys;
    this.slots = slots;
  }
}
