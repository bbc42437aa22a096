/**
 * PodTopologySpread constraints as the plugin uses them (podtopologyspread/common.go): the pod's
 * own constraints of one `whenUnsatisfiable` action, with matchLabelKeys merged into the selector
 * and the minDomains / nodeAffinityPolicy / nodeTaintsPolicy defaults (1, Honor, Ignore); or,
 * for a pod without constraints of its own, the system defaults (plugin.go
 * systemDefaultConstraints: hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) with the selector
 * built from the Services, ReplicaSet and StatefulSet that select the pod
 * (helper.DefaultSelector, via buildDefaultConstraints).
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodObj } from '../../../apiserver/objects.js';
import { nodeAffinityMatches, untoleratedTaint } from '../../../manifests/match.js';
import { compileSelector, everythingSelector } from '../../../manifests/selector.js';
import type { Selector } from '../../../manifests/types.js';
import type { NodeObj } from '../../../apiserver/objects.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../../topology/types.js';
import { andLabels, equalityPairs, namespaceMatcher, type PodMatcher } from '../../cache/matchers.js';
import type { PodInfo } from '../../cache/pod-info.js';
import type { Handle } from '../../framework/handle.js';
import { DO_NOT_SCHEDULE_EFFECTS } from '../TaintToleration.js';

/** A constraint ready for counting (topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: Selector;
  /** Pods of the incoming pod's namespace that the selector matches. */
  readonly matcher: PodMatcher;
  readonly minDomains: number;
  /** nodeAffinityPolicy Honor: only nodes matching the pod's nodeSelector / required affinity are domains. */
  readonly honorAffinity: boolean;
  /** nodeTaintsPolicy Honor: only nodes whose taints the pod tolerates are domains. */
  readonly honorTaints: boolean;
}

/** A pod's constraints for the filter (DoNotSchedule) and for scoring (ScheduleAnyway). */
export interface PodSpread {
  readonly hard: readonly SpreadConstraint[];
  readonly soft: readonly SpreadConstraint[];
  /** The soft constraints are the system defaults (nodes need not carry every key to be scored). */
  readonly systemDefaulted: boolean;
}

/** ErrReasonConstraintsNotMatch / ErrReasonNodeLabelNotMatch. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** systemDefaultConstraints (plugin.go). */
const SYSTEM_DEFAULTS: ReadonlyArray<{ key: string; maxSkew: number }> = [
  { key: LABEL_HOSTNAME, maxSkew: 3 },
  { key: LABEL_ZONE, maxSkew: 5 },
];

/** Resolves the constraints of a pod (feature gates by version: matchLabelKeys and minDomains from 1.27, node inclusion policies from 1.26). */
export function resolveSpread(p: PodInfo, handle: Handle): PodSpread {
  const pod = p.pod;
  const own = p.tpl.spread;
  const minor = handle.kubernetesMinor;
  const hard = own.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule').map((c) => ownConstraint(pod, c, minor));
  if (own.length > 0) {
    const soft = own.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').map((c) => ownConstraint(pod, c, minor));
    return { hard, soft, systemDefaulted: false };
  }
  const sel = defaultSelector(pod, handle);
  if (sel === null) return { hard, soft: [], systemDefaulted: true };
  const matcher = namespaceMatcher(pod.namespace, sel);
  const soft = SYSTEM_DEFAULTS.map((d) => ({ maxSkew: d.maxSkew, topologyKey: d.key, selector: sel, matcher, minDomains: 1, honorAffinity: true, honorTaints: false }));
  return { hard, soft, systemDefaulted: true };
}

function ownConstraint(pod: PodObj, c: TopologySpreadConstraint, minor: number): SpreadConstraint {
  let selector = compileSelector(c.labelSelector as LabelSelector | undefined, 'labelSelector');
  if (minor >= 27 && (c.matchLabelKeys?.length ?? 0) > 0) {
    const eq: Array<[string, string]> = [];
    for (const k of c.matchLabelKeys!) if (pod.labels[k] !== undefined) eq.push([k, pod.labels[k]]);
    selector = andLabels(selector, eq);
  }
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector,
    matcher: namespaceMatcher(pod.namespace, selector),
    minDomains: minor >= 27 && c.minDomains !== undefined ? c.minDomains : 1,
    honorAffinity: minor < 26 || c.nodeAffinityPolicy !== 'Ignore',
    honorTaints: minor >= 26 && c.nodeTaintsPolicy === 'Honor',
  };
}

/**
 * helper.DefaultSelector: the Services' selectors merged, ANDed with the owning ReplicaSet's or
 * StatefulSet's selector. A Deployment's ReplicaSet selects its pods by the Deployment's selector
 * plus `pod-template-hash`; null when nothing selects the pod.
 */
export function defaultSelector(pod: PodObj, handle: Handle): Selector | null {
  const eq = new Map<string, string>();
  for (const key of pod.services) {
    const svc = handle.services.get(key);
    if (svc?.selector) for (const [k, v] of equalityPairs(svc.selector)) eq.set(k, v);
  }
  let owner: Selector | null = null;
  if (pod.owner && (pod.owner.kind === 'ReplicaSet' || pod.owner.kind === 'StatefulSet')) {
    const w = handle.workloads.get(pod.workloadKey);
    if (w) {
      owner = w.selector;
      const hash = pod.labels['pod-template-hash'];
      if (pod.owner.kind === 'ReplicaSet' && w.kind === 'Deployment' && hash !== undefined) eq.set('pod-template-hash', hash);
    }
  }
  if (eq.size === 0 && owner === null) return null;
  return andLabels(owner ?? everythingSelector, [...eq.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** nodeLabelsMatchSpreadConstraints: the node carries every constraint's topology key. */
export function nodeHasAllKeys(node: NodeObj, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (node.labels[c.topologyKey] === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: whether the node is a domain of the constraint for this pod. */
export function nodeIncluded(c: SpreadConstraint, pod: PodInfo, node: NodeObj): boolean {
  if (c.honorAffinity && pod.tpl.requiresNodeAffinity && !nodeAffinityMatches(pod.pod.template, node.labels, node.name)) return false;
  if (c.honorTaints && untoleratedTaint(node.taints, pod.pod.tolerations, DO_NOT_SCHEDULE_EFFECTS) !== undefined) return false;
  return true;
}

/** Whether every node is a domain of every constraint, so the cache's per-domain counts apply as they are. */
export function allNodesIncluded(constraints: readonly SpreadConstraint[], pod: PodInfo, missing: (key: string) => number, requireAllKeys: boolean): boolean {
  for (const c of constraints) {
    if (requireAllKeys && missing(c.topologyKey) > 0) return false;
    if (c.honorAffinity && pod.tpl.requiresNodeAffinity) return false;
    if (c.honorTaints) return false;
  }
  return true;
}
