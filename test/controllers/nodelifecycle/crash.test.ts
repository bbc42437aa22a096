/**
 * A node dies silently (reference/ground-truth.md §3): its pods stop serving at once; the node
 * lifecycle controller marks it Unknown and its pods NotReady once the grace period has passed since
 * the last renewal it saw (±1 monitor period), taints it unreachable:NoExecute, and 300 s later
 * taint eviction deletes the pods, which stay Terminating while the node is down.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/kernel/rng.js';
import { MS, SEC } from '../../../src/kernel/time.js';
import { INFORMER_SYNC_POLL_US } from '../../../src/controllers/manager.js';
import { addPods, buildWorld, crash, runTo, start, trace, truthLog } from '../../kubelet/harness.js';

const SEEDS = 40;
/** Slack for the pass duration (1 ms per pass), write commits (1 ms) and reactions (1 ms). */
const DELTA = 20 * MS;

describe.each([
  ['small', '1.33', 50],
  ['small-v131', '1.31', 40],
] as const)('node crash timeline (%s, Kubernetes %s, grace %i s)', (fixtureName, _version, graceS) => {
  it(`over ${SEEDS} seeds`, () => {
    const sinceRenewal: number[] = [];
    const sinceCrash: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const msg = `seed ${seed}`;
      const w = buildWorld(fixtureName, seed);
      const nodes = w.scenario.topology.nodes.map((n) => n.id);
      const pods = addPods(w, 'web', nodes, 2);
      const truth = truthLog(w);
      const t = trace(w);
      const draw = new Rng(`crash-test-${seed}`);
      const host = draw.int(nodes.length);
      const crashUs = 100 * SEC + Math.floor(draw.uniform(0, 30 * SEC));
      let lastRenewal = 0;
      start(w);
      w.sim.at(crashUs, 'test crash', () => {
        crash(w, host);
        lastRenewal = w.kubelets.lastRenewal(host, crashUs);
      }, 5);
      runTo(w, crashUs / SEC + 500);
      const victims = pods.filter((p) => p.node === host);
      expect(victims.length, msg).toBe(2);
      expect(crashUs - lastRenewal, msg).toBeLessThanOrEqual(10 * SEC);
      for (const p of victims) expect(truth.get(p.uid)!.at(-1), msg).toEqual([crashUs, false]);
      // Reported NotReady: grace after the last renewal, to within one monitor period.
      const reported = t.reportedFalse.get(victims[0].uid)!;
      expect(t.reportedFalse.get(victims[1].uid), msg).toBe(reported);
      expect(reported - lastRenewal, msg).toBeGreaterThanOrEqual(graceS * SEC);
      expect(reported - lastRenewal, msg).toBeLessThanOrEqual((graceS + 5) * SEC + DELTA);
      // The last renewal was in the 10 s before the crash, so after the crash: [grace − 10 s, grace + 5 s].
      expect(reported - crashUs, msg).toBeGreaterThanOrEqual((graceS - 10) * SEC);
      expect(reported - crashUs, msg).toBeLessThanOrEqual((graceS + 5) * SEC + DELTA);
      sinceRenewal.push((reported - lastRenewal) / SEC);
      sinceCrash.push((reported - crashUs) / SEC);
      const notReady = w.ctx.events.byReason('NodeNotReady').filter((e) => e.object.startsWith('node/'));
      expect(notReady.map((e) => e.object), msg).toEqual([`node/${w.scenario.topology.nodes[host].name}`]);
      // NoExecute: entered the zone's queue at the next pass (5.001 s), tainted at the next 100 ms tick.
      const [tainted] = t.noExecute.get(host)!;
      expect(tainted - reported, msg).toBeGreaterThanOrEqual(5 * SEC);
      expect(tainted - reported, msg).toBeLessThanOrEqual(5 * SEC + 100 * MS + DELTA);
      for (const p of victims) {
        const deleting = t.deleting.get(p.uid)!;
        expect(deleting - tainted, msg).toBeGreaterThanOrEqual(300 * SEC);
        expect(deleting - tainted, msg).toBeLessThanOrEqual(300 * SEC + DELTA);
        expect(p.deletionReason, msg).toBe('TaintManagerEviction');
        expect(w.ctx.store.pods.get(p.uid), msg).toBe(p); // Terminating: the node cannot confirm
      }
      const evictions = w.ctx.events.byReason('TaintManagerEviction').map((e) => e.message);
      expect(evictions, msg).toEqual(victims.map((p) => `Marking for deletion Pod default/${p.name}`));
      // Nothing else moved.
      expect(pods.filter((p) => p.node !== host && (!p.ready || p.deletionTimestamp >= 0)), msg).toEqual([]);
    }
    // The window is covered: the probe pass falls anywhere in the 5 s after the last renewal.
    expect(Math.min(...sinceRenewal)).toBeLessThan(graceS + 1.5);
    expect(Math.max(...sinceRenewal)).toBeGreaterThan(graceS + 3.5);
    console.log(`grace ${graceS} s: NotReady ${Math.min(...sinceRenewal).toFixed(3)}–${Math.max(...sinceRenewal).toFixed(3)} s after the last renewal, `
      + `${Math.min(...sinceCrash).toFixed(3)}–${Math.max(...sinceCrash).toFixed(3)} s after the crash`);
  });
});

it('a node that is already down when the run starts is marked Unknown after the grace period', () => {
  const w = buildWorld('small', 3);
  w.network.hostDown(5, 'crash');
  const t = trace(w);
  addPods(w, 'web', [5]);
  start(w);
  w.ctx.hosts.down(5);
  runTo(w, 120);
  const [e] = w.ctx.events.byReason('NodeNotReady');
  // The first pass (once the informers synced: one 100 ms poll) saw the lease for the first time:
  // probeTimestamp then, Unknown 10 passes later.
  expect(e.time).toBe(INFORMER_SYNC_POLL_US + 10 * (5 * SEC + 1 * MS));
  expect(t.noExecute.get(5)!.length).toBe(1);
});
