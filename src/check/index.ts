/**
 * `kubeblast run --check` and the tests: every invariant checker of src/check wired into a World
 * from outside the code it checks (observers, store listeners, the lease and member state), plus
 * the checks on the finished run's outputs. Violations are collected, never thrown, so a run
 * shows them all.
 */
import type { RunResult } from '../world/result.js';
import type { World } from '../world/world.js';
import { watchCluster } from './cluster.js';
import { EtcdSafety } from './etcd.js';
import { allowedOverlapUs, leaseOverlaps } from './leases.js';
import { checkOutputs } from './outputs.js';

/** The checkers attached to one world. */
export class Checks {
  /** Every violation, with the simulated time where known. */
  readonly violations: string[] = [];

  constructor(private readonly world: World) {
    const report = (what: string): void => {
      this.violations.push(`t=${world.ctx.sim.now / 1e6}s: ${what}`);
    };
    const cp = world.controlPlane;
    if (cp) {
      const etcd = new EtcdSafety(cp.etcd.members, report);
      cp.etcd.observe({ elected: (m, term) => etcd.elected(m, term), committed: (index, term) => etcd.committed(index, term) });
    }
    watchCluster(world, report);
  }

  /** Adds the lease overlaps and the output checks of the finished run; returns every violation. */
  finish(result: RunResult): string[] {
    const cp = this.world.controlPlane;
    if (cp) {
      const allow = allowedOverlapUs(this.world.scenario.leaderElection);
      for (const lease of [cp.controllerManager, cp.scheduler]) {
        this.violations.push(...leaseOverlaps(lease.object, lease.history, allow, this.world.ctx.sim.now));
      }
    }
    this.violations.push(...checkOutputs(result));
    return this.violations;
  }
}

/** Attaches every checker to `world` (before it runs). */
export function attachChecks(world: World): Checks {
  return new Checks(world);
}
