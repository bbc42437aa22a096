/**
 * The default profile (pkg/scheduler/apis/config/v1/default_plugins.go): the plugins kubeblast
 * simulates, in upstream's order at each extension point, with upstream's score weights
 * (TaintToleration 3, NodeAffinity 2, NodeResourcesFit 1, PodTopologySpread 2, InterPodAffinity 2,
 * NodeResourcesBalancedAllocation 1). NodePorts filters host ports; SchedulingGates is a PreEnqueue
 * check the process makes before queueing (plugins/SchedulingGates.ts). Plugins for images have
 * nothing to act on in kubeblast and are left out.
 */
import type { Handle } from './framework/handle.js';
import type { EnqueueExtensions } from './framework/interfaces.js';
import type { Profile } from './framework/runtime.js';
import { DefaultPreemption } from './plugins/DefaultPreemption.js';
import { InterPodAffinity } from './plugins/InterPodAffinity.js';
import { NodeAffinity } from './plugins/NodeAffinity.js';
import { NodeName } from './plugins/NodeName.js';
import { NodePorts } from './plugins/NodePorts.js';
import { NodeResourcesBalancedAllocation } from './plugins/NodeResourcesBalancedAllocation.js';
import { NodeResourcesFit } from './plugins/NodeResourcesFit.js';
import { NodeUnschedulable } from './plugins/NodeUnschedulable.js';
import { PodTopologySpread } from './plugins/PodTopologySpread.js';
import { TaintToleration } from './plugins/TaintToleration.js';
import { VolumeBinding } from './plugins/VolumeBinding.js';

/** The default profile for a process, plus the plugins that take part in requeueing. */
export function defaultProfile(handle: Handle): { profile: Profile; enqueue: EnqueueExtensions[] } {
  const nodeUnschedulable = new NodeUnschedulable(handle);
  const nodeName = new NodeName();
  const taints = new TaintToleration(handle);
  const nodeAffinity = new NodeAffinity();
  const ports = new NodePorts();
  const fit = new NodeResourcesFit();
  const spread = new PodTopologySpread(handle);
  const interPod = new InterPodAffinity(handle);
  const balanced = new NodeResourcesBalancedAllocation(handle);
  const volumes = new VolumeBinding(handle);
  return {
    profile: {
      preFilter: [nodeUnschedulable, nodeName, taints, nodeAffinity, ports, spread, interPod, volumes],
      filter: [nodeUnschedulable, nodeName, taints, nodeAffinity, ports, fit, volumes, spread, interPod],
      postFilter: new DefaultPreemption(handle),
      preScore: [taints, nodeAffinity, spread, interPod, balanced],
      score: [taints, nodeAffinity, fit, spread, interPod, balanced],
    },
    enqueue: [nodeUnschedulable, taints, ports, fit, spread, interPod, volumes],
  };
}
