/**
 * A fault that ends while the API is down (design.md §3: each fault with `at` and `for`): a node
 * drained for 100 s whose uncordon falls in a 120 s etcd quorum loss is uncordoned as soon as the
 * API accepts writes again. kubectl's requests (the uncordon, a `kubectl scale`) are retried by
 * client-go through the API load balancer (504 + Retry-After 2 s, 10 retries ≈ 97 s) and outlast the
 * rest of the outage: both commit once quorum is back, none is refused (`FaultActionFailed`).
 * Found by the invariant runs: the uncordon used to be lost, leaving the node cordoned for good.
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
    expect(r.events.filter((e) => e.reason === 'FaultActionFailed'), msg).toEqual([]);
    const schedulable = r.events.filter((e) => e.reason === 'NodeSchedulable' && e.object === `node/${node}`);
    expect(schedulable.length, msg).toBe(1);
    expect(schedulable[0].t, msg).toBeGreaterThan(270);
    expect(schedulable[0].t - 270, `${msg}: uncordoned ${schedulable[0].t - 270} s after quorum returned`).toBeLessThan(5 + 7 + 2);
    const n = r.world.ctx.store.nodes.find((x) => x.name === node)!;
    expect(n.unschedulable, msg).toBe(false);
    expect(n.taints, msg).toEqual([]);
    // The scale was deferred, not refused: it committed after the outage.
    expect(r.avail.at('deployment/default/web', 265).desired, msg).toBe(3);
    expect(r.avail.at('deployment/default/web', 1200).desired, msg).toBe(4);
  });
});
