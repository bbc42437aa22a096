/**
 * The taints the node lifecycle controller manages, as pure functions over a node's taint list —
 * ref: node_lifecycle_controller.go (UnreachableTaintTemplate, NotReadyTaintTemplate,
 * nodeConditionToTaintKeyStatusMap, doNoScheduleTaintingPass) and pkg/controller/util/node
 * SwapNodeControllerTaint. Each returns the new list, or null when nothing changes (so callers
 * write only when needed, as upstream skips the PATCH).
 */
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type NodeObj } from '../../apiserver/objects.js';
import type { Taint } from '../../topology/types.js';

/** `node.kubernetes.io/unreachable:NoExecute`: the Ready condition is Unknown. */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };
/** `node.kubernetes.io/not-ready:NoExecute`: the kubelet posted Ready=False. */
export const NOT_READY_NO_EXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };

/** Whether the list holds a taint with this key and effect (taintutils.TaintExists compares key and effect). */
export function hasTaint(taints: readonly Taint[], t: Taint): boolean {
  return taints.some((x) => x.key === t.key && x.effect === t.effect);
}

/** Adds `add` (if missing) and removes `remove` (if present). */
export function swapTaints(taints: readonly Taint[], add: readonly Taint[], remove: readonly Taint[]): Taint[] | null {
  const kept = taints.filter((x) => !hasTaint(remove, x));
  const missing = add.filter((t) => !hasTaint(kept, t));
  if (kept.length === taints.length && missing.length === 0) return null;
  return [...kept, ...missing.map((t) => ({ ...t }))];
}

/** The NoExecute taint for a Ready condition, and its opposite (the two are mutually exclusive). */
export function noExecuteFor(ready: NodeObj['ready']): { taint: Taint; opposite: Taint } | null {
  if (ready === 'Unknown') return { taint: UNREACHABLE_NO_EXECUTE, opposite: NOT_READY_NO_EXECUTE };
  if (ready === 'False') return { taint: NOT_READY_NO_EXECUTE, opposite: UNREACHABLE_NO_EXECUTE };
  return null;
}

/** Keys of the NoSchedule taints kubeblast's controller derives from node state (conditions it models, and cordon). */
const MANAGED_NO_SCHEDULE = [TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE];

/**
 * `doNoScheduleTaintingPass`: the NoSchedule taints the node's Ready condition and
 * spec.unschedulable call for, reconciled against those present. ⚠ Memory/disk/PID pressure and
 * network-unavailable are not modelled, so their taints are left alone.
 */
export function reconcileNoSchedule(node: NodeObj): Taint[] | null {
  const want: Taint[] = [];
  if (node.ready === 'False') want.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' });
  if (node.ready === 'Unknown') want.push({ key: TAINT_UNREACHABLE, effect: 'NoSchedule' });
  if (node.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  const stale = node.taints.filter((t) => t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.includes(t.key) && !hasTaint(want, t));
  return swapTaints(node.taints, want, stale);
}
