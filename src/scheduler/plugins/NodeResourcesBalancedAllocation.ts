/**
 * NodeResourcesBalancedAllocation (pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go):
 * favours nodes whose cpu and memory would be used in equal shares after placing the pod, over
 * actual requests (useRequested true):
 *   fraction(r) = min(1, (requested(r) + pod(r)) / allocatable(r)),
 *   std = |fraction(cpu) − fraction(memory)| / 2,  score = trunc((1 − std) × 100).
 * From 1.33 a pod that requests nothing is not scored (kubernetes/kubernetes#129138).
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { MAX_NODE_SCORE, PluginId, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, type Status } from '../framework/status.js';

/** balancedResourceScorer over (cpu, memory): requested and allocatable per resource. */
export function balancedScore(reqCpu: number, allocCpu: number, reqMem: number, allocMem: number): number {
  let f0 = -1;
  let f1 = -1;
  if (allocCpu !== 0) f0 = Math.min(1, reqCpu / allocCpu);
  if (allocMem !== 0) f1 = Math.min(1, reqMem / allocMem);
  // Only with both fractions is there a deviation; with one or none std is 0.
  const std = f0 >= 0 && f1 >= 0 ? Math.abs((f0 - f1) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** The NodeResourcesBalancedAllocation score. */
export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  readonly id = PluginId.NodeResourcesBalancedAllocation;
  readonly weight = 1;

  constructor(private readonly handle: Handle) {}

  /** isBestEffortPod → Skip (1.33+; ⚠ the release that carries the fix is inferred from the issue date). */
  preScore(_state: CycleState, pod: PodInfo): Status {
    if (this.handle.kubernetesMinor >= 33 && pod.tpl.cpuMilli === 0 && pod.tpl.memoryBytes === 0) return SKIP;
    return SUCCESS;
  }

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return balancedScore(node.reqCpuMilli + pod.tpl.cpuMilli, node.allocCpuMilli, node.reqMemoryBytes + pod.tpl.memoryBytes, node.allocMemoryBytes);
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, scores: Float64Array): void {
    for (let k = 0; k < count; k++) scores[k] = this.score(state, pod, nodes[feasible[k]]);
  }

  scoreInto(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, totals: Float64Array): void {
    for (let k = 0; k < count; k++) totals[k] += this.score(state, pod, nodes[feasible[k]]);
  }
}
