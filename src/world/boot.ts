/**
 * The boot phase of a run. A scenario describes a cluster that is already running: its
 * manifests were applied long ago and its control plane has leaders. The simulator starts from
 * nothing, so the world first runs the cluster until it has converged — every workload has its
 * desired replicas truly ready, every Service serves them, etcd and both leases have leaders —
 * and that instant becomes the run's t = 0, where faults and measurements start.
 *
 * A cluster that cannot converge (a pod that fits nowhere) ends its boot once nothing has
 * changed for `stableUs`; the objects still below their desired count are named in a
 * `BootIncomplete` warning, and they are measured (below their objective) from t = 0.
 */
import { MIN, SEC, HOUR, type Time } from '../kernel/time.js';
import { DESIRED, ENDPOINTS, READY, SERVING } from '../metrics/availability.js';
import type { WorldContext } from './context.js';

/** How the boot phase steps and when it gives up waiting for convergence. */
export interface BootOptions {
  /** How often convergence is checked (simulated time; checks cost no events). */
  stepUs: Time;
  /** Boot ends, incomplete, after this long with no change of any object's figures. */
  stableUs: Time;
  /** Boot ends, incomplete, after this long in any case. */
  capUs: Time;
}

/** Defaults: check every second, give up after 10 quiet minutes or a simulated day. */
export const BOOT_DEFAULTS: BootOptions = { stepUs: 1 * SEC, stableUs: 10 * MIN, capUs: 24 * HOUR };

/** What the boot phase ended with. */
export interface BootResult {
  /** Kernel time of the run's t = 0. */
  originUs: Time;
  /** Objects below their desired count at t = 0 (empty when the cluster converged). */
  below: string[];
  /** Whether the controller-manager and scheduler had leaders at t = 0. */
  leaders: boolean;
}

/** Announces the run's start: `RunStarted`, or `BootIncomplete` naming what did not converge. */
export function announceStart(ctx: WorldContext, boot: BootResult): void {
  const bootS = (boot.originUs / SEC).toFixed(3);
  if (boot.below.length === 0 && boot.leaders) {
    ctx.events.add(boot.originUs, 'Normal', 'RunStarted', 'cluster', `converged after ${bootS}s of boot; faults and measurements start`);
    return;
  }
  const why = boot.leaders
    ? `${boot.below.length} object(s) below their desired count: ${boot.below.slice(0, 10).join(', ')}${boot.below.length > 10 ? ', …' : ''}`
    : 'no controller-manager or scheduler leader';
  ctx.events.add(boot.originUs, 'Warning', 'BootIncomplete', 'cluster', `boot ended after ${bootS}s without converging: ${why}; faults and measurements start`);
}

/** The objects not yet at their desired count (empty: converged). */
export function unconverged(ctx: WorldContext): string[] {
  const below: string[] = [];
  const daemonSets = daemonSetKeys(ctx);
  for (const s of ctx.metrics.all()) if (!atDesired(ctx, s.key, s.isService, daemonSets)) below.push(s.key);
  return below;
}

function daemonSetKeys(ctx: WorldContext): Set<string> {
  return new Set(ctx.scenario.manifests.workloads.filter((w) => w.kind === 'DaemonSet').map((w) => w.key));
}

/** Whether one output object is at its desired count. */
function atDesired(ctx: WorldContext, key: string, isService: boolean, daemonSets: ReadonlySet<string>): boolean {
  const m = ctx.metrics;
  const desired = m.value(key, DESIRED);
  return isService
    ? m.value(key, SERVING) >= desired && m.value(key, ENDPOINTS) >= desired
    : m.value(key, READY) >= desired && (!daemonSets.has(key) || m.desiredKnown(key));
}

/** Runs the kernel until the cluster has converged (or stopped changing); returns the origin. */
export function bootUntilConverged(ctx: WorldContext, opts: BootOptions = BOOT_DEFAULTS): BootResult {
  const { sim, metrics } = ctx;
  const leaders = () => ctx.controllerManagerLease.leaderHost() >= 0 && ctx.schedulerLease.leaderHost() >= 0;
  const daemonSets = daemonSetKeys(ctx);
  // Checked every simulated second of a boot that lasts hours at scale: stop at the first object
  // below its count, and list them all only when the boot ends.
  const converged = (): boolean => metrics.all().every((s) => atDesired(ctx, s.key, s.isService, daemonSets));
  let rows = metrics.rowCount;
  let quietSince = sim.now;
  for (;;) {
    sim.run(sim.now + opts.stepUs);
    if (metrics.rowCount !== rows) {
      rows = metrics.rowCount;
      quietSince = sim.now;
    }
    const done = converged() && leaders();
    if (done || sim.now - quietSince >= opts.stableUs || sim.now >= opts.capUs) return { originUs: sim.now, below: unconverged(ctx), leaders: leaders() };
  }
}
