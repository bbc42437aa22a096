/**
 * What every workload reader shares: the object's identity and key, the neutral values of the
 * fields that do not apply to its kind, and the apps/v1 checks on a workload's selector and
 * template (pkg/apis/apps/validation/validation.go).
 */
import type { PathSegment } from '../yaml/source.js';
import { fail, posAt, selectorAt, type ObjectCtx } from './context.js';
import type { LabelSelectorIn } from './schema.js';
import type { PodTemplate, Selector, Workload, WorkloadKind } from './types.js';

/** Output key of an object: `deployment/NS/NAME`. */
export function objectKey(kind: string, namespace: string, name: string): string {
  return `${kind.toLowerCase()}/${namespace}/${name}`;
}

/** Namespace of an object: its own, or the scenario's default. */
export function namespaceOf(ctx: ObjectCtx, meta: { namespace?: string | null }): string {
  return meta.namespace || ctx.opts.defaultNamespace;
}

/**
 * A workload with the identity filled in and every kind-specific field at its neutral value
 * (no rollout parameters, no Job fields); each reader overrides what its kind defines.
 */
export function baseWorkload(ctx: ObjectCtx, kind: WorkloadKind, meta: { name: string; namespace?: string | null }, template: PodTemplate, selector: Selector): Workload {
  const namespace = namespaceOf(ctx, meta);
  return {
    kind,
    namespace,
    name: meta.name,
    key: objectKey(kind, namespace, meta.name),
    replicas: 1,
    selector,
    template,
    minReadySeconds: 0,
    strategy: 'OnDelete',
    maxSurge: { int: 0 },
    maxUnavailable: { int: 0 },
    revisionHistoryLimit: 0,
    progressDeadlineSeconds: 0,
    podManagementPolicy: 'OrderedReady',
    partition: 0,
    completions: null,
    parallelism: 0,
    backoffLimit: 0,
    source: posAt(ctx, []),
  };
}

function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '{}' : `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

/**
 * A workload's `spec.selector` as apps/v1 validation requires it: present, not empty, and
 * matching the template's labels (`ValidatePodTemplateSpecForReplicaSet`). Errors point at the
 * selector.
 */
export function workloadSelector(ctx: ObjectCtx, kind: string, raw: LabelSelectorIn | null | undefined, labels: Record<string, string>, path: readonly PathSegment[] = ['spec', 'selector']): Selector {
  if (!raw) throw fail(ctx, path, `expected a label selector (required for a ${kind}), but it is missing`);
  if (Object.keys(raw.matchLabels ?? {}).length + (raw.matchExpressions ?? []).length === 0) {
    throw fail(ctx, path, `empty selector is invalid for a ${kind}: it would select every pod in the namespace`);
  }
  const selector = selectorAt(ctx, path, raw, 'labelSelector');
  if (!selector.matches(labels)) {
    const at = posAt(ctx, ['spec', 'template', 'metadata', 'labels']);
    throw fail(ctx, path, `selector ${selector.key} does not match the template labels ${describeLabels(labels)} (spec.template.metadata.labels, line ${at.line})`);
  }
  return selector;
}

/**
 * Checks a template's restartPolicy against the kind's allowed values (apps/v1: Always,
 * `ValidatePodTemplateSpecForReplicaSet`; Job: OnFailure or Never, pkg/apis/batch/validation).
 * An unset policy is checked as its default, Always (`SetDefaults_PodSpec`).
 */
export function checkRestartPolicy(ctx: ObjectCtx, kind: string, policy: string | null | undefined, allowed: readonly string[]): void {
  const effective = policy ?? 'Always';
  if (allowed.includes(effective)) return;
  const got = policy ? `"${policy}"` : '"Always" (the default when restartPolicy is unset)';
  throw fail(ctx, ['spec', 'template', 'spec', 'restartPolicy'], `expected ${allowed.join(' or ')} for a ${kind}, got ${got}`);
}
