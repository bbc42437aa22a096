/**
 * pickOneNodeForPreemption (pkg/scheduler/framework/preemption/preemption.go): among the
 * candidates, the node with (1) the fewest PDB violations, (2) the lowest highest-victim priority,
 * (3) the smallest sum of victim priorities (each shifted by MaxInt32 + 1, so that more victims
 * weigh more even at negative priorities), (4) the fewest victims, (5) the latest start among each
 * node's highest-priority victims; then the first candidate found.
 */
import type { Victims } from './victims.js';

const SHIFT = 2 ** 31;

function highest(v: Victims): number {
  let max = -Infinity;
  for (const p of v.pods) if (p.priority > max) max = p.priority;
  return max;
}

function prioritySum(v: Victims): number {
  let sum = 0;
  for (const p of v.pods) sum += p.priority + SHIFT;
  return sum;
}

/** GetEarliestPodStartTime: the earliest start among the victims of the highest priority. */
function earliestStartOfHighest(v: Victims): number {
  const top = highest(v);
  let earliest = Infinity;
  for (const p of v.pods) if (p.priority === top && p.pod.createdAt < earliest) earliest = p.pod.createdAt;
  return earliest;
}

/** Keeps the candidates minimizing `score`. */
function keepMin(cands: Victims[], score: (v: Victims) => number): Victims[] {
  let best = Infinity;
  let out: Victims[] = [];
  for (const c of cands) {
    const s = score(c);
    if (s < best) {
      best = s;
      out = [c];
    } else if (s === best) out.push(c);
  }
  return out;
}

/** The node to preempt on, or null when there is no candidate. A node needing no victim wins at once. */
export function pickOneNodeForPreemption(candidates: readonly Victims[]): Victims | null {
  if (candidates.length === 0) return null;
  for (const c of candidates) if (c.pods.length === 0) return c;
  let left = keepMin([...candidates], (c) => c.numPdbViolations);
  if (left.length > 1) left = keepMin(left, highest);
  if (left.length > 1) left = keepMin(left, prioritySum);
  if (left.length > 1) left = keepMin(left, (c) => c.pods.length);
  if (left.length > 1) left = keepMin(left, (c) => -earliestStartOfHighest(c));
  return left[0];
}
