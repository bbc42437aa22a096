/**
 * The LimitRanger admission plugin's defaults (plugin/pkg/admission/limitranger/admission.go):
 * every container of a pod created in a namespace with a LimitRange gets the range's default
 * limits and default requests for the resources it does not set itself. The range's own
 * defaulting comes first (`SetDefaults_LimitRangeItem`, pkg/apis/core/v1/defaults.go): a
 * Container item without `default` takes `max`, without `defaultRequest` takes `default`, then
 * `min`. Min/max validation is not simulated (the loader warns instead: a pod it would refuse is
 * listed, not modelled as never created).
 */
import type { LimitRangeIn, PodSpecIn } from './schema.js';

type Quantities = Record<string, string | number>;

/** What LimitRanger fills in for a namespace's containers. */
export interface ContainerDefaults {
  limits: Quantities;
  requests: Quantities;
  /** Names of the LimitRanges that contributed (for messages). */
  from: string[];
}

/**
 * The container defaults of one LimitRange: each `type: Container` item after
 * `SetDefaults_LimitRangeItem`; a later item overrides an earlier one for the same resource, as
 * `defaultContainerResourceRequirements` assigns them in order.
 */
export function limitRangeDefaults(range: LimitRangeIn): { limits: Quantities; requests: Quantities } {
  const limits: Quantities = {};
  const requests: Quantities = {};
  for (const item of range.spec.limits) {
    if (item.type !== 'Container') continue;
    const dLimit: Quantities = { ...(item.max ?? {}), ...(item.default ?? {}) };
    // defaultRequest, else the (defaulted) default limit, else min: the order SetDefaults_LimitRangeItem fills it.
    const dRequest: Quantities = { ...(item.min ?? {}), ...dLimit, ...(item.defaultRequest ?? {}) };
    Object.assign(limits, dLimit);
    Object.assign(requests, dRequest);
  }
  return { limits, requests };
}

/**
 * Merges the defaults of several LimitRanges of one namespace, in the order the admission plugin
 * meets them: a resource already defaulted by an earlier range keeps its value
 * (`mergeContainerResources` never overwrites what is set).
 */
export function mergeDefaults(into: ContainerDefaults, name: string, d: { limits: Quantities; requests: Quantities }): void {
  for (const [k, v] of Object.entries(d.limits)) if (!(k in into.limits)) into.limits[k] = v;
  for (const [k, v] of Object.entries(d.requests)) if (!(k in into.requests)) into.requests[k] = v;
  into.from.push(name);
}

type Container = PodSpecIn['containers'][number];

/**
 * A container as LimitRanger leaves it. Pod defaulting runs before admission, so a resource the
 * container limits already requests its limit (`SetDefaults_Pod`); only resources with neither a
 * request nor a limit take `defaultRequest`.
 */
function mergeContainer(c: Container, d: ContainerDefaults): Container {
  const ownLimits = c.resources?.limits ?? {};
  const ownRequests = c.resources?.requests ?? {};
  const limits: Quantities = { ...d.limits, ...ownLimits };
  const requests: Quantities = {};
  for (const [k, v] of Object.entries(d.requests)) if (!(k in ownLimits)) requests[k] = v;
  Object.assign(requests, ownRequests);
  return { ...c, resources: { ...(c.resources ?? {}), limits, requests } };
}

/** The pod spec after LimitRanger: containers and init containers defaulted (`mergePodResourceRequirements`). */
export function applyLimitRange(spec: PodSpecIn, d: ContainerDefaults | undefined): PodSpecIn {
  if (!d || (Object.keys(d.limits).length === 0 && Object.keys(d.requests).length === 0)) return spec;
  const out: PodSpecIn = { ...spec, containers: spec.containers.map((c) => mergeContainer(c, d)) };
  if (spec.initContainers) out.initContainers = spec.initContainers.map((c) => mergeContainer(c, d));
  return out;
}
