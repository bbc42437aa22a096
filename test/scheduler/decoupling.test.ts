/**
 * Determinism across scenarios: an extra pod that cannot change another workload's scores (it
 * lives on other nodes) leaves that workload's placements exactly as they were. With one shared
 * tie-break stream, the extra pod's ties shifted every later draw and moved most of them.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../src/kernel/time.js';
import { createPods, fixture, placement, world } from './helpers.js';

/** Placements of `web`'s 24 pods (zone z-a), with or without one `other` pod (zone z-b) scheduled first. */
function webPlacement(seed: number, extra: boolean): string[] {
  const { ctx } = world(fixture('decoupling.yaml'), { seed });
  if (extra) createPods(ctx, 'deployment/default/other', 1, 0);
  const web = createPods(ctx, 'deployment/default/web', 24, 1 * MS);
  ctx.sim.run(30 * SEC);
  return placement(ctx, web);
}

describe('an unrelated pod does not move other pods', () => {
  it('web’s placements are identical with and without one extra pod on other nodes (seeds 1…10)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const alone = webPlacement(seed, false);
      expect(alone.every((n) => n.startsWith('z-a-')), `seed ${seed}: ${alone.join(',')}`).toBe(true);
      // 24 pods over 8 equal nodes, spread by LeastAllocated: ties at nearly every cycle.
      expect(new Set(alone).size, `seed ${seed}`).toBe(8);
      expect(webPlacement(seed, true), `seed ${seed}: placements of web with one extra pod in z-b`).toEqual(alone);
    }
  });
});
