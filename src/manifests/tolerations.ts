/**
 * Tolerations as pods end up with them: the template's own (validated, operator defaulted), then
 * the DaemonSet controller's automatic ones for DaemonSet pods, then the DefaultTolerationSeconds
 * admission plugin's `not-ready` / `unreachable` tolerations, in the order the API server sees them.
 */
import type { PathSegment } from '../yaml/source.js';
import { fail, type ObjectCtx } from './context.js';
import type { PodSpecIn } from './schema.js';
import type { Toleration } from './types.js';

/** Taint of a node whose Ready condition is False (k8s.io/api/core/v1 well_known_taints.go). */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** Taint of a node whose Ready condition is Unknown (the node controller lost contact). */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** Taint of a node under disk pressure. */
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
/** Taint of a node under memory pressure. */
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
/** Taint of a node under PID pressure. */
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
/** Taint of a cordoned node (spec.unschedulable). */
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** Taint of a node whose network is not configured. */
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/**
 * The template's tolerations, validated as `ValidateTolerations` (pkg/apis/core/validation)
 * does: an empty key needs `Exists`, `Exists` takes no value, `tolerationSeconds` needs `NoExecute`.
 */
export function templateTolerations(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): Toleration[] {
  return (spec.tolerations ?? []).map((t, i) => {
    const at = [...specPath, 'tolerations', i];
    const operator = t.operator ?? 'Equal';
    const key = t.key ?? '';
    if (key === '' && operator !== 'Exists') throw fail(ctx, [...at, 'operator'], 'expected Exists when key is empty (a toleration for every taint)');
    if (operator === 'Exists' && (t.value ?? '') !== '') throw fail(ctx, [...at, 'value'], 'expected no value when operator is Exists');
    const effect = t.effect ? t.effect : undefined;
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
      throw fail(ctx, [...at, 'tolerationSeconds'], "expected effect NoExecute when tolerationSeconds is set");
    }
    const out: Toleration = { operator };
    if (key !== '') out.key = key;
    if (t.value) out.value = t.value;
    if (effect) out.effect = effect;
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) out.tolerationSeconds = t.tolerationSeconds;
    return out;
  });
}

/** Same <key, effect, operator, value>: upstream `Toleration.MatchToleration` (k8s.io/api/core/v1/toleration.go). */
function sameToleration(a: Toleration, b: Toleration): boolean {
  return (a.key ?? '') === (b.key ?? '') && (a.effect ?? '') === (b.effect ?? '') && a.operator === b.operator && (a.value ?? '') === (b.value ?? '');
}

/**
 * `v1helper.AddOrUpdateTolerationInPodSpec` (pkg/apis/core/v1/helper/helpers.go): a toleration
 * with the same key/effect/operator/value is replaced (so a template's `not-ready` toleration with
 * tolerationSeconds becomes "forever" for a DaemonSet pod); otherwise it is appended.
 */
function addOrUpdate(list: Toleration[], t: Toleration): Toleration[] {
  let updated = false;
  const out = list.map((existing) => {
    if (!sameToleration(existing, t)) return existing;
    updated = true;
    return { ...t };
  });
  if (!updated) out.push({ ...t });
  return out;
}

/**
 * The DaemonSet controller's tolerations for its pods (`AddOrUpdateDaemonPodTolerations`,
 * pkg/controller/daemon/util/daemonset_util.go): not-ready and unreachable NoExecute forever, the
 * node-condition NoSchedule taints, and network-unavailable for hostNetwork pods.
 */
export function addDaemonSetTolerations(list: Toleration[], hostNetwork: boolean): Toleration[] {
  const exists = (key: string, effect: Toleration['effect']): Toleration => ({ key, operator: 'Exists', effect });
  let out = addOrUpdate(list, exists(TAINT_NOT_READY, 'NoExecute'));
  out = addOrUpdate(out, exists(TAINT_UNREACHABLE, 'NoExecute'));
  out = addOrUpdate(out, exists(TAINT_DISK_PRESSURE, 'NoSchedule'));
  out = addOrUpdate(out, exists(TAINT_MEMORY_PRESSURE, 'NoSchedule'));
  out = addOrUpdate(out, exists(TAINT_PID_PRESSURE, 'NoSchedule'));
  out = addOrUpdate(out, exists(TAINT_UNSCHEDULABLE, 'NoSchedule'));
  if (hostNetwork) out = addOrUpdate(out, exists(TAINT_NETWORK_UNAVAILABLE, 'NoSchedule'));
  return out;
}

/**
 * The DefaultTolerationSeconds admission plugin
 * (plugin/pkg/admission/defaulttolerationseconds/admission.go): unless some toleration already
 * covers the taint — its key equal or empty, and its effect NoExecute or empty, whatever its
 * operator — append `<taint>:NoExecute Exists` with the configured tolerationSeconds.
 */
export function addDefaultTolerationSeconds(list: Toleration[], notReadySeconds: number, unreachableSeconds: number): Toleration[] {
  const covers = (key: string) => list.some((t) => (t.key === undefined || t.key === key) && (t.effect === undefined || t.effect === 'NoExecute'));
  const out = [...list];
  if (!covers(TAINT_NOT_READY)) {
    out.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReadySeconds });
  }
  if (!covers(TAINT_UNREACHABLE)) {
    out.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachableSeconds });
  }
  return out;
}
