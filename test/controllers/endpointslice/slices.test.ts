/**
 * EndpointSlice packing and write count (staging/src/k8s.io/endpointslice/reconciler.go): slices
 * of at most 100 endpoints, one API request per slice created, updated or deleted.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../../src/apiserver/objects.js';
import { EndpointSlices, planSliceWrites, type Change, type SliceWrite } from '../../../src/controllers/endpointslice/slices.js';

const SVC = 'service/default/big';
const pods: PodObj[] = Array.from({ length: 1000 }, (_, uid) => ({ uid, key: `pod/default/p${uid}` }) as unknown as PodObj);
const up = (uid: number, ready = true): Change => ({ pod: pods[uid], endpoint: { pod: pods[uid], conditions: { ready, serving: ready, terminating: false } } });
const gone = (uid: number): Change => ({ pod: pods[uid], endpoint: null });
const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** Plans a sync, commits every write, returns the writes as `op#slice:count`. */
function sync(s: EndpointSlices, changes: Change[]): string[] {
  const writes: SliceWrite[] = planSliceWrites(s.layoutOf(SVC), changes, () => s.newSlice());
  for (const w of writes) s.apply(SVC, w, () => {});
  return writes.map((w) => `${w.op}#${w.slice}:${w.changes.length}`);
}

function sizes(s: EndpointSlices): number[] {
  return [...s.layoutOf(SVC).sizes.values()];
}

describe('EndpointSlice writes', () => {
  it('packs 250 endpoints into 3 slices: 3 creates', () => {
    const s = new EndpointSlices();
    expect(sync(s, range(0, 250).map((u) => up(u)))).toEqual(['create#0:100', 'create#1:100', 'create#2:50']);
    expect(sizes(s)).toEqual([100, 100, 50]);
    expect(s.of(SVC).size).toBe(250);
  });

  it('a change touching endpoints in 2 of the 3 slices costs 2 writes', () => {
    const s = new EndpointSlices();
    sync(s, range(0, 250).map((u) => up(u)));
    // Pods 10 and 20 sit in slice 0, pod 150 in slice 1: 3 endpoints, 2 slices.
    expect(sync(s, [up(10, false), up(20, false), up(150, false)])).toEqual(['update#0:2', 'update#1:1']);
    expect(s.of(SVC).get(150)!.conditions.ready).toBe(false);
    // A whole zone of 250 pods going NotReady: 3 writes, not 250 (nor 1).
    expect(sync(s, range(0, 250).map((u) => up(u, false))).length).toBe(3);
  });

  it('removes, deletes an emptied slice, and puts new endpoints in slices being updated first', () => {
    const s = new EndpointSlices();
    sync(s, range(0, 250).map((u) => up(u)));
    // Slice 2 (pods 200–249) empties: a delete. Slice 0 loses 5 and takes the 3 new ones: one update.
    expect(sync(s, [...range(200, 250).map(gone), ...range(0, 5).map(gone), ...range(300, 303).map((u) => up(u))])).toEqual(['update#0:8', 'delete#2:50']);
    expect(sizes(s)).toEqual([98, 100]);
    expect(s.of(SVC).size).toBe(198);
  });

  it('fills the fullest unchanged slice that fits what remains (getSliceToFill), else creates', () => {
    const s = new EndpointSlices();
    sync(s, range(0, 250).map((u) => up(u)));
    sync(s, range(0, 30).map(gone)); // slice 0: 70, slice 1: 100, slice 2: 50
    expect(sizes(s)).toEqual([70, 100, 50]);
    // 20 new: both 0 (room 30) and 2 (room 50) fit; the fuller one, slice 0, takes them.
    expect(sync(s, range(400, 420).map((u) => up(u)))).toEqual(['update#0:20']);
    // 60 new: no slice has room for all 60 (slice 2 has 50): a new slice.
    expect(sync(s, range(500, 560).map((u) => up(u)))).toEqual(['create#3:60']);
  });

  it('recycles a slice to delete for one to create (finalize)', () => {
    const s = new EndpointSlices();
    sync(s, range(0, 200).map((u) => up(u)));
    // Slice 1 empties while 100 new endpoints arrive: one update of slice 1, not a delete and a create.
    expect(sync(s, [...range(100, 200).map(gone), ...range(600, 700).map((u) => up(u))])).toEqual(['update#1:200']);
    expect(sizes(s)).toEqual([100, 100]);
    expect(s.layoutOf(SVC).where.get(650)).toBe(1);
  });
});
