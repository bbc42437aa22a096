/**
 * NodeName (pkg/scheduler/framework/plugins/nodename/node_name.go): a pod that names a node in
 * spec.nodeName fits only that node.
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { PluginId, type FilterPlugin, type PreFilterPlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, unresolvable, type Status } from '../framework/status.js';

/** ErrReason. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";
const REJECT = unresolvable(ERR_REASON_NODE_NAME);

/** The NodeName filter. */
export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodeName';
  readonly id = PluginId.NodeName;

  /** Not upstream: a pod that names no node passes everywhere, so the filter is skipped (same result, less work). */
  preFilter(_state: CycleState, pod: PodInfo): Status {
    return pod.pod.template.nodeName ? SUCCESS : SKIP;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const want = pod.pod.template.nodeName;
    return want === undefined || want === '' || want === node.node.name ? SUCCESS : REJECT;
  }
}
