/**
 * InterPodAffinity PreFilter/Filter (interpodaffinity/filtering.go). The pod's required affinity
 * holds on a node when, for every term, the node carries the term's topology key and some pod
 * matching all the terms sits in the node's domain — or, when no such pod exists anywhere, the
 * pod matches its own terms (the first pod of a group). Its required anti-affinity holds when no
 * pod matching a term sits in the node's domain of that term. Existing pods' required
 * anti-affinity holds when no pod whose term matches the incoming pod sits in the node's domain.
 * Pods are counted whether or not they are terminating.
 */
import type { NodeInfo } from '../../cache/cache.js';
import type { PodInfo } from '../../cache/pod-info.js';
import { TermKind, type TermGroup } from '../../cache/term-index.js';
import type { Handle } from '../../framework/handle.js';
import { SUCCESS, unresolvable, unschedulable, type Status } from '../../framework/status.js';

/** Reasons (filtering.go). */
export const ERR_REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
const REJECT_AFFINITY = unresolvable(ERR_REASON_AFFINITY);
const REJECT_ANTI = unschedulable(ERR_REASON_ANTI_AFFINITY);
const REJECT_EXISTING = unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);

/** preFilterState: counts per domain for each term, and the existing terms the pod would violate. */
export class AffinityPreFilterState {
  affinityCounts: Int32Array[] = [];
  affinityDomainOf: Int32Array[] = [];
  /** No pod matching all the required affinity terms exists on a node with one of their keys. */
  affinityCountsEmpty = true;
  /** The pod matches all its own required affinity terms. */
  selfMatchesAll = false;
  antiCounts: Int32Array[] = [];
  antiDomainOf: Int32Array[] = [];
  /** Existing pods' required anti-affinity groups whose term matches the incoming pod. */
  existing: TermGroup[] = [];
}

/** Computes the PreFilter state; returns false when there is nothing to check (Skip). */
export function computeAffinityPreFilter(s: AffinityPreFilterState, pod: PodInfo, handle: Handle): boolean {
  const cache = handle.cache;
  const terms = pod.affinityTerms;
  s.existing.length = 0;
  if (cache.terms.podsWithRequiredAntiAffinity > 0) {
    for (const g of cache.terms.groups[TermKind.RequiredAntiAffinity]) {
      if (g.total > 0 && g.matchesPod(pod.pod)) s.existing.push(g);
    }
  }
  s.affinityCounts.length = 0;
  s.affinityDomainOf.length = 0;
  s.affinityCountsEmpty = true;
  s.selfMatchesAll = false;
  if (terms.requiredAffinityAll !== null) {
    const idx = cache.indexes.get(terms.requiredAffinityAll);
    for (const t of terms.requiredAffinity) {
      const domains = cache.topology.domains(t.topologyKey);
      const dc = idx.domainCounts(domains);
      s.affinityCounts.push(dc.all);
      s.affinityDomainOf.push(domains.of);
      if (dc.sumAll > 0) s.affinityCountsEmpty = false;
    }
    s.selfMatchesAll = terms.requiredAffinityAll.matches(pod.pod);
  }
  s.antiCounts.length = 0;
  s.antiDomainOf.length = 0;
  for (const t of terms.requiredAntiAffinity) {
    const domains = cache.topology.domains(t.topologyKey);
    s.antiCounts.push(cache.indexes.get(t.matcher).domainCounts(domains).all);
    s.antiDomainOf.push(domains.of);
  }
  return s.existing.length > 0 || terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0;
}

/** Filter: satisfyPodAffinity, satisfyPodAntiAffinity, satisfyExistingPodsAntiAffinity, in that order. */
export function affinityFilter(s: AffinityPreFilterState, node: NodeInfo): Status {
  const i = node.index;
  if (s.affinityCounts.length > 0) {
    let podsExist = true;
    for (let t = 0; t < s.affinityCounts.length; t++) {
      const d = s.affinityDomainOf[t][i];
      if (d < 0) return REJECT_AFFINITY;
      if (s.affinityCounts[t][d] <= 0) podsExist = false;
    }
    if (!podsExist && !(s.affinityCountsEmpty && s.selfMatchesAll)) return REJECT_AFFINITY;
  }
  for (let t = 0; t < s.antiCounts.length; t++) {
    const d = s.antiDomainOf[t][i];
    if (d >= 0 && s.antiCounts[t][d] > 0) return REJECT_ANTI;
  }
  for (const g of s.existing) {
    const d = g.domains.of[i];
    if (d >= 0 && g.counts[d] > 0) return REJECT_EXISTING;
  }
  return SUCCESS;
}
