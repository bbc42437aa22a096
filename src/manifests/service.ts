/**
 * v1 Services and policy/v1 PodDisruptionBudgets (policy/v1beta1 read as policy/v1, keeping
 * v1beta1's empty-selector meaning).
 */
import { fail, parseObject, posAt, selectorAt, warn, type ObjectCtx } from './context.js';
import { intOrPercentAt } from './intorpercent.js';
import { schemas, strictSchemas, type PdbIn, type ServiceIn } from './schema.js';
import { compileMapSelector, labelKeyProblem, labelValueProblem } from './selector.js';
import type { PdbSpec, ServiceSpec } from './types.js';
import { namespaceOf, objectKey } from './workload.js';

/** The deprecated annotation the old Endpoints controller honoured; EndpointSlices do not. */
const TOLERATE_UNREADY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';

/**
 * A Service: type ClusterIP by default (`SetDefaults_Service`), headless when clusterIP is None.
 * It selects pods only when it has a non-empty selector and is not ExternalName: the
 * EndpointSlice controller (pkg/controller/endpointslice) skips both.
 */
export function readService(ctx: ObjectCtx, raw: unknown): ServiceSpec {
  const obj = parseObject(ctx, raw, schemas.service, strictSchemas.service);
  const spec: NonNullable<ServiceIn['spec']> = obj.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  for (const [k, v] of Object.entries(spec.selector ?? {})) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw fail(ctx, ['spec', 'selector', k], problem);
  }
  const hasSelector = Object.keys(spec.selector ?? {}).length > 0 && type !== 'ExternalName';
  const annotation = obj.metadata.annotations?.[TOLERATE_UNREADY];
  if (annotation !== undefined && !spec.publishNotReadyAddresses) {
    // ⚠ inference: pkg/controller/endpointslice reads only spec.publishNotReadyAddresses.
    ctx.warnings.push({
      message: `annotation ${TOLERATE_UNREADY} is deprecated and ignored by EndpointSlices; set spec.publishNotReadyAddresses: true to publish unready pods`,
      source: posAt(ctx, ['metadata', 'annotations', TOLERATE_UNREADY], true),
    });
  }
  const namespace = namespaceOf(ctx, obj.metadata);
  return {
    namespace,
    name: obj.metadata.name,
    key: objectKey('Service', namespace, obj.metadata.name),
    selector: hasSelector ? compileMapSelector(spec.selector) : null,
    type,
    headless: spec.clusterIP === 'None',
    publishNotReadyAddresses: spec.publishNotReadyAddresses ?? false,
    source: posAt(ctx, []),
  };
}

/**
 * A PodDisruptionBudget. minAvailable and maxUnavailable are exclusive; when neither is set no
 * default applies (policy/v1 and v1beta1 alike), and the disruption controller then computes
 * expectedPods 0 and so disruptionsAllowed 0 (`getExpectedPodCount`, `updatePdbStatus` in
 * pkg/controller/disruption/disruption.go): every voluntary eviction of a healthy pod is refused —
 * kubeblast warns. `v1beta1` reads a nil or empty selector as selecting nothing.
 */
export function readPdb(ctx: ObjectCtx, raw: unknown, v1beta1: boolean): PdbSpec {
  const obj = parseObject(ctx, raw, schemas.pdb, strictSchemas.pdb);
  const spec: NonNullable<PdbIn['spec']> = obj.spec ?? {};
  const has = (v: unknown) => v !== undefined && v !== null;
  if (has(spec.minAvailable) && has(spec.maxUnavailable)) {
    throw fail(ctx, ['spec', 'maxUnavailable'], 'minAvailable and maxUnavailable cannot be both set');
  }
  const namespace = namespaceOf(ctx, obj.metadata);
  const pdb: PdbSpec = {
    namespace,
    name: obj.metadata.name,
    key: objectKey('pdb', namespace, obj.metadata.name),
    selector: selectorAt(ctx, ['spec', 'selector'], spec.selector, v1beta1 ? 'pdbV1beta1' : 'labelSelector'),
    unhealthyPodEvictionPolicy: spec.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget',
    source: posAt(ctx, []),
  };
  if (has(spec.minAvailable)) pdb.minAvailable = intOrPercentAt(ctx, ['spec', 'minAvailable'], spec.minAvailable!, true);
  if (has(spec.maxUnavailable)) pdb.maxUnavailable = intOrPercentAt(ctx, ['spec', 'maxUnavailable'], spec.maxUnavailable!, true);
  if (!pdb.minAvailable && !pdb.maxUnavailable) {
    warn(ctx, ['spec'], 'neither minAvailable nor maxUnavailable is set: the disruption controller allows no voluntary evictions of healthy pods');
  }
  if (pdb.selector.nothing) warn(ctx, ['spec', 'selector'], 'this selector selects no pods, so the budget protects nothing');
  return pdb;
}
