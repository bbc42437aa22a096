/**
 * Feature gates kubeblast honours, by Kubernetes version (pkg/features/kube_features.go). When a
 * gate is off, the API server drops the field it guards on create (`dropDisabledFields`,
 * pkg/api/pod/util.go), so the pod behaves as if it were never written; kubeblast drops it too and
 * says so. Versions below `onFrom` have the gate off by default (alpha, or not yet present).
 */
import { warn, type ObjectCtx } from './context.js';
import type { PodSpecIn } from './schema.js';
import type { PathSegment } from '../yaml/source.js';

/** A gate and the first minor version where it is on by default. */
export interface Gate {
  name: string;
  /** First 1.x minor where the gate is on by default (beta or GA). */
  onFrom: number;
  /** The pod-spec field it guards, as written in messages. */
  field: string;
}

/**
 * The gates honoured. PodLevelResources: alpha 1.32, beta and on 1.34 (kube_features.go
 * `PodLevelResources`). Sidecar containers (`initContainers[].restartPolicy`): beta and on 1.29,
 * so on in every supported version (1.25+ would need 1.28 alpha: dropped before 1.29).
 * PodSchedulingReadiness (`schedulingGates`): beta and on 1.27, GA 1.30.
 */
export const GATES: readonly Gate[] = [
  { name: 'PodLevelResources', onFrom: 34, field: 'resources' },
  { name: 'SidecarContainers', onFrom: 29, field: 'initContainers[].restartPolicy' },
  { name: 'PodSchedulingReadiness', onFrom: 27, field: 'schedulingGates' },
];

/** Whether `gate` is on in the options' version (every gate is on when no version is given). */
export function gateOn(ctx: ObjectCtx, name: string): boolean {
  const minor = ctx.opts.kubernetesMinor;
  const gate = GATES.find((g) => g.name === name);
  return minor === undefined || !gate || minor >= gate.onFrom;
}

function dropped(ctx: ObjectCtx, path: readonly PathSegment[], name: string): void {
  const gate = GATES.find((g) => g.name === name)!;
  warn(ctx, path, `dropped by the API server of Kubernetes 1.${ctx.opts.kubernetesMinor}: the ${name} feature gate is off by default before 1.${gate.onFrom}`);
}

/** The pod spec without the fields of gates that are off in the scenario's version, with a warning for each. */
export function dropGatedFields(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): PodSpecIn {
  let out = spec;
  if (spec.resources && !gateOn(ctx, 'PodLevelResources')) {
    dropped(ctx, [...specPath, 'resources'], 'PodLevelResources');
    out = { ...out, resources: undefined };
  }
  if (!gateOn(ctx, 'SidecarContainers') && (spec.initContainers ?? []).some((c) => c.restartPolicy)) {
    spec.initContainers!.forEach((c, i) => { if (c.restartPolicy) dropped(ctx, [...specPath, 'initContainers', i, 'restartPolicy'], 'SidecarContainers'); });
    out = { ...out, initContainers: spec.initContainers!.map((c) => ({ ...c, restartPolicy: undefined })) };
  }
  if (spec.schedulingGates !== undefined && spec.schedulingGates !== null && !gateOn(ctx, 'PodSchedulingReadiness')) {
    dropped(ctx, [...specPath, 'schedulingGates'], 'PodSchedulingReadiness');
    out = { ...out, schedulingGates: undefined };
  }
  return out;
}
