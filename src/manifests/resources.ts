/**
 * A pod's effective requests, as the scheduler counts them: upstream
 * `resourcehelper.PodRequests` (staging/src/k8s.io/component-helpers/resource/helpers.go) over
 * containers whose requests were defaulted from their limits (`SetDefaults_Pod`,
 * pkg/apis/core/v1/defaults.go). Every quantity is checked where it is written.
 */
import { parseCpuMilli, parseQuantityInt, QuantityError } from '../units/quantity.js';
import type { PathSegment } from '../yaml/source.js';
import { fail, type ObjectCtx } from './context.js';
import type { ContainerIn, PodSpecIn } from './schema.js';
import type { PodTemplate } from './types.js';

/** CPU and memory of one container or of the pod; `undefined` means the resource is not named at all. */
interface Amounts {
  cpu?: number;
  mem?: number;
  /** Extended resources (`nvidia.com/gpu`), whole units; absent when none is named. */
  ext?: Map<string, number>;
}

/**
 * An extended resource name (`IsExtendedResourceName`, pkg/apis/core/v1/helper/helpers.go): a
 * domain-prefixed name outside `kubernetes.io/`, not a quota `requests.` name. Native resources
 * (`cpu`, `memory`, `ephemeral-storage`, `hugepages-*`) are not.
 */
export function isExtendedResource(name: string): boolean {
  return name.includes('/') && !name.includes('kubernetes.io/') && !name.startsWith('requests.');
}

type QuantityMap = Record<string, string | number> | null | undefined;

function parseAt(ctx: ObjectCtx, path: readonly PathSegment[], name: string, value: string | number): number {
  try {
    if (name === 'cpu') return parseCpuMilli(value);
    if (name === 'memory') return parseQuantityInt(value);
    if (isExtendedResource(name)) {
      // ref: pkg/apis/core/validation ValidateResourceRequirements — extended resources are whole units.
      const milli = parseCpuMilli(value);
      if (milli % 1000 !== 0) throw new QuantityError(`must be an integer (extended resource ${name}), got ${String(value)}`);
      return milli / 1000;
    }
    return parseCpuMilli(value); // other resources are only checked, at milli precision
  } catch (err) {
    if (err instanceof QuantityError) throw fail(ctx, path, err.message);
    throw err;
  }
}

/** Parses every quantity of a requests/limits map; returns the parsed values by resource name. */
function parseMap(ctx: ObjectCtx, path: readonly PathSegment[], map: QuantityMap): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, value] of Object.entries(map ?? {})) out.set(name, parseAt(ctx, [...path, name], name, value));
  return out;
}

function amountsOf(values: Map<string, number>): Amounts {
  const out: Amounts = { cpu: values.get('cpu'), mem: values.get('memory') };
  for (const [name, n] of values) {
    if (!isExtendedResource(name)) continue;
    (out.ext ??= new Map()).set(name, n);
  }
  return out;
}

/**
 * A container's requests after defaulting: a resource with a limit and no request requests its
 * limit (`SetDefaults_Pod`). A request above its limit is rejected as the API server does
 * (`ValidateResourceRequirements`: "must be less than or equal to … limit").
 */
function containerRequests(ctx: ObjectCtx, c: ContainerIn, path: readonly PathSegment[]): Amounts {
  const reqPath = [...path, 'resources', 'requests'];
  const requests = parseMap(ctx, reqPath, c.resources?.requests);
  const limits = parseMap(ctx, [...path, 'resources', 'limits'], c.resources?.limits);
  for (const [name, limit] of limits) {
    const req = requests.get(name);
    if (req === undefined) requests.set(name, limit);
    else if (isExtendedResource(name) && req !== limit) {
      // ref: ValidateResourceRequirements — extended resources cannot be overcommitted.
      throw fail(ctx, [...reqPath, name], `must be equal to the ${name} limit of ${String(c.resources!.limits![name])}`);
    } else if (req > limit) {
      throw fail(ctx, [...reqPath, name], `must be less than or equal to the ${name} limit of ${String(c.resources!.limits![name])}`);
    }
  }
  return amountsOf(requests);
}

type Op = (x?: number, y?: number) => number | undefined;
const sum: Op = (x, y) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
const hi: Op = (x, y) => (x === undefined ? y : y === undefined ? x : Math.max(x, y));

function combine(a: Amounts, b: Amounts, op: Op): Amounts {
  const out: Amounts = { cpu: op(a.cpu, b.cpu), mem: op(a.mem, b.mem) };
  if (a.ext || b.ext) {
    out.ext = new Map(a.ext);
    for (const [name, n] of b.ext ?? []) out.ext.set(name, op(out.ext.get(name), n)!);
  }
  return out;
}

function add(a: Amounts, b: Amounts): Amounts {
  return combine(a, b, sum);
}

function max(a: Amounts, b: Amounts): Amounts {
  return combine(a, b, hi);
}

/**
 * Requests of a pod spec at `specPath`: per resource, the larger of (regular containers + sidecars)
 * and the peak of any init container (its request + the sidecars started before it), then
 * pod-level `spec.resources` where set, plus `spec.overhead`.
 */
export function podRequests(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): PodTemplate['requests'] {
  let result: Amounts = {};
  spec.containers.forEach((c, i) => {
    result = add(result, containerRequests(ctx, c, [...specPath, 'containers', i]));
  });
  // ref: helpers.go aggregateContainerResourcesByFn — KEP-753 sidecar arithmetic.
  let sidecars: Amounts = {};
  let initPeak: Amounts = {};
  (spec.initContainers ?? []).forEach((c, i) => {
    const req = containerRequests(ctx, c, [...specPath, 'initContainers', i]);
    if (c.restartPolicy === 'Always') {
      result = add(result, req);
      sidecars = add(sidecars, req);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(req, sidecars));
    }
  });
  result = max(result, initPeak);
  result = applyPodLevel(ctx, spec, specPath, result);
  const overhead = amountsOf(parseMap(ctx, [...specPath, 'overhead'], spec.overhead));
  result = add(result, overhead);
  const out: PodTemplate['requests'] = { cpuMilli: result.cpu ?? 0, memoryBytes: result.mem ?? 0 };
  const extended = [...(result.ext ?? [])].filter(([, n]) => n > 0);
  if (extended.length > 0) out.extended = Object.fromEntries(extended);
  return out;
}

/**
 * Pod-level resources (KEP-2837, PodLevelResources, beta and on by default since 1.34): pod-level
 * requests replace the container sum (`applyPodLevelResources`); with only pod-level limits, a
 * resource no container requests defaults its request to the pod limit (`defaultPodRequests`,
 * pkg/apis/core/v1/defaults.go).
 */
function applyPodLevel(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[], agg: Amounts): Amounts {
  if (!spec.resources) return agg;
  const path = [...specPath, 'resources'];
  const requests = amountsOf(parseMap(ctx, [...path, 'requests'], spec.resources.requests));
  const limits = amountsOf(parseMap(ctx, [...path, 'limits'], spec.resources.limits));
  // Pod-level resources cover cpu and memory only; extended resources stay the containers' sum.
  return {
    cpu: requests.cpu ?? agg.cpu ?? limits.cpu,
    mem: requests.mem ?? agg.mem ?? limits.mem,
    ...(agg.ext ? { ext: agg.ext } : {}),
  };
}
