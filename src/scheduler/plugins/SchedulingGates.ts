/**
 * SchedulingGates (pkg/scheduler/framework/plugins/schedulinggates/scheduling_gates.go), a
 * PreEnqueue plugin: a pod that still has `spec.schedulingGates` never enters activeQ; it waits,
 * Pending, with the PodScheduled condition the API server gave it at creation (reason
 * `SchedulingGated`, pkg/registry/core/pod/strategy.go applySchedulingGatedCondition). No
 * FailedScheduling event is written. kubeblast has no operation that removes gates, so such a pod
 * stays Pending for the whole run.
 */
import type { PodObj } from '../../apiserver/objects.js';
import { SUCCESS, unresolvable, type Status } from '../framework/status.js';

/** The PreEnqueue check: Success, or why the pod waits ("waiting for scheduling gates: [a b]"). */
export function schedulingGatesPreEnqueue(pod: PodObj): Status {
  const gates = pod.template.schedulingGates;
  if (gates.length === 0) return SUCCESS;
  return unresolvable(`waiting for scheduling gates: [${gates.join(' ')}]`);
}
