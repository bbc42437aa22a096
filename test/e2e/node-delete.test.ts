/**
 * A StatefulSet pod on a node that never comes back (kubernetes.md §11): without help it stays
 * Terminating forever and no replacement is made (test/e2e/statefulset.test.ts for a node that
 * returns). Deleting the Node object lets pod GC force-delete its pods once the 40 s quarantine
 * is over (pkg/controller/podgc/gc_controller.go `gcOrphaned`, passes every 20 s: 40–60 s after
 * the delete); the out-of-service taint lets taint eviction delete them and pod GC force-delete
 * them at its next pass (`gcTerminating`, ≤ 20 s). Either way the StatefulSet then creates db-1
 * again, on another node — and not before the operator acts.
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { GC_CHECK_PERIOD_US, QUARANTINE_US } from '../../src/controllers/podgc/controller.js';
import { placementAt, runE2E, scenarioWith } from './helpers.js';

const SEEDS = [1, 2, 3, 4];
const CRASH_S = 120;
const ACT_S = 900;
const DB = 'statefulset/default/db';
/** Room for the API writes and the StatefulSet's reaction after a deletion (a few round trips). */
const SLACK_S = 2;

/** Runs `sts` with db-1's node crashed (for good, or for `downS`) and `act` (if any) at ACT_S; returns db-1's creations after the crash (run seconds, node). */
function run(seed: number, act: string | null, set: Array<[Array<string | number>, unknown]> = [], downS?: number) {
  const where = placementAt(scenarioWith('sts', {}), seed, 60);
  const node = where.get(DB)!.find((p) => p.pod === 'db-1')!.node;
  const faults: unknown[] = [{ at: `${CRASH_S}s`, 'node-crash': node, ...(downS ? { for: `${downS}s` } : {}) }];
  if (act) faults.push({ at: `${ACT_S}s`, [act]: node });
  const created: Array<{ t: number; pod: string }> = [];
  const r = runE2E(scenarioWith('sts', { faults, set }), { seed }, (w) => {
    w.ctx.store.onPod((p, change) => {
      const t = (w.ctx.sim.now - w.originUs) / SEC;
      if (p.owner?.key === DB && p.name === 'db-1' && change === 'bound' && t > CRASH_S) created.push({ t, pod: w.ctx.store.nodes[p.node].name });
    });
  });
  return { node, created, r };
}

describe('on a cloud, the node lifecycle controller deletes the Node of an instance gone', () => {
  const GONE_S = 300;
  const cloud: Array<[Array<string | number>, unknown]> = [[['cloudProvider'], { instanceGoneAfter: `${GONE_S}s` }]];

  it.each(SEEDS)('at its first 5 s pass after instanceGoneAfter; db-1 comes back after pod GC (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const { node, created, r } = run(seed, null, cloud);
    const deleting = r.events.filter((e) => e.reason === 'DeletingNode');
    expect(deleting.map((e) => e.object), msg).toEqual([`node/${node}`]);
    expect(deleting[0].t - (CRASH_S + GONE_S), msg).toBeGreaterThanOrEqual(0);
    expect(deleting[0].t - (CRASH_S + GONE_S), msg).toBeLessThan(5);
    expect(created.length, msg).toBe(1);
    expect(created[0].t - deleting[0].t, msg).toBeGreaterThanOrEqual(QUARANTINE_US / SEC);
    expect(created[0].t - deleting[0].t, msg).toBeLessThan((QUARANTINE_US + GC_CHECK_PERIOD_US) / SEC + SLACK_S);
  });

  it.each(SEEDS)('not for a node back before instanceGoneAfter, whose kubelet keeps its Node (seed %i)', (seed) => {
    const { created, r } = run(seed, null, cloud, GONE_S - 60);
    expect(r.events.filter((e) => e.reason === 'DeletingNode'), `seed ${seed}`).toEqual([]);
    expect(created, `seed ${seed}`).toEqual([]);
  });
});

