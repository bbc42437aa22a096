/**
 * v1 ReplicationController (pkg/apis/core/v1/defaults.go `SetDefaults_ReplicationController`,
 * pkg/controller/replication, which runs the ReplicaSet controller's code on RCs): a map
 * selector that defaults to the template's labels, replicas 1; pods replaced only when deleted.
 */
import { fail, parseObject, type ObjectCtx } from './context.js';
import { schemas, strictSchemas } from './schema.js';
import { buildPodTemplate } from './template.js';
import type { Workload } from './types.js';
import { baseWorkload, checkRestartPolicy, workloadSelector } from './workload.js';

/** A ReplicationController, read as the ReplicaSet controller sees it (an equality selector). */
export function readReplicationController(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.replicationController, strictSchemas.replicationController);
  const spec = obj.spec;
  checkRestartPolicy(ctx, 'ReplicationController', spec.template.spec.restartPolicy, ['Always']);
  const paths = { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] };
  const template = buildPodTemplate(ctx, spec.template.metadata, spec.template.spec, paths);
  // SetDefaults_ReplicationController: an empty selector becomes the template's labels.
  const selectorMap = Object.keys(spec.selector ?? {}).length > 0 ? spec.selector! : template.labels;
  if (Object.keys(selectorMap).length === 0) throw fail(ctx, ['spec', 'selector'], 'expected a selector or template labels (ValidateReplicationControllerSpec: selector must not be empty)');
  const selector = workloadSelector(ctx, 'ReplicationController', { matchLabels: selectorMap }, template.labels);
  const w = baseWorkload(ctx, 'ReplicationController', obj.metadata, template, selector);
  w.replicas = spec.replicas ?? 1;
  w.minReadySeconds = spec.minReadySeconds ?? 0;
  return w;
}
