// Property checks with fast-check: random interleavings of push / remove / update / pop / take on the
// indexed heap, and of at / cancel / timer set / timer clear / run(until) on the Sim, must agree
// with a plain sorted-array model. Times are drawn from a small range so that ties are common.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlotHeap } from '../../src/kernel/heap.js';
import { Sim, type EventId, type Timer } from '../../src/kernel/sim.js';

interface Entry {
  slot: number;
  time: number;
  order: number;
}

const byKey = (a: Entry, b: Entry): number => a.time - b.time || a.order - b.order;

type HeapOp =
  | { op: 'push'; time: number; prio: number }
  | { op: 'remove'; pick: number }
  | { op: 'update'; pick: number; time: number; prio: number }
  | { op: 'pop' }
  | { op: 'take' };

const SLOTS = 40;
const time = fc.integer({ min: 0, max: 12 });
const prio = fc.integer({ min: 0, max: 3 });
const pick = fc.nat();
const heapOp: fc.Arbitrary<HeapOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('push' as const), time, prio }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('remove' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('update' as const), pick, time, prio }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('take' as const) }) }, // leaves the root empty until the next operation
);

describe('SlotHeap against a sorted-array model', () => {
  it('agrees on size, minimum, every slot\'s time and the order of pops', () => {
    fc.assert(
      fc.property(fc.array(heapOp, { maxLength: 300 }), fc.integer({ min: 1, max: 4 }), (ops, capacity) => {
        const heap = new SlotHeap(capacity); // tiny capacities exercise growth
        heap.ensureSlots(SLOTS);
        const model: Entry[] = [];
        const free = Array.from({ length: SLOTS }, (_, i) => SLOTS - 1 - i);
        let seq = 0;
        const order = (p: number): number => p * 2 ** 44 + seq++; // as the Sim builds it
        for (const o of ops) {
          if (o.op === 'push' && free.length > 0) {
            const slot = free.pop()!;
            const e = { slot, time: o.time, order: order(o.prio) };
            heap.push(slot, e.time, e.order);
            model.push(e);
          } else if (o.op === 'remove' && model.length > 0) {
            const [e] = model.splice(o.pick % model.length, 1);
            heap.remove(e.slot);
            free.push(e.slot);
          } else if (o.op === 'update' && model.length > 0) {
            const e = model[o.pick % model.length];
            e.time = o.time;
            e.order = order(o.prio);
            heap.update(e.slot, e.time, e.order);
          } else if ((o.op === 'pop' || o.op === 'take') && model.length > 0) {
            model.sort(byKey);
            const e = model.shift()!;
            if (o.op === 'pop') {
              expect(heap.peekSlot()).toBe(e.slot);
              expect(heap.peekTime()).toBe(e.time);
            }
            expect(o.op === 'pop' ? heap.pop() : heap.take()).toBe(e.slot);
            free.push(e.slot);
          }
          expect(heap.size).toBe(model.length);
          for (let s = 0; s < SLOTS; s++) {
            const e = model.find((m) => m.slot === s);
            expect(heap.timeOf(s)).toBe(e ? e.time : Number.NaN);
            expect(heap.pos[s] >= 0).toBe(e !== undefined);
          }
        }
        // Draining yields the model's order exactly.
        model.sort(byKey);
        for (const e of model) expect(heap.pop()).toBe(e.slot);
        expect(heap.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

type SimOp =
  | { op: 'at'; dt: number; prio: number }
  | { op: 'cancel'; pick: number }
  | { op: 'set'; timer: number; dt: number }
  | { op: 'clear'; timer: number }
  | { op: 'run'; dt: number };

const TIMERS = 3;
const dt = fc.integer({ min: 0, max: 6 });
const simOp: fc.Arbitrary<SimOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('at' as const), dt, prio }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), timer: fc.nat(TIMERS - 1), dt }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('clear' as const), timer: fc.nat(TIMERS - 1) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('run' as const), dt }) },
);

interface Pending {
  label: string;
  time: number;
  prio: number;
  seq: number;
}

describe('Sim against a sorted-array model', () => {
  it('runs exactly the events the model predicts, in its order, with its clock and queue length', () => {
    fc.assert(
      fc.property(fc.array(simOp, { maxLength: 200 }), (ops) => {
        const sim = new Sim();
        const log: string[] = [];
        const timers: Timer[] = Array.from({ length: TIMERS }, (_, i) => sim.timer(`T${i}`, () => log.push(`T${i}`), i));
        const ids: Array<{ id: EventId; label: string }> = []; // every handle ever issued, stale ones included
        let model: Pending[] = [];
        const expected: string[] = [];
        let now = 0;
        let seq = 0;
        for (const [n, o] of ops.entries()) {
          if (o.op === 'at') {
            const label = `e${n}`;
            ids.push({ id: sim.at(sim.now + o.dt, label, () => log.push(label), o.prio), label });
            model.push({ label, time: now + o.dt, prio: o.prio, seq: seq++ });
          } else if (o.op === 'cancel' && ids.length > 0) {
            const { id, label } = ids[o.pick % ids.length];
            const wasPending = model.some((p) => p.label === label);
            expect(sim.cancel(id)).toBe(wasPending);
            model = model.filter((p) => p.label !== label);
          } else if (o.op === 'set') {
            timers[o.timer].set(sim.now + o.dt);
            model = model.filter((p) => p.label !== `T${o.timer}`);
            model.push({ label: `T${o.timer}`, time: now + o.dt, prio: o.timer, seq: seq++ });
          } else if (o.op === 'clear') {
            timers[o.timer].clear();
            model = model.filter((p) => p.label !== `T${o.timer}`);
          } else if (o.op === 'run') {
            const until = now + o.dt;
            sim.run(until);
            model.sort((a, b) => a.time - b.time || a.prio - b.prio || a.seq - b.seq);
            while (model.length > 0 && model[0].time <= until) expected.push(model.shift()!.label);
            now = until;
          }
          expect(log).toEqual(expected);
          expect(sim.now).toBe(now);
          expect(sim.pending).toBe(model.length);
          for (let i = 0; i < TIMERS; i++) {
            const p = model.find((m) => m.label === `T${i}`);
            expect(timers[i].pending).toBe(p !== undefined);
            expect(timers[i].at).toBe(p ? p.time : Number.NaN);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
