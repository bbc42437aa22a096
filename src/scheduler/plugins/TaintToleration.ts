/**
 * TaintToleration (pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go).
 * Filter: the node's NoSchedule and NoExecute taints must all be tolerated (the first one that
 * is not is named in the reason). Score: the number of PreferNoSchedule taints the pod does not
 * tolerate, normalized in reverse (fewer is better).
 */
import { toleratedBy, untoleratedTaint } from '../../manifests/match.js';
import type { Toleration } from '../../manifests/types.js';
import type { Taint } from '../../topology/types.js';
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { MAX_NODE_SCORE, PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { defaultNormalizeScore } from '../framework/normalize.js';
import { Code, SKIP, StatusCache, SUCCESS, type Status } from '../framework/status.js';

/** helper.DoNotScheduleTaintsFilterFunc: the effects the filter enforces. */
export const DO_NOT_SCHEDULE_EFFECTS: readonly Taint['effect'][] = ['NoSchedule', 'NoExecute'];

/** The untolerated-taint reason (`node(s) had untolerated taint {key: value}`). */
export function untoleratedTaintReason(t: Taint): string {
  return `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;
}

/** The TaintToleration filter and score. */
export class TaintToleration implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = 'TaintToleration';
  readonly id = PluginId.TaintToleration;
  readonly weight = 3;
  readonly events = ['NodeUpdate'] as const;
  private readonly rejections = new StatusCache(Code.UnschedulableAndUnresolvable);
  /**
   * The rejection for each taint object (taints are never mutated; a changed list is a new one):
   * when a zone is down, every cycle meets thousands of tainted nodes, and building the reason
   * string for each of them dominated the scheduler's profile.
   */
  private readonly byTaint = new WeakMap<Taint, Status>();

  constructor(private readonly handle: Handle) {}

  /** Not upstream: with no NoSchedule/NoExecute taint on any node the filter passes everywhere and is skipped. */
  preFilter(): Status {
    return this.handle.cache.nodeSummary().hardTainted === 0 ? SKIP : SUCCESS;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    // Only NoSchedule and NoExecute taints can reject; the cache's flag spares reading the node object.
    if (!node.hardTainted) return SUCCESS;
    const t = untoleratedTaint(node.node.taints, pod.pod.tolerations, DO_NOT_SCHEDULE_EFFECTS);
    return t === undefined ? SUCCESS : this.rejection(t);
  }

  private rejection(t: Taint): Status {
    let s = this.byTaint.get(t);
    if (s === undefined) {
      s = this.rejections.get(untoleratedTaintReason(t));
      this.byTaint.set(t, s);
    }
    return s;
  }

  /**
   * getAllTolerationPreferNoSchedule: tolerations that apply to PreferNoSchedule taints. Not
   * upstream: with no PreferNoSchedule taint anywhere every node would score 100 (× 3), the same
   * for all, so scoring is skipped — the choice of node does not change.
   */
  preScore(state: CycleState, pod: PodInfo): Status {
    if (this.handle.cache.nodeSummary().preferTainted === 0) return SKIP;
    const prefer: Toleration[] = [];
    for (const t of pod.pod.tolerations) if (t.effect === undefined || t.effect === 'PreferNoSchedule') prefer.push(t);
    state.write(this.id, prefer);
    return SUCCESS;
  }

  /** countIntolerableTaintsPreferNoSchedule. */
  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const taints = node.node.taints;
    if (taints.length === 0) return 0;
    const prefer = state.read<Toleration[]>(this.id);
    let n = 0;
    for (const t of taints) if (t.effect === 'PreferNoSchedule' && !toleratedBy(prefer, t)) n++;
    return n;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array, _feasible: Int32Array, count: number): void {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores, count);
  }

  /** isSchedulableAfterNodeChange: queue when the pod now tolerates the node's taints. */
  isSchedulableAfter(event: ClusterEvent, pod: PodInfo): boolean {
    if (event.kind !== 'NodeUpdate') return false;
    return untoleratedTaint(event.node.taints, pod.pod.tolerations, DO_NOT_SCHEDULE_EFFECTS) === undefined;
  }
}
