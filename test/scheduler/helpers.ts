/** Test helpers: scenarios from `test/fixtures/scenarios/scheduler/`, a world with a scheduler, pods created as controllers would. */
import { fileURLToPath } from 'node:url';
import type { PodObj } from '../../src/apiserver/objects.js';
import type { Time } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { buildContext, type ControlPlaneParts } from '../../src/world/build-context.js';
import type { WorldContext } from '../../src/world/context.js';
import type { StaticLease } from '../../src/world/ideal.js';

/** Loads a scheduler fixture scenario by file name. */
export function fixture(name: string): Scenario {
  return loadScenario(fileURLToPath(new URL(`../fixtures/scenarios/scheduler/${name}`, import.meta.url)));
}

/** A context with the ideal control plane and a scheduler; the leases start at t = 0 unless `startLeases` is false. */
export function world(scenario: Scenario, opts: { seed?: number; startLeases?: boolean } = {}): { ctx: WorldContext; scheduler: Scheduler; controlPlane: ControlPlaneParts; lease: StaticLease } {
  const { ctx, controlPlane } = buildContext(scenario, { seed: opts.seed });
  const scheduler = new Scheduler(ctx);
  if (opts.startLeases !== false) controlPlane.start();
  return { ctx, scheduler, controlPlane, lease: ctx.schedulerLease as StaticLease };
}

/**
 * Creates `n` pods of a workload at time `at`, as its controller would: a Deployment's through
 * a ReplicaSet of revision `hash` (label pod-template-hash), a StatefulSet's with ordinals.
 */
export function createPods(ctx: WorldContext, workloadKey: string, n: number, at: Time = 0, opts: { hash?: string; first?: number } = {}): PodObj[] {
  const w = ctx.scenario.manifests.workloads.find((x) => x.key === workloadKey);
  if (!w) throw new Error(`no workload ${workloadKey}`);
  const out: PodObj[] = [];
  const hash = opts.hash ?? 'h1';
  ctx.sim.at(at, `create ${workloadKey}`, () => {
    for (let i = opts.first ?? 0; i < (opts.first ?? 0) + n; i++) {
      const sts = w.kind === 'StatefulSet';
      const name = sts ? `${w.name}-${i}` : `${w.name}-${hash}-${i}`;
      const labels = sts ? { ...w.template.labels, 'statefulset.kubernetes.io/pod-name': name } : { ...w.template.labels, 'pod-template-hash': hash };
      out.push(
        ctx.store.createPod(
          {
            namespace: w.namespace,
            name,
            labels,
            template: w.template,
            tolerations: w.template.tolerations,
            owner: sts ? { kind: 'StatefulSet', key: w.key } : { kind: 'ReplicaSet', key: `replicaset/${w.namespace}/${w.name}-${hash}` },
            workloadKey: w.key,
            revision: hash,
            ordinal: sts ? i : -1,
          },
          ctx.sim.now,
        ),
      );
    }
  });
  return out;
}

/** Node name of each pod (or '' when unbound). */
export function placement(ctx: WorldContext, pods: readonly PodObj[]): string[] {
  return pods.map((p) => (p.node >= 0 ? ctx.store.nodes[p.node].name : ''));
}
