/**
 * Kubernetes matching rules shared by the scheduler, the DaemonSet controller and taint
 * eviction: tolerations against taints, nodeSelector and required node affinity against node
 * labels. Upstream: k8s.io/api/core/v1/toleration.go (ToleratesTaint),
 * k8s.io/component-helpers/scheduling/corev1 (GetRequiredNodeAffinity, nodeaffinity).
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.js';
import type { Taint } from '../topology/types.js';
import type { PodTemplate, Toleration } from './types.js';

/** Whether one toleration tolerates a taint (v1 Toleration.ToleratesTaint). */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  if (t.key !== undefined && t.key !== '' && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** Whether some toleration of the list tolerates the taint. */
export function toleratedBy(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (tolerates(t, taint)) return true;
  return false;
}

/** The first taint with one of `effects` that no toleration tolerates, or undefined (v1helper.FindMatchingUntoleratedTaint). */
export function untoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], effects: readonly Taint['effect'][]): Taint | undefined {
  for (const taint of taints) {
    if (!effects.includes(taint.effect)) continue;
    if (!toleratedBy(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * For NoExecute taints all tolerated: the shortest tolerationSeconds among the tolerations that
 * match any of them (`Infinity` when every match tolerates forever), as the taint-eviction
 * controller's getMinTolerationTime computes it (≤ 0 means evict now).
 */
export function minTolerationSeconds(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    for (const t of tolerations) {
      if (tolerates(t, taint) && t.tolerationSeconds !== undefined) min = Math.min(min, t.tolerationSeconds);
    }
  }
  return min;
}

function requirementMatches(r: NodeSelectorRequirement, labels: Readonly<Record<string, string>>, nodeName: string, field: boolean): boolean {
  const value = field ? (r.key === 'metadata.name' ? nodeName : undefined) : labels[r.key];
  const has = value !== undefined;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether a node selector term matches (its expressions and fields ANDed; an empty term matches nothing). */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, labels, nodeName, false)) return false;
  for (const r of fields) if (!requirementMatches(r, labels, nodeName, true)) return false;
  return true;
}

/** nodeSelector and requiredDuringScheduling node affinity (terms ORed), as the NodeAffinity filter checks them. */
export function nodeAffinityMatches(template: PodTemplate, labels: Readonly<Record<string, string>>, nodeName: string): boolean {
  for (const k in template.nodeSelector) if (labels[k] !== template.nodeSelector[k]) return false;
  const required = template.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  for (const term of required.nodeSelectorTerms) if (nodeSelectorTermMatches(term, labels, nodeName)) return true;
  return false;
}
