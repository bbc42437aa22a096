/**
 * NodePorts (pkg/scheduler/framework/plugins/nodeports/node_ports.go): a pod that binds host
 * ports fits only a node where no pod (bound or assumed, terminating included) already binds a
 * conflicting one. Two host ports conflict when protocol and port are equal and the IPs are equal
 * or either is 0.0.0.0 (`HostPortInfo.CheckConflict`, pkg/scheduler/framework/types.go).
 */
import type { HostPort } from '../../manifests/types.js';
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, unschedulable, type Status } from '../framework/status.js';

/** ErrReason. */
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const REJECT = unschedulable(ERR_REASON_NODE_PORTS);

const ANY_IP = '0.0.0.0';

/** Whether two host ports cannot both be bound on one node. */
export function portsConflict(a: HostPort, b: HostPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === ANY_IP || b.ip === ANY_IP);
}

/** The NodePorts filter. */
export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = 'NodePorts';
  readonly id = PluginId.NodePorts;
  readonly events = ['AssignedPodDelete'] as const;

  /** A pod without host ports passes everywhere (upstream's PreFilter returns Skip too). */
  preFilter(_state: CycleState, pod: PodInfo): Status {
    return pod.pod.template.hostPorts.length > 0 ? SUCCESS : SKIP;
  }

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    const want = pod.pod.template.hostPorts;
    if (want.length === 0) return SUCCESS;
    for (const other of node.pods) {
      for (const used of other.pod.template.hostPorts) {
        for (const w of want) if (portsConflict(w, used)) return REJECT;
      }
    }
    return SUCCESS;
  }

  /** isSchedulableAfterPodDeleted: a pod leaving a node frees its ports. */
  isSchedulableAfter(event: ClusterEvent): boolean {
    return event.kind === 'AssignedPodDelete';
  }
}
