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

/** The sorted "count reason" strings of a set of statuses. */
export function reasonHistogram(statuses: ReadonlyArray<{ readonly reasons: readonly string[] }>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const out: string[] = [];
  for (const [r, n] of counts) out.push(`${n} ${r}`);
  // Go's sort.Strings orders by bytes; for these ASCII strings that is UTF-16 code-unit order.
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** FitError.Error() for a diagnosis and the PostFilter message (or ''). */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis, postFilterMsg: string): string {
  let msg = `${noNodeAvailable(numAllNodes)}:`;
  if (diagnosis.preFilterMsg !== '') msg += ` ${diagnosis.preFilterMsg}.`;
  else {
    const hist = reasonHistogram(diagnosis.statuses);
    if (hist.length > 0) msg += ` ${hist.join(', ')}.`;
  }
  if (postFilterMsg !== '') msg += ` ${postFilterMsg}.`;
  return msg;
}
