/**
 * NodeAffinity (pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go). Filter: the pod's
 * nodeSelector and required node affinity (terms ORed) must match the node's labels — matching
 * itself is `src/manifests/match.ts`. Score: the sum of the weights of the preferred terms the
 * node matches, normalized so the best node gets 100.
 */
import { nodeAffinityMatches, nodeSelectorTermMatches } from '../../manifests/match.js';
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, PluginId, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import { SKIP, SUCCESS, unresolvable, type Status } from '../framework/status.js';

/** ErrReasonPod. */
export const ERR_REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
const REJECT = unresolvable(ERR_REASON_NODE_AFFINITY);
/** errReasonConflict: the terms name nodes by name and no node is in all of them. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const CONFLICT = unresolvable(ERR_REASON_CONFLICT);

/** The NodeAffinity filter and score. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = 'NodeAffinity';
  readonly id = PluginId.NodeAffinity;
  readonly weight = 2;

  /**
   * Skip when the pod has neither a nodeSelector nor required node affinity. When the terms name
   * nodes by name (a DaemonSet's pods), the PreFilterResult: only those nodes are filtered.
   */
  preFilter(state: CycleState, pod: PodInfo): Status {
    if (!pod.tpl.requiresNodeAffinity) return SKIP;
    const names = pod.tpl.nodeNames;
    if (names !== null && names.length === 0) return CONFLICT;
    state.nodeNames = names;
    return SUCCESS;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    return nodeAffinityMatches(pod.pod.template, node.node.labels, node.node.name) ? SUCCESS : REJECT;
  }

  /** Skip when the pod has no preferred terms. */
  preScore(_state: CycleState, pod: PodInfo): Status {
    return pod.tpl.preferredNodeTerms.length > 0 ? SUCCESS : SKIP;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    let s = 0;
    for (const p of pod.tpl.preferredNodeTerms) if (nodeSelectorTermMatches(p.preference, node.node.labels, node.node.name)) s += p.weight;
    return s;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array, _feasible: Int32Array, count: number): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores, count);
  }
}
