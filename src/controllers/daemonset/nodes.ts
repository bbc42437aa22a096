/**
 * Which nodes a DaemonSet runs on and how its pods are pinned there
 * (pkg/controller/daemon/daemon_controller.go `NodeShouldRunDaemonPod`, `predicates`;
 * pkg/controller/daemon/util/daemonset_util.go `ReplaceDaemonSetPodNodeNameNodeAffinity`,
 * `GetTargetNodeName`). Pure functions.
 */
import type { NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import type { NodeObj, PodObj } from '../../apiserver/objects.js';
import { nodeAffinityMatches, untoleratedTaint } from '../../manifests/match.js';
import type { PodTemplate } from '../../manifests/types.js';

/**
 * NodeShouldRunDaemonPod: `shouldRun` — a new pod belongs there (node name, node selector and
 * required affinity match, and every NoSchedule/NoExecute taint is tolerated); `shouldContinue`
 * — an existing pod may stay (only NoExecute taints must be tolerated). `spec.unschedulable` is
 * not a predicate: DaemonSet pods tolerate the unschedulable taint, so cordoned nodes keep them.
 */
export function nodeShouldRunDaemonPod(template: PodTemplate, node: NodeObj): { shouldRun: boolean; shouldContinue: boolean } {
  // A deleted Node is not in the lister: no pod is made for it, and its pods are left to pod GC.
  if (node.deleted) return { shouldRun: false, shouldContinue: false };
  if (template.nodeName && template.nodeName !== node.name) return { shouldRun: false, shouldContinue: false };
  if (!nodeAffinityMatches(template, node.labels, node.name)) return { shouldRun: false, shouldContinue: false };
  if (!untoleratedTaint(node.taints, template.tolerations, ['NoSchedule', 'NoExecute'])) return { shouldRun: true, shouldContinue: true };
  return { shouldRun: false, shouldContinue: !untoleratedTaint(node.taints, template.tolerations, ['NoExecute']) };
}

/**
 * The template of a DaemonSet pod for one node: required node affinity replaced by
 * `matchFields metadata.name In [node]`, so the default scheduler binds it there (since 1.12).
 */
export function pinToNode(template: PodTemplate, nodeName: string): PodTemplate {
  const term: NodeSelectorTerm = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const affinity = template.affinity ?? {};
  const nodeAffinity = { ...(affinity.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } };
  return { ...template, affinity: { ...affinity, nodeAffinity } };
}

/** GetTargetNodeName: the bound node, else the node its matchFields affinity names (by name), else undefined. */
export function targetNodeName(pod: PodObj, nodes: readonly NodeObj[]): string | undefined {
  if (pod.node >= 0) return nodes[pod.node].name;
  const terms = pod.template.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}
