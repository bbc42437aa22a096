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
  /** Some feasible node is ignored in this cycle (else `ignored` need not be read). */
  anyIgnored = false;
  /** The least and greatest raw score of the nodes not ignored, as `spreadScoreAll` wrote them into `rangeOf` in cycle `rangeStamp`. */
  min = 0;
  max = 0;
  rangeOf: Float64Array | null = null;
  rangeStamp = 0;
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
  // A node lacks a key only if some node does (the topology index counts them).
  if (s.requireAllKeys && constraints.some((c) => cache.topology.domains(c.topologyKey).missing > 0)) {
    for (let k = 0; k < count; k++) {
      if (!nodeHasAllKeys(cache.nodes[feasible[k]].node, constraints)) {
        s.ignored[feasible[k]] = s.stamp;
        ignoredCount++;
      }
    }
  }
  s.anyIgnored = ignoredCount > 0;
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
    // Every domain seen: no later node adds one (the zones of a cluster are seen in a few nodes).
    if (++distinct === numDomains) break;
  }
  return distinct;
}
let stampClock = 0;

/** Score: the raw (unnormalized) score of one node. */
export function spreadScore(s: SpreadPreScoreState, node: NodeInfo): number {
  return s.ignored[node.index] === s.stamp ? 0 : spreadScoreAt(s, node.index);
}

/** The raw score of a node that is not ignored. */
function spreadScoreAt(s: SpreadPreScoreState, node: number): number {
  const constraints = s.constraints;
  let score = 0;
  for (let i = 0; i < constraints.length; i++) {
    const d = s.domainOf[i][node];
    if (d < 0) continue;
    const cnt = s.hostname[i] ? s.counts[i][node] : s.counts[i][d];
    score += cnt * s.weight[i] + (constraints[i].maxSkew - 1);
  }
  return Math.round(score);
}

/**
 * `spreadScore` of `feasible[0..count)` into `scores`, with the minimum and maximum over the
 * nodes not ignored kept for `spreadNormalize` (one pass fewer). The common shapes — one or two
 * constraints, none of them on hostname counted per domain — read the arrays directly.
 */
export function spreadScoreAll(s: SpreadPreScoreState, feasible: Int32Array, count: number, scores: Float64Array): void {
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  const ignored = s.ignored;
  const stamp = s.stamp;
  const anyIgnored = s.anyIgnored;
  const n = s.constraints.length;
  if (n === 2) {
    const [of0, of1] = s.domainOf;
    const [c0, c1] = s.counts;
    const [w0, w1] = s.weight;
    const h0 = s.hostname[0];
    const h1 = s.hostname[1];
    const skew0 = s.constraints[0].maxSkew - 1;
    const skew1 = s.constraints[1].maxSkew - 1;
    for (let k = 0; k < count; k++) {
      const node = feasible[k];
      if (anyIgnored && ignored[node] === stamp) {
        scores[k] = 0;
        continue;
      }
      let score = 0;
      const d0 = of0[node];
      if (d0 >= 0) score += (h0 ? c0[node] : c0[d0]) * w0 + skew0;
      const d1 = of1[node];
      if (d1 >= 0) score += (h1 ? c1[node] : c1[d1]) * w1 + skew1;
      const v = Math.round(score);
      scores[k] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  } else {
    for (let k = 0; k < count; k++) {
      const node = feasible[k];
      if (ignored[node] === stamp) {
        scores[k] = 0;
        continue;
      }
      const v = spreadScoreAt(s, node);
      scores[k] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  s.min = min;
  s.max = max;
  s.rangeOf = scores;
  s.rangeStamp = stamp;
}

/** NormalizeScore over `scores[0..count)` of `feasible`, after `spreadScoreAll` (its minimum and maximum). */
export function spreadNormalize(s: SpreadPreScoreState, scores: Float64Array, feasible: Int32Array, count: number): void {
  let min = s.min;
  let max = s.max;
  if (s.rangeOf !== scores || s.rangeStamp !== s.stamp) {
    // Scores that `spreadScoreAll` did not write in this cycle (node by node with `spreadScore`).
    min = Number.MAX_SAFE_INTEGER;
    max = 0;
    for (let k = 0; k < count; k++) {
      if (s.ignored[feasible[k]] === s.stamp) continue;
      const v = scores[k];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  s.rangeOf = null;
  for (let k = 0; k < count; k++) {
    if (s.ignored[feasible[k]] === s.stamp) scores[k] = 0;
    else if (max === 0) scores[k] = MAX_NODE_SCORE;
    else scores[k] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[k])) / max);
  }
}
