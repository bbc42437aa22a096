/**
 * The LimitRanger admission plugin's defaults (plugin/pkg/admission/limitranger/admission.go):
 * every container of a pod created in a namespace with a LimitRange gets the range's default
 * limits and default requests for the resources it does not set itself. The range's own
 * defaulting comes first (`SetDefaults_LimitRangeItem`, pkg/apis/core/v1/defaults.go): a
 * Container item without `default` takes `max`, without `defaultRequest` takes `default`, then
 * `min`. Pods outside a Container item's max, min or maxLimitRequestRatio are refused by the API
 * server (PodLimitFunc: `minConstraint`, `maxConstraint`, `limitRequestRatioConstraint`); kubeblast
 * warns and simulates them anyway (Pod-type items are not checked)
 * (⚠ a controller's creates would fail for good).
 */
import type { LimitRangeIn, PodSpecIn } from './schema.js';

type Quantities = Record<string, string | number>;

/** What LimitRanger fills in for a namespace's containers. */
export interface ContainerDefaults {
  limits: Quantities;
  requests: Quantities;
  /** The Container items' max and min, checked after defaulting (LimitRanger's Validate). */
  max?: Quantities;
  min?: Quantities;
  /** The Container items' maxLimitRequestRatio: limit / request at most this. */
  ratio?: Quantities;
  /** Names of the LimitRanges that contributed (for messages). */
  from: string[];
}

/**
 * The container defaults of one LimitRange: each `type: Container` item after
 * `SetDefaults_LimitRangeItem`; a later item overrides an earlier one for the same resource, as
 * `defaultContainerResourceRequirements` assigns them in order.
 */
export function limitRangeDefaults(range: LimitRangeIn): { limits: Quantities; requests: Quantities; max: Quantities; min: Quantities; ratio: Quantities } {
  const limits: Quantities = {};
  const requests: Quantities = {};
  const max: Quantities = {};
  const min: Quantities = {};
  const ratio: Quantities = {};
  for (const item of range.spec.limits) {
    if (item.type !== 'Container') continue;
    const dLimit: Quantities = { ...(item.max ?? {}), ...(item.default ?? {}) };
    // defaultRequest, else the (defaulted) default limit, else min: the order SetDefaults_LimitRangeItem fills it.
    const dRequest: Quantities = { ...(item.min ?? {}), ...dLimit, ...(item.defaultRequest ?? {}) };
    Object.assign(limits, dLimit);
    Object.assign(requests, dRequest);
    Object.assign(max, item.max ?? {});
    Object.assign(min, item.min ?? {});
    Object.assign(ratio, item.maxLimitRequestRatio ?? {});
  }
  return { limits, requests, max, min, ratio };
}

/**
 * Merges the defaults of several LimitRanges of one namespace, in the order the admission plugin
 * meets them: a resource already defaulted by an earlier range keeps its value
 * (`mergeContainerResources` never overwrites what is set).
 */
export function mergeDefaults(into: ContainerDefaults, name: string, d: { limits: Quantities; requests: Quantities; max?: Quantities; min?: Quantities; ratio?: Quantities }): void {
  for (const [k, v] of Object.entries(d.limits)) if (!(k in into.limits)) into.limits[k] = v;
  for (const [k, v] of Object.entries(d.requests)) if (!(k in into.requests)) into.requests[k] = v;
  // Every range's max and min hold (Validate runs per LimitRange); the tightest one bites first.
  if (d.max && Object.keys(d.max).length > 0) into.max = { ...d.max, ...(into.max ?? {}) };
  if (d.min && Object.keys(d.min).length > 0) into.min = { ...d.min, ...(into.min ?? {}) };
  if (d.ratio && Object.keys(d.ratio).length > 0) into.ratio = { ...d.ratio, ...(into.ratio ?? {}) };
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

/** Parses a quantity for comparison (milli units for cpu and extended resources, bytes for the rest). */
export type ParseQuantity = (name: string, value: string | number) => number;

/**
 * LimitRanger's Validate for Container items (PodLimitFunc), on a spec after `applyLimitRange`:
 * `maxConstraint` (limit, then request, at most max), `minConstraint` (request, then limit, at
 * least min), `limitRequestRatioConstraint` (limit / request at most maxLimitRequestRatio). Returns
 * the messages as the API server words them ("maximum cpu usage per Container is 2, but limit is 4").
 */
export function limitRangeViolations(spec: PodSpecIn, d: ContainerDefaults | undefined, parse: ParseQuantity): string[] {
  if (!d || (!d.max && !d.min && !d.ratio)) return [];
  const out: string[] = [];
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const limits = c.resources?.limits ?? {};
    // SetDefaults_Pod: a limited resource requests its limit unless it says otherwise.
    const requests = { ...limits, ...(c.resources?.requests ?? {}) };
    for (const [k, max] of Object.entries(d.max ?? {})) {
      const lim = limits[k];
      const req = requests[k];
      if (lim === undefined) out.push(`maximum ${k} usage per Container is ${max}, but no limit is specified`);
      else if (parse(k, lim) > parse(k, max)) out.push(`maximum ${k} usage per Container is ${max}, but limit is ${lim}`);
      else if (req !== undefined && parse(k, req) > parse(k, max)) out.push(`maximum ${k} usage per Container is ${max}, but request is ${req}`);
    }
    for (const [k, min] of Object.entries(d.min ?? {})) {
      const lim = limits[k];
      const req = requests[k];
      if (req === undefined) out.push(`minimum ${k} usage per Container is ${min}, but request is not specified`);
      else if (parse(k, req) < parse(k, min)) out.push(`minimum ${k} usage per Container is ${min}, but request is ${req}`);
      else if (lim !== undefined && parse(k, lim) < parse(k, min)) out.push(`minimum ${k} usage per Container is ${min}, but limit is ${lim}`);
    }
    for (const [k, ratio] of Object.entries(d.ratio ?? {})) out.push(...ratioViolation(k, ratio, requests[k], limits[k], parse));
  }
  return [...new Set(out)];
}

/** limitRequestRatioConstraint: both set and non-zero, limit / request at most the ratio (Go's %f: six decimals). */
function ratioViolation(k: string, ratio: string | number, req: string | number | undefined, lim: string | number | undefined, parse: ParseQuantity): string[] {
  const head = `${k} max limit to request ratio per Container is ${ratio}`;
  const r = req === undefined ? 0 : parse(k, req);
  const l = lim === undefined ? 0 : parse(k, lim);
  if (r === 0) return [`${head}, but no request is specified or request is 0`];
  if (l === 0) return [`${head}, but no limit is specified or limit is 0`];
  // The ratio is a plain number: parsed as cpu gives milli units, so compare in the same unit.
  const max = parse('cpu', ratio) / 1000;
  return l / r > max ? [`${head}, but provided ratio is ${(l / r).toFixed(6)}`] : [];
}
