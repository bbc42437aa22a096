/**
 * A rollout whose new pods are deleted while their image is still being pulled (an immediate
 * scale to 0), then a scale back up that puts pods of that image on the same nodes: the run goes
 * on and converges. Found by the invariant runs: the abandoned pull stayed booked as "in progress"
 * with an end in the past, and the next pod of that image stopped the whole run ("cannot schedule
 * kubelet image pulled … before now").
 */
import { describe, expect, it } from 'vitest';
import { runE2E, scenarioWith } from './helpers.js';

const SEEDS = [1, 2, 3, 4, 5];

describe('an image pull whose pods are all deleted before it ends', () => {
  it.each(SEEDS)('leaves the image on the node for the next pod (seed %i)', (seed) => {
    const r = runE2E(scenarioWith('crash', {
      faults: [
        { at: '100s', rollout: { workload: 'deployment/web', image: 'example/web:2' } },
        { at: '101s', scale: { workload: 'deployment/web', replicas: 0 } },
        { at: '200s', scale: { workload: 'deployment/web', replicas: 6 } },
      ],
    }), { seed });
    // The new pods were deleted mid-pull (no container of image web:2 started before 200 s)…
    expect(r.events.filter((e) => e.reason === 'Started' && e.t > 100 && e.t < 200), `seed ${seed}`).toEqual([]);
    // …and six of them run after the scale-up.
    expect(r.avail.at('deployment/default/web', 1200), `seed ${seed}`).toMatchObject({ desired: 6, ready: 6, reported: 6 });
    expect(r.avail.at('service/default/web', 1200), `seed ${seed}`).toMatchObject({ endpoints: 6, serving: 6 });
  });
});
