/**
 * The control-plane rows of blast.csv, beside the objects' rows, so that an `etcd` or
 * `control-plane` blast (whose workloads rarely notice) still says what it cost: each role of the
 * run's control-plane strips (world/strips.ts, read from the event log) is one row, held (1) or
 * lost (0) out of a desired 1. The roles: `controlplane/etcd-leader` (a leader that a quorum
 * follows: without it no write commits), `controlplane/etcd-quorum`, and the lease holders
 * `controlplane/controller-manager` and `controlplane/scheduler`.
 * `downtime_s` is the time the role was lost; `time_to_recover_s` the end of its last loss (0 if
 * never lost, empty if still lost at the end); `recovered` whether it was held in the instant
 * before the domain came back; `slo_met` empty (no SLO names a role). These rows never fail a
 * domain (blast.ts `verdicts`): the contract's verdict is about objects. Inferred (kubeblast's
 * own reading of the strips; the runs.csv control-plane rows are the sweep's counterpart).
 */
import { toSeconds, type Time } from '../kernel/time.js';
import { round6 } from '../metrics/summary.js';
import type { RunResult, StripInterval } from '../world/result.js';
import type { BlastDomain } from './blast-domains.js';
import type { BlastRow } from './blast-rows.js';

/** The object name of each strip reported, in the order the rows list them. */
const ROLES: ReadonlyArray<readonly [strip: string, object: string]> = [
  ['etcd leader', 'controlplane/etcd-leader'],
  ['etcd quorum', 'controlplane/etcd-quorum'],
  ['controller-manager leader', 'controlplane/controller-manager'],
  ['scheduler leader', 'controlplane/scheduler'],
];

/** Whether an object name is one of the control-plane rows. */
export function isControlPlaneRow(object: string): boolean {
  return object.startsWith('controlplane/');
}

/** The control-plane rows of one blast run whose fault lasted `forUs`. */
export function controlPlaneRows(r: RunResult, d: BlastDomain & { forUs: Time }): BlastRow[] {
  const rows: BlastRow[] = [];
  for (const [name, object] of ROLES) {
    const strip = r.strips.find((s) => s.name === name);
    if (!strip) continue;
    const lost = strip.intervals.filter((i) => i.state === 'down' && i.startUs < r.durationUs);
    const downUs = lost.reduce((sum, i) => sum + (Math.min(i.endUs, r.durationUs) - i.startUs), 0);
    const last = lost.at(-1);
    const ttrUs = last === undefined ? 0 : last.endUs >= r.durationUs ? null : last.endUs;
    rows.push({
      level: d.level, domain: d.domain, object, desired: 1, sloMinReady: null,
      minReady: lost.length > 0 ? 0 : 1,
      downtimeS: round6(toSeconds(downUs)),
      timeToRecoverS: ttrUs === null ? null : round6(toSeconds(ttrUs)),
      sloMet: null,
      recovered: !heldLostAt(strip.intervals, d.forUs),
    });
  }
  return rows;
}

/** Whether the role was lost in the instant before `t` (the interval in force just before it). */
function heldLostAt(intervals: readonly StripInterval[], t: Time): boolean {
  const i = intervals.find((x) => x.startUs < t && x.endUs >= t);
  return i?.state === 'down';
}
