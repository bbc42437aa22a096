/**
 * NodeUnschedulable (pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go):
 * a cordoned node (spec.unschedulable) takes only pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 */
import { TAINT_UNSCHEDULABLE } from '../../apiserver/objects.js';
import { toleratedBy } from '../../manifests/match.js';
import type { Taint } from '../../topology/types.js';
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, unresolvable, type Status } from '../framework/status.js';

/** ErrReasonUnschedulable. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const REJECT = unresolvable(ERR_REASON_UNSCHEDULABLE);
const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' };

/** The NodeUnschedulable filter. */
export class NodeUnschedulable implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = 'NodeUnschedulable';
  readonly id = PluginId.NodeUnschedulable;
  readonly events = ['NodeUpdate'] as const;

  constructor(private readonly handle: Handle) {}

  /** Not upstream: with no node cordoned the filter passes everywhere, so it is skipped (same result, less work). */
  preFilter(): Status {
    return this.handle.cache.nodeSummary().unschedulable === 0 ? SKIP : SUCCESS;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    if (!node.node.unschedulable) return SUCCESS;
    return toleratedBy(pod.pod.tolerations, UNSCHEDULABLE_TAINT) ? SUCCESS : REJECT;
  }

  /** isSchedulableAfterNodeChange: queue when the node is (now) schedulable for the pod. */
  isSchedulableAfter(event: ClusterEvent, pod: PodInfo): boolean {
    if (event.kind !== 'NodeUpdate') return false;
    return !event.node.unschedulable || toleratedBy(pod.pod.tolerations, UNSCHEDULABLE_TAINT);
  }
}
