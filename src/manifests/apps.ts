/**
 * apps/v1 workloads — Deployment, ReplicaSet, StatefulSet, DaemonSet — with the defaults of
 * pkg/apis/apps/v1/defaults.go and the checks of pkg/apis/apps/validation/validation.go.
 */
import type { PathSegment } from '../yaml/source.js';
import { fail, parseObject, type ObjectCtx } from './context.js';
import { intOrPercentAt, isZero } from './intorpercent.js';
import { schemas, strictSchemas, type TemplateIn } from './schema.js';
import { buildPodTemplate, type TemplateOptions } from './template.js';
import type { IntOrPercent, PodTemplate, Workload } from './types.js';
import { baseWorkload, checkRestartPolicy, workloadSelector } from './workload.js';

const TEMPLATE_PATHS = { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] } as const;

function appsTemplate(ctx: ObjectCtx, kind: string, template: TemplateIn, options: TemplateOptions = {}): PodTemplate {
  checkRestartPolicy(ctx, kind, template.spec.restartPolicy, ['Always']);
  return buildPodTemplate(ctx, template.metadata, template.spec, TEMPLATE_PATHS, options);
}

/**
 * maxSurge / maxUnavailable of a rolling update, defaulted; both zero is rejected
 * ("may not be 0 when `maxSurge` is 0", `ValidateRollingUpdateDeployment`).
 */
function rollingParams(
  ctx: ObjectCtx,
  path: readonly PathSegment[],
  ru: { maxSurge?: number | string | null; maxUnavailable?: number | string | null } | null | undefined,
  dflt: { maxSurge: number | string; maxUnavailable: number | string },
): { maxSurge: IntOrPercent; maxUnavailable: IntOrPercent } {
  const maxSurge = intOrPercentAt(ctx, [...path, 'maxSurge'], ru?.maxSurge ?? dflt.maxSurge, false);
  const maxUnavailable = intOrPercentAt(ctx, [...path, 'maxUnavailable'], ru?.maxUnavailable ?? dflt.maxUnavailable, true);
  if (isZero(maxSurge) && isZero(maxUnavailable)) throw fail(ctx, [...path, 'maxUnavailable'], 'may not be 0 when maxSurge is 0');
  return { maxSurge, maxUnavailable };
}

/** A Deployment: replicas 1, RollingUpdate 25 %/25 %, revisionHistoryLimit 10, progressDeadlineSeconds 600 by default. */
export function readDeployment(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.deployment, strictSchemas.deployment);
  const spec = obj.spec;
  const template = appsTemplate(ctx, 'Deployment', spec.template);
  const selector = workloadSelector(ctx, 'Deployment', spec.selector, template.labels);
  const w = baseWorkload(ctx, 'Deployment', obj.metadata, template, selector);
  w.replicas = spec.replicas ?? 1;
  w.minReadySeconds = spec.minReadySeconds ?? 0;
  w.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
  w.progressDeadlineSeconds = spec.progressDeadlineSeconds ?? 600;
  if (w.progressDeadlineSeconds <= w.minReadySeconds) {
    throw fail(ctx, ['spec', 'progressDeadlineSeconds'], `must be greater than minReadySeconds (${w.minReadySeconds}), got ${w.progressDeadlineSeconds}`);
  }
  const strategy = spec.strategy ?? {};
  w.strategy = strategy.type ?? 'RollingUpdate';
  if (w.strategy === 'Recreate') {
    if (strategy.rollingUpdate) throw fail(ctx, ['spec', 'strategy', 'rollingUpdate'], 'may not be specified when strategy type is Recreate');
  } else {
    Object.assign(w, rollingParams(ctx, ['spec', 'strategy', 'rollingUpdate'], strategy.rollingUpdate, { maxSurge: '25%', maxUnavailable: '25%' }));
  }
  return w;
}

/** A ReplicaSet: replicas 1 by default; pods are replaced only when deleted (strategy OnDelete). */
export function readReplicaSet(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.replicaSet, strictSchemas.replicaSet);
  const template = appsTemplate(ctx, 'ReplicaSet', obj.spec.template);
  const selector = workloadSelector(ctx, 'ReplicaSet', obj.spec.selector, template.labels);
  const w = baseWorkload(ctx, 'ReplicaSet', obj.metadata, template, selector);
  w.replicas = obj.spec.replicas ?? 1;
  w.minReadySeconds = obj.spec.minReadySeconds ?? 0;
  return w;
}

/**
 * A StatefulSet: replicas 1, OrderedReady, RollingUpdate with partition 0 by default. Rolling
 * updates replace one pod at a time (maxUnavailable 1, the controller's value when unset; the
 * field itself is the MaxUnavailableStatefulSet feature), never surging.
 */
export function readStatefulSet(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.statefulSet, strictSchemas.statefulSet);
  const spec = obj.spec;
  const template = appsTemplate(ctx, 'StatefulSet', spec.template);
  const selector = workloadSelector(ctx, 'StatefulSet', spec.selector, template.labels);
  const w = baseWorkload(ctx, 'StatefulSet', obj.metadata, template, selector);
  w.replicas = spec.replicas ?? 1;
  w.minReadySeconds = spec.minReadySeconds ?? 0;
  w.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
  w.podManagementPolicy = spec.podManagementPolicy ?? 'OrderedReady';
  if (spec.serviceName) w.serviceName = spec.serviceName;
  const strategy = spec.updateStrategy ?? {};
  w.strategy = strategy.type ?? 'RollingUpdate';
  const ru = strategy.rollingUpdate;
  if (w.strategy === 'OnDelete') {
    if (ru) throw fail(ctx, ['spec', 'updateStrategy', 'rollingUpdate'], 'only allowed for updateStrategy type RollingUpdate');
  } else {
    w.partition = ru?.partition ?? 0;
    const path = ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'];
    w.maxUnavailable = intOrPercentAt(ctx, path, ru?.maxUnavailable ?? 1, true);
    if (isZero(w.maxUnavailable)) throw fail(ctx, path, 'must be greater than 0');
  }
  return w;
}

/**
 * A DaemonSet: one pod per eligible node (replicas 0 here: the controller computes it),
 * RollingUpdate maxUnavailable 1 / maxSurge 0 by default; its pods get the DaemonSet
 * controller's automatic tolerations.
 */
export function readDaemonSet(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.daemonSet, strictSchemas.daemonSet);
  const spec = obj.spec;
  const template = appsTemplate(ctx, 'DaemonSet', spec.template, { daemonSet: true });
  const selector = workloadSelector(ctx, 'DaemonSet', spec.selector, template.labels);
  const w = baseWorkload(ctx, 'DaemonSet', obj.metadata, template, selector);
  w.replicas = 0;
  w.minReadySeconds = spec.minReadySeconds ?? 0;
  w.revisionHistoryLimit = spec.revisionHistoryLimit ?? 10;
  const strategy = spec.updateStrategy ?? {};
  w.strategy = strategy.type ?? 'RollingUpdate';
  if (w.strategy === 'RollingUpdate') {
    Object.assign(w, rollingParams(ctx, ['spec', 'updateStrategy', 'rollingUpdate'], strategy.rollingUpdate, { maxSurge: 0, maxUnavailable: 1 }));
  }
  return w;
}
