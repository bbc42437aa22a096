/**
 * The control-plane and fault lines of `kubeblast run`'s console: totals, then when etcd quorum
 * and each leader were lost (each interval with its length), and the faults counted by kind with
 * the first occurrences listed and the rest counted — never cut silently.
 */
import { isInstantaneous, type FaultKind } from '../../faults/types.js';
import type { SummaryJson } from '../../metrics/summary.js';
import { interval, length, point } from './humanize.js';
import type { LostInterval, RunFacts } from './run-facts.js';
import { plural, table } from './text.js';

/** Intervals listed per role, and fault occurrences listed, before the rest are counted. */
export const LISTED = 5;
export const FAULTS_LISTED = 10;

/** `1 leader change`, `2 leader changes`. */
function changes(n: number): string {
  return plural(n, 'leader change');
}

/** One line per role that was lost: `etcd quorum lost 1 time, 2m in all: 01:00:00 for 2m`. */
function lostLine(role: string, intervals: LostInterval[], durationS: number): string {
  const total = intervals.reduce((sum, i) => sum + ((i.endS ?? durationS) - i.startS), 0);
  const listed = intervals.slice(0, LISTED).map((i) => interval(i.startS, i.endS));
  const more = intervals.length > LISTED ? `, and ${intervals.length - LISTED} more (the LeaderElection and Etcd* events in events.csv)` : '';
  return `${role} lost ${plural(intervals.length, 'time')}, ${length(total)} in all: ${listed.join(', ')}${more}`;
}

/** The control plane's totals, then when quorum and leaders were lost. */
export function describeControlPlaneLost(s: SummaryJson, facts: RunFacts): string[] {
  const cp = s.controlPlane;
  const lines = [
    `etcd: ${cp.etcd.members} members, ${changes(cp.etcd.leaderChanges)}, no leader ${length(cp.etcd.noLeaderS)}, no quorum ${length(cp.etcd.noQuorumS)}; API server unavailable ${length(cp.apiserver.unavailableS)}`,
    `controller-manager: ${changes(cp.controllerManager.leaderChanges)}, no leader ${length(cp.controllerManager.noLeaderS)}; scheduler: ${changes(cp.scheduler.leaderChanges)}, no leader ${length(cp.scheduler.noLeaderS)}`,
  ];
  const lost = facts.lost.filter((l) => l.intervals.length > 0);
  for (const l of lost) lines.push(lostLine(l.role, l.intervals, s.durationS));
  if (facts.lost.length > 0 && lost.length === 0) lines.push('etcd quorum and every leader held throughout');
  return lines;
}

type FaultRow = SummaryJson['faults'][number];

/** When a fault happened, and how it ended. */
function when(f: FaultRow): string {
  if (f.skipped) return `${point(f.startS)}, skipped: ${f.skipped}`;
  const span = f.endS === null && isInstantaneous(f.kind as FaultKind) ? point(f.startS) : interval(f.startS, f.endS);
  return f.outcome === 'failed' ? `${span}, failed: ${f.error ?? 'unknown error'}` : span;
}

/** `faults: 12 — node-crash 8, rack-power 3, zone-outage 1; 1 failed`, then the first occurrences. */
export function describeRunFaults(faults: SummaryJson['faults']): string[] {
  if (faults.length === 0) return ['faults: none'];
  const byKind = new Map<string, number>();
  for (const f of faults) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + 1);
  const kinds = [...byKind].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ${n}`);
  const failed = faults.filter((f) => f.outcome === 'failed').length;
  const skipped = faults.filter((f) => f.skipped).length;
  const notes = [failed ? `${failed} failed` : '', skipped ? `${skipped} skipped` : ''].filter(Boolean);
  const lines = [`faults: ${faults.length} — ${kinds.join(', ')}${notes.length ? `; ${notes.join(', ')}` : ''}`];
  lines.push(...table(faults.slice(0, FAULTS_LISTED).map((f) => [f.kind, f.target, when(f)]), 2));
  if (faults.length > FAULTS_LISTED) lines.push(`  + ${faults.length - FAULTS_LISTED} more (every one in summary.json faults and events.csv)`);
  return lines;
}
