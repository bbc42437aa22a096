/**
 * Pods created with a spec.nodeName that names no Node (pkg/controller/podgc/gc_controller.go
 * gcOrphaned): upstream such a pod is stored bound to the missing name and never runs; pod GC puts
 * the name in quarantine (`quarantineTime` 40 s) at its next 20 s pass and then force-deletes the pod.
 * A bare Pod is then gone; a ReplicaSet's pod is replaced by another that meets the same fate.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN, SEC } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { World } from '../../src/world/world.js';

const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/nodename-missing.yaml', import.meta.url)));

describe('pod GC of pods bound to a node name that does not exist (seed 3)', () => {
  const world = new World(s, { boot: 'none' });
  const lifetimes: Array<{ key: string; s: number }> = [];
  world.ctx.store.onPod((pod, change) => {
    if (change === 'removed') lifetimes.push({ key: pod.key, s: (world.ctx.sim.now - pod.createdAt) / SEC });
  });
  world.run(5 * MIN);

  it('never runs them, and deletes each 40 to 60 s after it appeared (quarantine on the 20 s pass grid), plus write latency', () => {
    expect(lifetimes.length, 'seed 3').toBeGreaterThan(0);
    for (const l of lifetimes) {
      expect(l.s, `seed 3: ${l.key} lived ${l.s} s`).toBeGreaterThanOrEqual(40);
      expect(l.s, `seed 3: ${l.key} lived ${l.s} s`).toBeLessThan(60 + 20 + 1);
    }
    expect(world.ctx.events.rows.filter((e) => e.reason === 'Started' || e.reason === 'Scheduled'), 'seed 3: nothing started or scheduled').toEqual([]);
  });

  it('the bare Pod is gone for good; the Deployment keeps creating one that is deleted in turn', () => {
    const keys = [...world.ctx.store.pods.values()].map((p) => p.key);
    expect(keys.some((k) => k === 'pod/default/ghost'), 'seed 3').toBe(false);
    expect(lifetimes.filter((l) => l.key === 'pod/default/ghost'), 'seed 3').toHaveLength(1);
    // In 5 minutes a stray pod lives 40–80 s each time: at least 3 are created and deleted.
    expect(lifetimes.filter((l) => l.key.startsWith('pod/default/stray-')).length, 'seed 3').toBeGreaterThanOrEqual(3);
  });
});
