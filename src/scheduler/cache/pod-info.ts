/**
 * What the scheduler keeps per pod: requests as the plugins read them, the pod's compiled
 * affinity terms, and its place in the cache and in the queue (upstream framework.PodInfo and
 * QueuedPodInfo in one object). Template-level work (requests, term lists) is done once per
 * PodTemplate and shared by every pod of a revision.
 */
import type { NodeSelectorTerm, PodAffinityTerm, PreferredSchedulingTerm, TopologySpreadConstraint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { PodObj } from '../../apiserver/objects.js';
import type { PodTemplate } from '../../manifests/types.js';
import { affinityTermMatcher, allOf, type PodMatcher } from './matchers.js';
import type { MatchIndex } from './match-index.js';

/** Requests the scoring plugins assume for a container that requests nothing (schedutil DefaultMilliCPURequest / DefaultMemoryRequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Per-template facts, computed once. */
export interface TemplateInfo {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /**
   * Non-zero requests for LeastAllocated scoring (GetNonzeroRequests). Upstream substitutes the
   * default per container that requests nothing; kubeblast only knows the pod's totals, so it
   * substitutes `containers × default` when the pod's total is zero (⚠ approximation).
   */
  readonly nonZeroCpuMilli: number;
  readonly nonZeroMemoryBytes: number;
  /**
   * The request shape: a small number shared by every template with the same cpu and memory
   * requests (and non-zero requests) — all that the resource scores read of the pod.
   */
  readonly shape: number;
  /** Extended resources requested, in name order (empty for most pods). */
  readonly extended: readonly (readonly [string, number])[];
  /** nodeSelector or required node affinity present. */
  readonly requiresNodeAffinity: boolean;
  /**
   * The nodes the required node affinity names with `matchFields metadata.name In` (NodeAffinity
   * PreFilter's PreFilterResult: each term's requirements intersected, the terms united, names
   * sorted), or null when some term names no node by name (every node is eligible).
   */
  readonly nodeNames: readonly string[] | null;
  readonly preferredNodeTerms: readonly PreferredSchedulingTerm[];
  readonly spread: readonly TopologySpreadConstraint[];
  readonly requiredAffinity: readonly PodAffinityTerm[];
  readonly requiredAntiAffinity: readonly PodAffinityTerm[];
  readonly preferredAffinity: readonly WeightedPodAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedPodAffinityTerm[];
  /** Any pod (anti-)affinity term at all (NodeInfo.PodsWithAffinity). */
  readonly hasPodAffinity: boolean;
  /** matchLabelKeys / mismatchLabelKeys used: term selectors depend on the pod's labels. */
  readonly labelDependent: boolean;
}

const templates = new WeakMap<PodTemplate, TemplateInfo>();

/** `k=v` pairs per labels object: the pods of one revision share one frozen labels object (manifests/podlabels.ts), so they share the pairs too. */
const pairsOf = new WeakMap<object, readonly string[]>();

function labelPairsOf(labels: Readonly<Record<string, string>>): readonly string[] {
  let pairs = pairsOf.get(labels);
  if (pairs === undefined) {
    pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    // Only a frozen object is sure to keep the labels the pairs were made from.
    if (Object.isFrozen(labels)) pairsOf.set(labels, pairs);
  }
  return pairs;
}

/** Request shapes seen so far, numbered in the order they first appear (the number only indexes memos). */
const shapes = new Map<string, number>();

function shapeOf(key: string): number {
  let id = shapes.get(key);
  if (id === undefined) shapes.set(key, (id = shapes.size));
  return id;
}

/** The template's facts (memoized; templates are immutable). */
export function templateInfo(t: PodTemplate): TemplateInfo {
  let info = templates.get(t);
  if (!info) {
    info = buildTemplateInfo(t);
    templates.set(t, info);
  }
  return info;
}

/**
 * NodeAffinity PreFilter's node names (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go
 * PreFilter, since 1.24): per term the intersection of its `metadata.name In` requirements, united
 * over the terms; null when there are no terms or a term has no such requirement.
 */
function namedNodes(terms: readonly NodeSelectorTerm[]): readonly string[] | null {
  if (terms.length === 0) return null;
  const union = new Set<string>();
  for (const t of terms) {
    const byName = (t.matchFields ?? []).filter((r) => r.key === 'metadata.name' && r.operator === 'In');
    if (byName.length === 0) return null;
    const names = byName.map((r) => r.values ?? []).reduce((acc, values) => acc.filter((n) => values.includes(n)));
    for (const n of names) union.add(n);
  }
  return [...union].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function buildTemplateInfo(t: PodTemplate): TemplateInfo {
  const a = t.affinity;
  const requiredAffinity = a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const requiredAntiAffinity = a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const preferredAffinity = a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const preferredAntiAffinity = a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const allTerms = [...requiredAffinity, ...requiredAntiAffinity, ...preferredAffinity.map((w) => w.podAffinityTerm), ...preferredAntiAffinity.map((w) => w.podAffinityTerm)];
  const containers = Math.max(1, t.containers);
  const nonZeroCpuMilli = t.requests.cpuMilli > 0 ? t.requests.cpuMilli : containers * DEFAULT_MILLI_CPU_REQUEST;
  const nonZeroMemoryBytes = t.requests.memoryBytes > 0 ? t.requests.memoryBytes : containers * DEFAULT_MEMORY_REQUEST;
  return {
    cpuMilli: t.requests.cpuMilli,
    memoryBytes: t.requests.memoryBytes,
    nonZeroCpuMilli,
    nonZeroMemoryBytes,
    shape: shapeOf(`${t.requests.cpuMilli}/${t.requests.memoryBytes}/${nonZeroCpuMilli}/${nonZeroMemoryBytes}`),
    extended: Object.entries(t.requests.extended ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    requiresNodeAffinity: Object.keys(t.nodeSelector).length > 0 || (a?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms.length ?? 0) > 0,
    nodeNames: namedNodes(a?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []),
    preferredNodeTerms: (a?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).filter((p) => p.weight !== 0),
    spread: t.topologySpreadConstraints,
    requiredAffinity,
    requiredAntiAffinity,
    preferredAffinity,
    preferredAntiAffinity,
    hasPodAffinity: allTerms.length > 0,
    labelDependent: allTerms.some((x) => (x.matchLabelKeys?.length ?? 0) > 0 || (x.mismatchLabelKeys?.length ?? 0) > 0),
  };
}

/** An affinity term resolved for its owner pod: who it counts, over which topology key. */
export interface ResolvedTerm {
  readonly matcher: PodMatcher;
  readonly topologyKey: string;
  /** Preferred terms: the weight; required terms: 1. */
  readonly weight: number;
}

/** A pod's four lists of affinity terms, resolved against its namespace and labels. */
export interface ResolvedTerms {
  readonly requiredAffinity: readonly ResolvedTerm[];
  /** All required affinity terms as one matcher (podMatchesAllAffinityTerms), or null when there are none. */
  readonly requiredAffinityAll: PodMatcher | null;
  readonly requiredAntiAffinity: readonly ResolvedTerm[];
  readonly preferredAffinity: readonly ResolvedTerm[];
  readonly preferredAntiAffinity: readonly ResolvedTerm[];
}

const NO_TERMS: ResolvedTerms = { requiredAffinity: [], requiredAffinityAll: null, requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

/** Memo of resolved terms: pods of one template and namespace share them unless their selectors read the pod's labels. */
const resolvedMemo = new WeakMap<TemplateInfo, Map<string, ResolvedTerms>>();

/** Resolves the affinity terms of a pod (memoized per template and namespace). */
export function resolveTerms(pod: PodObj, tpl: TemplateInfo): ResolvedTerms {
  if (!tpl.hasPodAffinity) return NO_TERMS;
  let byKey = resolvedMemo.get(tpl);
  if (!byKey) {
    byKey = new Map();
    resolvedMemo.set(tpl, byKey);
  }
  const key = tpl.labelDependent ? `${pod.namespace}\u0000${JSON.stringify(pod.labels)}` : pod.namespace;
  let r = byKey.get(key);
  if (!r) {
    const req = (terms: readonly PodAffinityTerm[]): ResolvedTerm[] =>
      terms.map((t) => ({ matcher: affinityTermMatcher(t, pod.namespace, pod.labels), topologyKey: t.topologyKey, weight: 1 }));
    const pref = (terms: readonly WeightedPodAffinityTerm[]): ResolvedTerm[] =>
      terms.filter((w) => w.weight !== 0).map((w) => ({ matcher: affinityTermMatcher(w.podAffinityTerm, pod.namespace, pod.labels), topologyKey: w.podAffinityTerm.topologyKey, weight: w.weight }));
    const requiredAffinity = req(tpl.requiredAffinity);
    r = {
      requiredAffinity,
      requiredAffinityAll: requiredAffinity.length > 0 ? allOf(requiredAffinity.map((t) => t.matcher)) : null,
      requiredAntiAffinity: req(tpl.requiredAntiAffinity),
      preferredAffinity: pref(tpl.preferredAffinity),
      preferredAntiAffinity: pref(tpl.preferredAntiAffinity),
    };
    byKey.set(key, r);
  }
  return r;
}

/** Where a pod is in the scheduling queue. */
export const QueueState = { None: 0, Active: 1, Backoff: 2, Unschedulable: 3 } as const;

/** The scheduler's record of one pod (one per pod per scheduler process). */
export class PodInfo {
  readonly uid: number;
  /** spec.priority (a field: the activeQ heap compares it constantly). */
  readonly priority: number;
  readonly tpl: TemplateInfo;
  /** The pod's labels as `k=v` strings, for index lookups. */
  readonly labelPairs: readonly string[];
  private terms: ResolvedTerms | null = null;

  // --- cache ---
  /** Node the pod is on in the cache (bound or assumed), or -1. */
  node = -1;
  /** Assumed by this process and not yet seen bound. */
  assumed = false;
  /** Counted as non-terminating by the spread indexes. */
  live = false;
  /** Incremental indexes currently counting this pod. */
  matched: MatchIndex[] = [];

  // --- queue ---
  queue: number = QueueState.None;
  /** Position in the heap of its queue (activeQ or backoffQ), or -1. */
  heapPos = -1;
  /** Scheduling attempts so far (QueuedPodInfo.Attempts). */
  attempts = 0;
  /** When it last entered the queue (QueuedPodInfo.Timestamp): activeQ order and backoff base. */
  timestamp = 0;
  /** Plugins (bit mask) that rejected it in its last attempt (UnschedulablePlugins). */
  rejectors = 0;
  /** Visit stamp for event fan-out. */
  visit = 0;
  /** PodTopologySpread's resolved constraints for this pod (plugins/PodTopologySpread.ts `constraintsOf`), once resolved. */
  spread: unknown = null;

  constructor(readonly pod: PodObj) {
    this.uid = pod.uid;
    this.priority = pod.template.priority;
    this.tpl = templateInfo(pod.template);
    this.labelPairs = labelPairsOf(pod.labels);
  }

  /** The pod's resolved affinity terms. */
  get affinityTerms(): ResolvedTerms {
    if (this.terms === null) this.terms = resolveTerms(this.pod, this.tpl);
    return this.terms;
  }

  /** Backoff of this pod after `attempts` attempts (calculateBackoffDuration): initial × 2^(attempts−1), capped. */
  backoffUs(initialUs: number, maxUs: number): number {
    let d = initialUs;
    for (let i = 1; i < this.attempts; i++) {
      d *= 2;
      if (d > maxUs) return maxUs;
    }
    return Math.min(d, maxUs);
  }
}
