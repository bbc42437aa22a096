/**
 * PodTopologySpread PreScore/Score/NormalizeScore (podtopologyspread/scoring.go) for the
 * ScheduleAnyway constraints (the pod's own, or the system defaults). For a feasible node:
 *   raw = round( Σ_constraints count(domain of node) × ln(domains + 2) + (maxSkew − 1) )
 * where for the hostname key `count` is the node's own matching pods and `domains` the number of
 * scored nodes, and for other keys `count` is the matching pods of the node's domain over every
 * eligible node and `domains` the number of distinct domains among the scored nodes. Nodes that
 * lack a key (when the constraints are the pod's own) are ignored and score 0. Normalized as
 *   100 × (max + min − raw) / max   (integer division; every node 100 when max is 0).
 */
import { LABEL_HOSTNAME } from '../../../topology/types.js';
import type { NodeInfo } from '../../cache/cache.js';
import type { PodInfo } from '../../cache/pod-info.js';
import type { Handle } from '../../framework/handle.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import { allNodesIncluded, nodeHasAllKeys, nodeIncluded, type SpreadConstraint } from './common.js';

/** preScoreState. */
export class SpreadPreScoreState {
  constraints: readonly SpreadConstraint[] = [];
  requireAllKeys = true;
  /** Per constraint: per-node counts (hostname) or per-domain counts (other keys). */
  counts: Int32Array[] = [];
  hostname: boolean[] = [];
  domainOf: Int32Array[] = [];
  weight: number[] = [];
  /** ignored[node] === stamp: the node lacks a key and is not scored. */
  ignored: Int32Array = new Int32Array(0);
  stamp = 0;
}

/** topologyNormalizingWeight: ln(size + 2). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** Per-key scratch for counting distinct domains among the feasible nodes without allocating. */
const seen = new Map<string, Int32Array>();

/** Computes the PreScore state over `feasible[0..count)`. */
export function computePreScore(s: SpreadPreScoreState, pod: PodInfo, constraints: readonly SpreadConstraint[], systemDefaulted: boolean, feasible: Int32Array, count: number, handle: Handle): void {
  const cache = handle.cache;
  const n = constraints.length;
  s.constraints = constraints;
  s.requireAllKeys = !systemDefaulted;
  s.stamp++;
  if (s.ignored.length !== cache.nodes.length) s.ignored = new Int32Array(cache.nodes.length);
  let ignoredCount = 0;
  if (s.requireAllKeys) {
    for (let k = 0; k < count; k++) {
      if (!nodeHasAllKeys(cache.nodes[feasible[k]].node, constraints)) {
        s.ignored[feasible[k]] = s.stamp;
        ignoredCount++;
      }
    }
  }
  s.counts.length = n;
  s.hostname.length = n;
  s.domainOf.length = n;
  s.weight.length = n;
  const fast = allNodesIncluded(constraints, pod, (k) => cache.topology.domains(k).missing, s.requireAllKeys);
  for (let i = 0; i < n; i++) {
    const c = constraints[i];
    const domains = cache.topology.domains(c.topologyKey);
    const idx = cache.indexes.get(c.matcher);
    s.domainOf[i] = domains.of;
    s.hostname[i] = c.topologyKey === LABEL_HOSTNAME;
    if (s.hostname[i]) {
      s.counts[i] = idx.live;
      s.weight[i] = topologyNormalizingWeight(count - ignoredCount);
      continue;
    }
    s.weight[i] = topologyNormalizingWeight(distinctDomains(s, domains.key, domains.of, domains.count, feasible, count));
    if (fast) {
      s.counts[i] = idx.domainCounts(domains).live;
      continue;
    }
    const counts = new Int32Array(domains.count);
    for (const info of cache.nodes) {
      const d = domains.of[info.index];
      if (d < 0) continue;
      if (s.requireAllKeys && !nodeHasAllKeys(info.node, constraints)) continue;
      if (!nodeIncluded(c, pod, info.node)) continue;
      counts[d] += idx.live[info.index];
    }
    s.counts[i] = counts;
  }
}

function distinctDomains(s: SpreadPreScoreState, key: string, of: Int32Array, numDomains: number, feasible: Int32Array, count: number): number {
  let marks = seen.get(key);
  if (!marks || marks.length < numDomains) {
    marks = new Int32Array(Math.max(numDomains, 1));
    seen.set(key, marks);
  }
  // Stamps are globally increasing, so old marks never collide with this cycle's.
  const stamp = ++stampClock;
  let distinct = 0;
  for (let k = 0; k < count; k++) {
    const node = feasible[k];
    if (s.ignored[node] === s.stamp) continue;
    const d = of[node];
    if (d < 0 || marks[d] === stamp) continue;
    marks[d] = stamp;
    distinct++;
  }
  return distinct;
}
let stampClock = 0;

/** Score: the raw (unnormalized) score of one node. */
export function spreadScore(s: SpreadPreScoreState, node: NodeInfo): number {
  if (s.ignored[node.index] === s.stamp) return 0;
  const constraints = s.constraints;
  let score = 0;
  for (let i = 0; i < constraints.length; i++) {
    const d = s.domainOf[i][node.index];
    if (d < 0) continue;
    const cnt = s.hostname[i] ? s.counts[i][node.index] : s.counts[i][d];
    score += cnt * s.weight[i] + (constraints[i].maxSkew - 1);
  }
  return Math.round(score);
}

/** NormalizeScore over `scores[0..count)` of `feasible`. */
export function spreadNormalize(s: SpreadPreScoreState, scores: Float64Array, feasible: Int32Array, count: number): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  for (let k = 0; k < count; k++) {
    if (s.ignored[feasible[k]] === s.stamp) continue;
    const v = scores[k];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let k = 0; k < count; k++) {
    if (s.ignored[feasible[k]] === s.stamp) scores[k] = 0;
    else if (max === 0) scores[k] = MAX_NODE_SCORE;
    else scores[k] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[k])) / max);
  }
}
