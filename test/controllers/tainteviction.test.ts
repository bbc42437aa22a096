/**
 * Taint eviction on taints set by hand (`kubectl taint`), on healthy nodes: a key the node
 * lifecycle controller does not manage, so only the taint manager reacts.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import { MS, SEC } from '../../src/kernel/time.js';
import { INFORMER_SYNC_POLL_US } from '../../src/controllers/manager.js';
import type { Toleration } from '../../src/manifests/types.js';
import type { HostId, Taint } from '../../src/topology/types.js';
import { addPods, at, buildWorld, runTo, start, trace, type TestWorld } from '../kubelet/harness.js';

const MAINTENANCE: Taint = { key: 'example.com/maintenance', effect: 'NoExecute' };
const DRAINING: Taint = { key: 'example.com/draining', effect: 'NoExecute' };

/** Tolerates `taint` for `seconds` (undefined: forever). */
function tol(taint: Taint, seconds?: number): Toleration {
  return seconds === undefined ? { key: taint.key, operator: 'Exists', effect: 'NoExecute' } : { key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds };
}

/** Someone sets a node's taints; the write commits 1 ms later. */
function setTaints(w: TestWorld, host: HostId, taints: Taint[]): void {
  const node = w.ctx.store.nodes[host];
  w.ctx.writePath.submit(w.scenario.topology.controlPlane[0].id, 'client-apiserver', 'taint', () => w.ctx.store.setNodeTaints(node, taints));
}

/** A pod with its own tolerations. */
function podWith(w: TestWorld, host: HostId, tolerations: Toleration[]): PodObj {
  const [p] = addPods(w, 'web', [host]);
  p.tolerations = tolerations;
  return p;
}

function messages(w: TestWorld, pod: PodObj): Array<[number, string]> {
  return w.ctx.events.rows.filter((e) => e.reason === 'TaintManagerEviction' && e.object === pod.key).map((e) => [e.time, e.message]);
}

describe('taint eviction', () => {
  it('deletes at processing time + the shortest tolerationSeconds; untolerated or ≤ 0 at once; forever never', () => {
    const w = buildWorld('small', 1);
    const p300 = podWith(w, 0, [tol(MAINTENANCE, 300)]);
    const p30 = podWith(w, 0, [tol(MAINTENANCE, 600), { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]); // min(600, 30)
    const forever = podWith(w, 0, [tol(MAINTENANCE)]);
    const zero = podWith(w, 0, [tol(MAINTENANCE, 0)]);
    const [untolerated] = addPods(w, 'web', [0]); // only the default not-ready/unreachable tolerations
    const t = trace(w);
    start(w);
    at(w, 100, () => setTaints(w, 0, [MAINTENANCE]));
    runTo(w, 1000);
    // The taint commits at 100.001 s and is processed 1 ms later; each DELETE commits 1 ms after firing.
    const processed = 100 * SEC + 2 * MS;
    expect(t.deleting.get(untolerated.uid)).toBe(processed + 1 * MS);
    expect(t.deleting.get(zero.uid)).toBe(processed + 1 * MS);
    expect(t.deleting.get(p30.uid)).toBe(processed + 30 * SEC + 1 * MS);
    expect(t.deleting.get(p300.uid)).toBe(processed + 300 * SEC + 1 * MS);
    expect(t.deleting.has(forever.uid)).toBe(false);
    expect(p300.deletionReason).toBe('TaintManagerEviction');
    expect(messages(w, p300)).toEqual([[processed + 300 * SEC, `Marking for deletion Pod default/${p300.name}`]]);
    // The node is healthy: its kubelet confirms, the pods go, nothing stays pending.
    expect(w.ctx.store.pods.has(p300.uid)).toBe(false);
    expect(w.taintEviction.pendingCount).toBe(0);
  });

  it('removing the taint cancels pending deletions', () => {
    const w = buildWorld('small', 1);
    const p300 = podWith(w, 1, [tol(MAINTENANCE, 300)]);
    const p30 = podWith(w, 1, [tol(MAINTENANCE, 30)]);
    const t = trace(w);
    start(w);
    at(w, 100, () => setTaints(w, 1, [MAINTENANCE]));
    at(w, 200, () => setTaints(w, 1, []));
    runTo(w, 1000);
    expect(t.deleting.has(p30.uid)).toBe(true); // its 30 s ran out before the removal
    expect(t.deleting.has(p300.uid)).toBe(false);
    expect(messages(w, p300)).toEqual([[200 * SEC + 2 * MS, `Cancelling deletion of Pod default/${p300.name}`]]);
  });

  it('a deletion already scheduled keeps its time; a taint that is not tolerated deletes at once', () => {
    const w = buildWorld('small', 1);
    const both = podWith(w, 2, [tol(MAINTENANCE, 300), tol(DRAINING, 300)]);
    const one = podWith(w, 2, [tol(MAINTENANCE, 300)]);
    const t = trace(w);
    start(w);
    at(w, 100, () => setTaints(w, 2, [MAINTENANCE]));
    at(w, 150, () => setTaints(w, 2, [MAINTENANCE, DRAINING]));
    runTo(w, 1000);
    expect(t.deleting.get(both.uid)).toBe(400 * SEC + 3 * MS); // still 300 s from 100.002 s, not from 150 s
    expect(t.deleting.get(one.uid)).toBe(150 * SEC + 3 * MS);
  });

  it('a pod bound to an already tainted node is scheduled from its binding', () => {
    const w = buildWorld('small', 1);
    const t = trace(w);
    start(w);
    at(w, 100, () => setTaints(w, 3, [MAINTENANCE]));
    let late!: PodObj;
    at(w, 400, () => (late = podWith(w, 3, [tol(MAINTENANCE, 30)])));
    runTo(w, 1000);
    expect(t.deleting.get(late.uid)).toBe(400 * SEC + 1 * MS + 30 * SEC + 1 * MS);
  });

  it('acts only in the acting controller-manager; a new leader restarts the clocks', () => {
    const w = buildWorld('small', 1);
    const pod = podWith(w, 5, [tol(MAINTENANCE, 300)]);
    const cp2 = w.scenario.topology.controlPlane[1].id;
    const t = trace(w);
    start(w);
    at(w, 100, () => setTaints(w, 5, [MAINTENANCE]));
    at(w, 300, () => w.kcmLease.set(-1));
    at(w, 350, () => w.kcmLease.set(cp2));
    runTo(w, 1000);
    // Not at 400.003 s (the first leader's timer died with it) but 300 s after the new one processed
    // the node, once its informers synced (one 100 ms poll for this small world).
    expect(t.deleting.get(pod.uid)).toBe(350 * SEC + INFORMER_SYNC_POLL_US + 1 * MS + 300 * SEC + 1 * MS);
  });
});
