/**
 * The affinity terms that pods already in the cache carry, grouped by (kind, matcher, topology
 * key, weight) with a count per topology domain of the pods carrying each. InterPodAffinity reads
 * them for the incoming pod: existing required anti-affinity that the incoming pod would violate
 * (getTPMapMatchingExistingAntiAffinity), and in scoring the existing pods' required affinity
 * (hardPodAffinityWeight) and preferred (anti-)affinity towards it (scoring.go processExistingPod).
 * Upstream walks every pod with affinity on every node per cycle; the groups are few (one per
 * distinct term of a workload), so a cycle looks at each group once.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { PodInfo, ResolvedTerm } from './pod-info.js';
import type { PodMatcher } from './matchers.js';
import type { Domains, TopologyIndex } from './topology.js';

/** Which list of a pod's affinity a term came from. */
export const TermKind = { RequiredAffinity: 0, RequiredAntiAffinity: 1, PreferredAffinity: 2, PreferredAntiAffinity: 3 } as const;
/** One of `TermKind`. */
export type TermKindValue = (typeof TermKind)[keyof typeof TermKind];

/** Existing pods carrying one term, counted per domain of the term's topology key. */
export class TermGroup {
  /** counts[domain] = pods carrying the term on nodes of that domain. */
  readonly counts: Int32Array;
  /** Pods carrying the term on nodes that have the topology key. */
  total = 0;
  private memoLabels: Readonly<Record<string, string>> | null = null;
  private memoNamespace = '';
  private memoMatches = false;

  constructor(
    readonly kind: TermKindValue,
    readonly matcher: PodMatcher,
    readonly domains: Domains,
    readonly weight: number,
  ) {
    this.counts = new Int32Array(domains.count);
  }

  /**
   * Whether the term selects `pod` (a function of its namespace and labels alone). The answer is
   * remembered for the last labels object asked about: every cycle asks every group, pods of one
   * ReplicaSet come to the scheduler in runs and share one labels object, and labels never change.
   */
  matchesPod(pod: PodObj): boolean {
    if (pod.labels !== this.memoLabels || pod.namespace !== this.memoNamespace) {
      this.memoLabels = pod.labels;
      this.memoNamespace = pod.namespace;
      this.memoMatches = this.matcher.matches(pod);
    }
    return this.memoMatches;
  }
}

/** All term groups of a cache. */
export class ExistingTermIndex {
  private readonly byKey = new Map<string, TermGroup>();
  /** Groups by kind, in creation order. */
  readonly groups: TermGroup[][] = [[], [], [], []];
  /** Cached pods that carry at least one required anti-affinity term. */
  podsWithRequiredAntiAffinity = 0;

  constructor(private readonly topology: TopologyIndex) {}

  /** Counts the terms of a pod that just entered the cache. */
  podAdded(p: PodInfo): void {
    this.apply(p, 1);
  }

  /** Uncounts the terms of a pod that leaves the cache. */
  podRemoved(p: PodInfo): void {
    this.apply(p, -1);
  }

  private apply(p: PodInfo, delta: number): void {
    if (!p.tpl.hasPodAffinity) return;
    const t = p.affinityTerms;
    if (t.requiredAntiAffinity.length > 0) this.podsWithRequiredAntiAffinity += delta;
    this.applyList(TermKind.RequiredAffinity, t.requiredAffinity, p.node, delta);
    this.applyList(TermKind.RequiredAntiAffinity, t.requiredAntiAffinity, p.node, delta);
    this.applyList(TermKind.PreferredAffinity, t.preferredAffinity, p.node, delta);
    this.applyList(TermKind.PreferredAntiAffinity, t.preferredAntiAffinity, p.node, delta);
  }

  private applyList(kind: TermKindValue, terms: readonly ResolvedTerm[], node: number, delta: number): void {
    for (const term of terms) {
      const g = this.group(kind, term);
      const d = g.domains.of[node];
      if (d < 0) continue;
      g.counts[d] += delta;
      g.total += delta;
    }
  }

  private group(kind: TermKindValue, term: ResolvedTerm): TermGroup {
    const key = `${kind}|${term.weight}|${term.topologyKey}|${term.matcher.key}`;
    let g = this.byKey.get(key);
    if (!g) {
      g = new TermGroup(kind, term.matcher, this.topology.domains(term.topologyKey), term.weight);
      this.byKey.set(key, g);
      this.groups[kind].push(g);
    }
    return g;
  }
}
