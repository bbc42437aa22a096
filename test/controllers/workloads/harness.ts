/**
 * Test wiring for the workload controllers: a context with the ideal control plane, the output
 * objects registered (as the world does), the controllers, and the fake scheduler/kubelet.
 */
import { join } from 'node:path';
import { ControllerManager } from '../../../src/controllers/manager.js';
import { createWorkloads, type Workloads } from '../../../src/controllers/workloads.js';
import type { PodObj } from '../../../src/apiserver/objects.js';
import { loadScenario } from '../../../src/scenario/load.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { buildContext, type ControlPlaneParts } from '../../../src/world/build-context.js';
import type { WorldContext } from '../../../src/world/context.js';
import { FakeDataPlane, type FakeDataPlaneOptions } from '../../helpers/fake-data-plane.js';

const cache = new Map<string, Scenario>();

/** A fixture scenario of test/fixtures/scenarios/workloads, loaded once. */
export function fixture(name: string): Scenario {
  let s = cache.get(name);
  if (!s) {
    s = loadScenario(join(import.meta.dirname, '../../fixtures/scenarios/workloads', `${name}.yaml`));
    cache.set(name, s);
  }
  return s;
}

/** One wired run. */
export interface Rig {
  ctx: WorldContext;
  kcm: ControllerManager;
  w: Workloads;
  dp: FakeDataPlane;
  controlPlane: ControlPlaneParts;
  /** The client host operations are issued from (the first control-plane host). */
  client: number;
}

/** Builds a run of `scenario` with `seed`; the controller-manager starts acting at t = 0. */
export function rig(scenario: Scenario, seed: number, opts: FakeDataPlaneOptions & { start?: boolean } = {}): Rig {
  const { ctx, controlPlane } = buildContext(scenario, { seed });
  for (const w of scenario.manifests.workloads) ctx.metrics.register(w.key, false, w.replicas);
  for (const s of scenario.manifests.services) ctx.metrics.register(s.key, true, 0);
  const kcm = new ControllerManager(ctx);
  const w = createWorkloads(ctx, kcm);
  const dp = new FakeDataPlane(ctx, opts);
  if (opts.start !== false) controlPlane.start();
  return { ctx, kcm, w, dp, controlPlane, client: scenario.topology.controlPlane[0]?.id ?? 0 };
}

/** Live pods whose output object is `key`. */
export function podsOf(ctx: WorldContext, key: string): PodObj[] {
  return [...ctx.store.pods.values()].filter((p) => p.workloadKey === key);
}

/** Runs the simulation until `until` or until `done()` holds, checked after each event batch of 1 s. */
export function runUntil(ctx: WorldContext, done: () => boolean, limitUs: number, stepUs = 1_000_000): boolean {
  while (ctx.sim.now < limitUs) {
    if (done()) return true;
    ctx.sim.run(Math.min(limitUs, ctx.sim.now + stepUs));
  }
  return done();
}
