/**
 * DefaultPreemption as a PostFilter (pkg/scheduler/framework/plugins/defaultpreemption,
 * framework/preemption/preemption.go), reduced to its message. kubeblast does not evict pods to
 * make room for higher-priority ones. When no node that preemption could help (status
 * Unschedulable) holds a pod of lower priority, upstream's dry run finds no victim anywhere and
 * preemption changes nothing; the message is then exactly upstream's:
 *   "preemption: 0/N nodes are available: K No preemption victims found for incoming pod,
 *    M Preemption is not helpful for scheduling."
 * (nodes rejected as UnschedulableAndUnresolvable are "not helpful"). When lower-priority pods
 * exist on such nodes, upstream would preempt; kubeblast says "preemption: not attempted".
 */
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { fitErrorText, histogramOf } from '../framework/fit-error.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type Diagnosis, type PostFilterPlugin } from '../framework/interfaces.js';
import { Code, unresolvable, unschedulable, type Status } from '../framework/status.js';

const NO_VICTIMS = unresolvable('No preemption victims found for incoming pod');
const NOT_HELPFUL = unresolvable('Preemption is not helpful for scheduling');
/** What kubeblast says when upstream would have preempted lower-priority pods. */
export const PREEMPTION_NOT_ATTEMPTED = 'preemption: not attempted';

/** The DefaultPreemption PostFilter (message only). */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  readonly id = PluginId.DefaultPreemption;

  constructor(private readonly handle: Handle) {}

  postFilter(_state: CycleState, pod: PodInfo, diagnosis: Diagnosis, numAllNodes: number): Status {
    const cache = this.handle.cache;
    const { nodes, statuses } = diagnosis;
    // Nodes preemption could help: rejected as Unschedulable (not UnschedulableAndUnresolvable).
    let potential = 0;
    for (let k = 0; k < nodes.length; k++) if (statuses[k].code === Code.Unschedulable) potential++;
    if (potential > 0 && cache.hasPriorityBelow(pod.priority)) {
      for (let k = 0; k < nodes.length; k++) {
        if (statuses[k].code !== Code.Unschedulable) continue;
        for (const p of cache.nodes[nodes[k]].pods) if (p.priority < pod.priority) return unschedulable(PREEMPTION_NOT_ATTEMPTED);
      }
    }
    // Dry run with no victims: each potential node "No preemption victims found", every other node absent → "not helpful".
    const byStatus = new Map<Status, number>();
    if (potential > 0) byStatus.set(NO_VICTIMS, potential);
    if (numAllNodes > potential) byStatus.set(NOT_HELPFUL, numAllNodes - potential);
    const msg = fitErrorText(numAllNodes, '', histogramOf(byStatus), '');
    // The inner FitError ends with '.', and the outer one adds its own: upstream's events end in "pod..".
    return unschedulable(`preemption: ${msg}`);
  }
}