describe('a StatefulSet pod on a node that never returns', () => {
  it.each(SEEDS)('is not replaced without node-delete or out-of-service (seed %i)', (seed) => {
    const { created, r } = run(seed, null);
    expect(created, `seed ${seed}`).toEqual([]);
    expect(r.avail.at(DB, 30 * 60).ready, `seed ${seed}`).toBe(2);
  });

  it.each(SEEDS)('comes back on another node 40–60 s after node-delete (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const { node, created, r } = run(seed, 'node-delete');
    expect(created.length, msg).toBe(1);
    expect(created[0].pod, msg).not.toBe(node);
    const after = created[0].t - ACT_S;
    expect(after, msg).toBeGreaterThanOrEqual(QUARANTINE_US / SEC);
    expect(after, msg).toBeLessThan((QUARANTINE_US + GC_CHECK_PERIOD_US) / SEC + SLACK_S);
    expect(r.avail.at(DB, 30 * 60).ready, msg).toBe(3);
    expect(r.events.filter((e) => e.reason === 'FaultActionFailed'), msg).toEqual([]);
  });

  it.each(SEEDS)('comes back on another node within a pod GC period of the out-of-service taint (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const { node, created, r } = run(seed, 'out-of-service');
    expect(created.length, msg).toBe(1);
    expect(created[0].pod, msg).not.toBe(node);
    const after = created[0].t - ACT_S;
    expect(after, msg).toBeGreaterThan(0);
    expect(after, msg).toBeLessThan(GC_CHECK_PERIOD_US / SEC + SLACK_S);
    expect(r.avail.at(DB, 30 * 60).ready, msg).toBe(3);
  });
});

/**
 * A deleted Node leaves the node lifecycle controller's view (node_lifecycle_controller.go
 * monitorNodeHealth lists the nodes that exist; classifyNodes drops the deleted ones from the
 * zone's counts). Zone r1-a has 4 nodes: two crash and are deleted, then a third crashes. Counted
 * as they were, the zone would have 3 of 4 nodes not ready — PartialDisruption, and in a cluster
 * of at most 50 nodes an eviction rate of 0, so the third node would never get its NoExecute
 * taint. Counted as upstream, the zone has 2 nodes, 1 not ready: Normal, and the taint comes.
 */
describe('a deleted Node no longer counts in its zone', () => {
  const UNREACHABLE = 'node.kubernetes.io/unreachable';
  const zoneOf4: Array<[Array<string | number>, unknown]> = [[['topology', 'regions', 0, 'zones', 0, 'nodesPerRack'], 4]];
  const THIRD_S = 200;

  it.each(SEEDS)('the third crashed node of the zone is tainted NoExecute after its grace (seed %i)', (seed) => {
    const faults = [
      { at: '60s', 'node-crash': 'r1-a-r1-n1' },
      { at: '60s', 'node-crash': 'r1-a-r1-n2' },
      { at: '120s', 'node-delete': 'r1-a-r1-n1' },
      { at: '120s', 'node-delete': 'r1-a-r1-n2' },
      { at: `${THIRD_S}s`, 'node-crash': 'r1-a-r1-n3' },
    ];
    const tainted: number[] = [];
    runE2E(scenarioWith('sts', { faults, set: zoneOf4, duration: '10m' }), { seed }, (w) => {
      w.ctx.store.onNode((n, change) => {
        const t = (w.ctx.sim.now - w.originUs) / SEC;
        if (change === 'taints' && n.name === 'r1-a-r1-n3' && n.taints.some((x) => x.key === UNREACHABLE && x.effect === 'NoExecute')) tainted.push(t);
      });
    });
    const msg = `seed ${seed}`;
    expect(tainted.length, msg).toBeGreaterThan(0);
    // After the grace period (node-monitor-grace-period: 40 s, 50 s from 1.32) and within a few passes of it.
    expect(tainted[0] - THIRD_S, msg).toBeGreaterThanOrEqual(40);
    expect(tainted[0] - THIRD_S, msg).toBeLessThan(50 + 30);
  });
});
