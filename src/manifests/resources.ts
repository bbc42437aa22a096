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

/** CPU and memory of one container or of the pod; `undefined` means the resource is not named at all. */
interface Amounts {
  cpu?: number;
  mem?: number;
}

type QuantityMap = Record<string, string | number> | null | undefined;

function parseAt(ctx: ObjectCtx, path: readonly PathSegment[], name: string, value: string | number): number {
  try {
    if (name === 'cpu') return parseCpuMilli(value);
    if (name === 'memory') return parseQuantityInt(value);
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
  return { cpu: values.get('cpu'), mem: values.get('memory') };
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
    else if (req > limit) {
      throw fail(ctx, [...reqPath, name], `must be less than or equal to the ${name} limit of ${String(c.resources!.limits![name])}`);
    }
  }
  return amountsOf(requests);
}

function add(a: Amounts, b: Amounts): Amounts {
  const sum = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  return { cpu: sum(a.cpu, b.cpu), mem: sum(a.mem, b.mem) };
}

function max(a: Amounts, b: Amounts): Amounts {
  const hi = (x?: number, y?: number) => (x === undefined ? y : y === undefined ? x : Math.max(x, y));
  return { cpu: hi(a.cpu, b.cpu), mem: hi(a.mem, b.mem) };
}

/**
 * Requests of a pod spec at `specPath`: per resource, the larger of (regular containers + sidecars)
 * and the peak of any init container (its request + the sidecars started before it), then
 * pod-level `spec.resources` where set, plus `spec.overhead`.
 */
export function podRequests(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): { cpuMilli: number; memoryBytes: number } {
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
  return { cpuMilli: result.cpu ?? 0, memoryBytes: result.mem ?? 0 };
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
  return {
    cpu: requests.cpu ?? agg.cpu ?? limits.cpu,
    mem: requests.mem ?? agg.mem ?? limits.mem,
  };
}
