/**
 * InterPodAffinity PreScore/Score/NormalizeScore (interpodaffinity/scoring.go). Every existing
 * pod adds to the score of the topology domain of its node:
 *   + weight  for each preferred affinity term of the incoming pod it matches,
 *   − weight  for each preferred anti-affinity term of the incoming pod it matches,
 *   + hardPodAffinityWeight (1) for each of its own required affinity terms the incoming pod matches,
 *   + weight / − weight for each of its own preferred affinity / anti-affinity terms the incoming pod matches.
 * A node's raw score is the sum over the topology keys it carries; normalized as
 *   trunc(100 × (raw − min) / (max − min)), 0 when max = min.
 */
import type { NodeInfo } from '../../cache/cache.js';
import type { PodInfo } from '../../cache/pod-info.js';
import { TermKind } from '../../cache/term-index.js';
import type { Handle } from '../../framework/handle.js';
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';

/** InterPodAffinityArgs.HardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/**
 * preScoreState: the weighted per-domain counts that make up each node's score, `size` of them.
 * The arrays are reused from cycle to cycle and written by position (emptying them with
 * `length = 0` gave their storage back to be grown again each cycle).
 */
export class AffinityPreScoreState {
  size = 0;
  weights: number[] = [];
  counts: Int32Array[] = [];
  domainOf: Int32Array[] = [];

  /** Adds one weighted count. */
  push(weight: number, counts: Int32Array, domainOf: Int32Array): void {
    const k = this.size++;
    this.weights[k] = weight;
    this.counts[k] = counts;
    this.domainOf[k] = domainOf;
  }
}

/** The incoming pod's own preferred terms of one kind, with `sign`. */
function addOwn(s: AffinityPreScoreState, handle: Handle, list: PodInfo['affinityTerms']['preferredAffinity'], sign: number): void {
  const cache = handle.cache;
  for (const t of list) {
    const domains = cache.topology.domains(t.topologyKey);
    const dc = cache.indexes.get(t.matcher).domainCounts(domains);
    if (dc.sumAll === 0) continue;
    s.push(sign * t.weight, dc.all, domains.of);
  }
}

/** The existing pods' terms of one kind that the incoming pod matches, with `sign` (and a fixed weight when `weightOverride` > 0). */
function addExisting(s: AffinityPreScoreState, handle: Handle, pod: PodInfo, kind: number, sign: number, weightOverride: number): void {
  for (const g of handle.cache.terms.groups[kind]) {
    if (g.total <= 0 || !g.matchesPod(pod.pod)) continue;
    s.push(sign * (weightOverride > 0 ? weightOverride : g.weight), g.counts, g.domains.of);
  }
}

/** Computes the PreScore state; returns false when nothing contributes (all scores 0: Skip). */
export function computeAffinityPreScore(s: AffinityPreScoreState, pod: PodInfo, handle: Handle): boolean {
  s.size = 0;
  const terms = pod.affinityTerms;
  addOwn(s, handle, terms.preferredAffinity, 1);
  addOwn(s, handle, terms.preferredAntiAffinity, -1);
  addExisting(s, handle, pod, TermKind.RequiredAffinity, 1, HARD_POD_AFFINITY_WEIGHT);
  addExisting(s, handle, pod, TermKind.PreferredAffinity, 1, 0);
  addExisting(s, handle, pod, TermKind.PreferredAntiAffinity, -1, 0);
  return s.size > 0;
}

/** Score: Σ weight × count of the node's domain. */
export function affinityScore(s: AffinityPreScoreState, node: NodeInfo): number {
  let score = 0;
  for (let k = 0; k < s.size; k++) {
    const d = s.domainOf[k][node.index];
    if (d >= 0) score += s.weights[k] * s.counts[k][d];
  }
  return score;
}

/** NormalizeScore: min–max scaling to 0–100. */
export function affinityNormalize(scores: Float64Array, count: number): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    if (scores[k] > max) max = scores[k];
    if (scores[k] < min) min = scores[k];
  }
  const diff = max - min;
  for (let k = 0; k < count; k++) scores[k] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[k] - min) / diff)) : 0;
}
