/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go, least_allocated.go).
 * Filter (fitsRequest): one more pod must fit the node's pod count, and the pod's cpu and memory
 * requests what is left of allocatable after the requests of the pods already there (bound or
 * assumed; terminating pods included), and each extended resource it requests (nvidia.com/gpu)
 * what the node advertises minus what its pods request. Every insufficient resource is a reason. Score: the
 * default LeastAllocated strategy with weights cpu 1 / memory 1 over non-zero requests
 * (resource_allocation.go, useRequested false):
 *   score(r) = (allocatable − requested) × 100 / allocatable (0 when requested > allocatable),
 *   node score = Σ score(r) × weight / Σ weight, all integer division.
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { MAX_NODE_SCORE, PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type ScorePlugin } from '../framework/interfaces.js';
import { Code, SUCCESS, unschedulable, type Status } from '../framework/status.js';

/** Reasons (InsufficientResource.Reason). */
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';

const TOO_MANY = 1;
const CPU = 2;
const MEM = 4;
/** One shared status per combination of insufficient resources, in upstream's order (pods, cpu, memory). */
const STATUSES: Status[] = Array.from({ length: 8 }, (_, mask) => {
  const reasons: string[] = [];
  if (mask & TOO_MANY) reasons.push(REASON_TOO_MANY_PODS);
  if (mask & CPU) reasons.push(REASON_INSUFFICIENT_CPU);
  if (mask & MEM) reasons.push(REASON_INSUFFICIENT_MEMORY);
  return mask === 0 ? SUCCESS : unschedulable(...reasons);
});

/** One shared status per reason list, so that the FailedScheduling histogram groups equal reasons. */
const extendedStatuses = new Map<string, Status>();

/**
 * fitsRequest for scalar resources: each extended resource the pod requests must fit what is left
 * of the node's allocatable ("Insufficient nvidia.com/gpu"); a node that does not advertise it has
 * 0. Reasons follow pods, cpu, memory, then the pod's resources in name order (upstream iterates
 * podRequest.ScalarResources, a Go map: ⚠ its order is random; kubeblast sorts).
 */
function extendedStatus(mask: number, pod: PodInfo, node: NodeInfo): Status {
  let extra = '';
  for (const [name, n] of pod.tpl.extended) {
    if (n > (node.extAlloc[name] ?? 0) - (node.extReq?.get(name) ?? 0)) extra += `\u0000Insufficient ${name}`;
  }
  if (extra === '') return STATUSES[mask];
  const key = `${mask}${extra}`;
  let status = extendedStatuses.get(key);
  if (!status) {
    const base = STATUSES[mask].code === Code.Success ? [] : STATUSES[mask].reasons;
    status = unschedulable(...base, ...extra.split('\u0000').slice(1));
    extendedStatuses.set(key, status);
  }
  return status;
}

/** leastRequestedScore: the unused share of a resource, 0–100 (integer). */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** The NodeResourcesFit filter and LeastAllocated score. */
export class NodeResourcesFit implements FilterPlugin, ScorePlugin, EnqueueExtensions {
  readonly name = 'NodeResourcesFit';
  readonly id = PluginId.NodeResourcesFit;
  readonly weight = 1;
  readonly events = ['AssignedPodDelete'] as const;

  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status {
    let mask = 0;
    if (node.podCount + 1 > node.allocPods) mask |= TOO_MANY;
    const cpu = pod.tpl.cpuMilli;
    const mem = pod.tpl.memoryBytes;
    if (cpu > 0 && cpu > node.allocCpuMilli - node.reqCpuMilli) mask |= CPU;
    if (mem > 0 && mem > node.allocMemoryBytes - node.reqMemoryBytes) mask |= MEM;
    if (pod.tpl.extended.length > 0) return extendedStatus(mask, pod, node);
    return STATUSES[mask];
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const cpuCap = node.allocCpuMilli;
    const memCap = node.allocMemoryBytes;
    if (cpuCap !== 0 && memCap !== 0) {
      // The common case, both weights 1: (score(cpu) + score(memory)) / 2.
      return Math.floor((leastRequestedScore(node.nonZeroCpuMilli + pod.tpl.nonZeroCpuMilli, cpuCap) + leastRequestedScore(node.nonZeroMemoryBytes + pod.tpl.nonZeroMemoryBytes, memCap)) / 2);
    }
    if (cpuCap !== 0) return leastRequestedScore(node.nonZeroCpuMilli + pod.tpl.nonZeroCpuMilli, cpuCap);
    if (memCap !== 0) return leastRequestedScore(node.nonZeroMemoryBytes + pod.tpl.nonZeroMemoryBytes, memCap);
    return 0;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, scores: Float64Array): void {
    for (let k = 0; k < count; k++) scores[k] = this.score(state, pod, nodes[feasible[k]]);
  }

  scoreInto(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, totals: Float64Array): void {
    for (let k = 0; k < count; k++) totals[k] += this.score(state, pod, nodes[feasible[k]]);
  }

  /** isSchedulableAfterPodEvent: a pod that leaves a node frees what it requested. */
  isSchedulableAfter(event: ClusterEvent): boolean {
    return event.kind === 'AssignedPodDelete';
  }
}
