/**
 * The FailedScheduling message (framework/types.go FitError.Error):
 *   "0/N nodes are available: <count> <reason>, …. <postfilter message>."
 * Reasons are counted over the nodes' statuses, written "count reason", sorted as strings
 * (sort.Strings — so "12 …" sorts before "3 …") and joined with ", ".
 */
import type { Diagnosis } from './interfaces.js';

/** "0/%v nodes are available". */
export function noNodeAvailable(numAllNodes: number): string {
  return `0/${numAllNodes} nodes are available`;
}

type Reasons = { readonly reasons: readonly string[] };

/**
 * The sorted "count reason" strings of a set of statuses. A failed cycle in a large cluster has
 * thousands of statuses but only a few distinct (shared) status objects, so they are counted by
 * object first, then by reason.
 */
export function reasonHistogram(statuses: readonly Reasons[]): string[] {
  const byStatus = new Map<Reasons, number>();
  let last: Reasons | null = null;
  let run = 0;
  for (const s of statuses) {
    if (s === last) {
      run++;
      continue;
    }
    if (last !== null) byStatus.set(last, (byStatus.get(last) ?? 0) + run);
    last = s;
    run = 1;
  }
  if (last !== null) byStatus.set(last, (byStatus.get(last) ?? 0) + run);
  return histogramOf(byStatus);
}

/** The sorted "count reason" strings of statuses given with how many nodes had each. */
export function histogramOf(byStatus: ReadonlyMap<Reasons, number>): string[] {
  const counts = new Map<string, number>();
  for (const [s, n] of byStatus) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + n);
  const out: string[] = [];
  for (const [r, n] of counts) out.push(`${n} ${r}`);
  // Go's sort.Strings orders by bytes; for these ASCII strings that is UTF-16 code-unit order.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** FitError.Error() for a diagnosis and the PostFilter message (or ''). */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis, postFilterMsg: string): string {
  if (diagnosis.preFilterMsg !== '') return fitErrorText(numAllNodes, diagnosis.preFilterMsg, [], postFilterMsg);
  const absent = numAllNodes - diagnosis.statuses.length;
  if (diagnosis.absent === undefined || absent <= 0) return fitErrorText(numAllNodes, '', reasonHistogram(diagnosis.statuses), postFilterMsg);
  // Nodes absent from NodeToStatus count with the absent status's reasons (types.go FitError.Error).
  const byStatus = new Map<Reasons, number>();
  for (const s of diagnosis.statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  byStatus.set(diagnosis.absent, (byStatus.get(diagnosis.absent) ?? 0) + absent);
  return fitErrorText(numAllNodes, '', histogramOf(byStatus), postFilterMsg);
}

/** FitError.Error() from its parts: a PreFilter message, or the reason histogram. */
export function fitErrorText(numAllNodes: number, preFilterMsg: string, hist: readonly string[], postFilterMsg: string): string {
  let msg = `${noNodeAvailable(numAllNodes)}:`;
  if (preFilterMsg !== '') msg += ` ${preFilterMsg}.`;
  else if (hist.length > 0) msg += ` ${hist.join(', ')}.`;
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}.`;
  return msg;
}
