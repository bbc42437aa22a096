/**
 * runs.csv of a sweep (design.md §4): one row per scenario × seed × object, then the
 * control-plane rows of that seed. Control-plane rows read: `desired` = etcd members (etcd row
 * only); `downtime_s` = time without etcd quorum / with the API unavailable / without a leader
 * (controller-manager, scheduler); `availability_*` = 1 − downtime_s / duration; the extra
 * columns `leader_changes`, `no_leader_s`, `no_quorum_s` are filled on control-plane rows only.
 */
import { stringify } from 'csv-stringify/sync';
import { round6 } from '../metrics/summary.js';
import type { RunFigures } from './figures.js';

/** The columns, in order. */
export const RUNS_COLUMNS = ['scenario', 'seed', 'object', 'desired', 'availability_slo', 'availability_any', 'availability_full',
  'downtime_s', 'outages', 'ttr_max_s', 'leader_changes', 'no_leader_s', 'no_quorum_s'];

type Cell = string | number;

function cpRows(r: RunFigures): Cell[][] {
  const cp = r.controlPlane;
  const up = (down: number): number => (r.durationS > 0 ? round6(1 - down / r.durationS) : 1);
  const row = (object: string, desired: Cell, down: number, changes: Cell, noLeader: Cell, noQuorum: Cell): Cell[] =>
    [r.scenario, r.seed, object, desired, up(down), up(down), up(down), down, '', '', changes, noLeader, noQuorum];
  return [
    row('controlplane/etcd', cp.etcd.members, cp.etcd.noQuorumS, cp.etcd.leaderChanges, cp.etcd.noLeaderS, cp.etcd.noQuorumS),
    row('controlplane/apiserver', '', cp.apiserver.unavailableS, '', '', ''),
    row('controlplane/controller-manager', '', cp.controllerManager.noLeaderS, cp.controllerManager.leaderChanges, cp.controllerManager.noLeaderS, ''),
    row('controlplane/scheduler', '', cp.scheduler.noLeaderS, cp.scheduler.leaderChanges, cp.scheduler.noLeaderS, ''),
  ];
}

/** Rows of one run. */
export function runRows(r: RunFigures): Cell[][] {
  const rows: Cell[][] = r.objects.map((o) => [r.scenario, r.seed, o.object, o.desired, o.availability.slo, o.availability.any, o.availability.full,
    o.downtimeS, o.outages, o.timeToRecoverS.max ?? '', '', '', '']);
  return rows.concat(cpRows(r));
}

/** runs.csv of every run, scenario by scenario in seed order. */
export function runsCsv(runs: RunFigures[][]): string {
  return stringify(runs.flat().flatMap(runRows), { header: true, columns: RUNS_COLUMNS, cast: { number: (n) => String(n) } });
}
