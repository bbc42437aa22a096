/**
 * A fault that ends while the API is down (design.md §3: each fault with `at` and `for`): a node
 * drained for 100 s whose uncordon falls in an etcd quorum loss is uncordoned as soon as the API
 * accepts writes again — the operator re-runs the refused `kubectl uncordon` every 5 s — and every
 * refused operator request (the uncordon, a `kubectl scale`) is in events.csv as
 * `FaultActionFailed`. Found by the invariant runs: the uncordon used to be lost, leaving the node
 * cordoned for good.
 */
import { describe, expect, it } from 'vitest';
import { placementAt, runE2E, scenarioWith } from './helpers.js';

const SEEDS = [1, 2, 3];

describe('a drain whose end falls in an API outage', () => {
  it.each(SEEDS)('is ended (uncordon) once the API is back; refused requests are recorded (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const node = placementAt(scenarioWith('crash', {}), seed, 60).get('deployment/default/web')![0].node;
    const r = runE2E(scenarioWith('crash', {
      faults: [
        { at: '100s', drain: node, for: '100s' },
        { at: '150s', 'etcd-member-crash': 'cp-1', for: '120s' },
        { at: '150s', 'etcd-member-crash': 'cp-2', for: '120s' },
        { at: '220s', scale: { workload: 'deployment/web', replicas: 4 } },
      ],
    }), { seed });
    const failed = r.events.filter((e) => e.reason === 'FaultActionFailed');
    const uncordons = failed.filter((e) => e.object === `node/${node}`);
    expect(uncordons.length, msg).toBeGreaterThanOrEqual(2);
    for (const e of uncordons) {
      expect(e.message, msg).toContain('will retry after 5s');
      expect(e.t, msg).toBeGreaterThanOrEqual(200);
      expect(e.t, msg).toBeLessThan(270 + 7);
    }
    expect(failed.filter((e) => e.object === 'deployment/default/web').length, msg).toBe(1);
    const schedulable = r.events.filter((e) => e.reason === 'NodeSchedulable' && e.object === `node/${node}`);
    expect(schedulable.length, msg).toBe(1);
    expect(schedulable[0].t, msg).toBeGreaterThan(270);
    expect(schedulable[0].t - 270, `${msg}: uncordoned ${schedulable[0].t - 270} s after quorum returned`).toBeLessThan(5 + 7 + 2);
    const n = r.world.ctx.store.nodes.find((x) => x.name === node)!;
    expect(n.unschedulable, msg).toBe(false);
    expect(n.taints, msg).toEqual([]);
    // The scale was refused, not deferred.
    expect(r.avail.at('deployment/default/web', 1200).desired, msg).toBe(3);
  });
});
