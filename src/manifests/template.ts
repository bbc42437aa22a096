/**
 * A pod template after the defaults, admission and controller additions a real pod of it would
 * get: restart policy and grace period defaults (pkg/apis/core/v1/defaults.go), effective
 * requests, readiness from probes, tolerations, priority from its PriorityClass.
 */
import type { Affinity, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { SEC } from '../kernel/time.js';
import type { PathSegment } from '../yaml/source.js';
import { zodToInputError } from '../yaml/zod.js';
import { fail, selectorAt, warn, type ObjectCtx } from './context.js';
import { dropGatedFields } from './gates.js';
import { applyLimitRange, limitRangeViolations } from './limitranger.js';
import { parseCpuMilli, parseQuantityInt } from '../units/quantity.js';
import { podRequests } from './resources.js';
import { schemas, type ContainerIn, type MetadataIn, type PodSpecIn, type ProbeIn } from './schema.js';
import { labelKeyProblem, labelValueProblem } from './selector.js';
import { addDaemonSetTolerations, addDefaultTolerationSeconds, templateTolerations } from './tolerations.js';
import type { HostPort, PodTemplate, Readiness } from './types.js';

/** Where the template's metadata and spec are, relative to the object. */
export interface TemplatePaths {
  meta: readonly PathSegment[];
  spec: readonly PathSegment[];
}

/** How the owning kind changes the template. */
export interface TemplateOptions {
  /** DaemonSet pods get the DaemonSet controller's tolerations. */
  daemonSet?: boolean;
  /** Labels the API server adds (a Job's `batch.kubernetes.io/job-name`). */
  extraLabels?: Record<string, string>;
  /** A bare Pod must name an image for every container (templates may leave it to be filled in later). */
  requireImage?: boolean;
}

// ref: pkg/apis/scheduling/types.go — SystemCriticalPriority = 2e9; system-node-critical = +1000.
const BUILTIN_PRIORITY: ReadonlyMap<string, number> = new Map([
  ['system-cluster-critical', 2_000_000_000],
  ['system-node-critical', 2_000_001_000],
]);

/** Builds the `PodTemplate` of a template (or of a bare Pod, whose metadata and spec are the object's own). */
export function buildPodTemplate(ctx: ObjectCtx, meta: MetadataIn | null | undefined, specIn: PodSpecIn, paths: TemplatePaths, options: TemplateOptions = {}): PodTemplate {
  // What the API server does to each pod on the way in: drop fields of gates that are off, then LimitRanger.
  const spec = applyLimitRange(dropGatedFields(ctx, specIn, paths.spec), ctx.limitDefaults);
  const refused = limitRangeViolations(spec, ctx.limitDefaults, quantityForLimits);
  if (refused.length > 0) {
    warn(ctx, paths.spec, `the API server would refuse these pods (LimitRange ${ctx.limitDefaults!.from.join(', ')}): ${refused.join('; ')}; kubeblast simulates them anyway`);
  }
  const labels = { ...(meta?.labels ?? {}), ...(options.extraLabels ?? {}) };
  checkLabels(ctx, [...paths.meta, 'labels'], meta?.labels ?? {});
  if (spec.containers.length === 0) throw fail(ctx, [...paths.spec, 'containers'], 'expected at least one container');
  if (options.requireImage) {
    spec.containers.forEach((c, i) => {
      if (!c.image) throw fail(ctx, [...paths.spec, 'containers', i], 'expected an image, but it is missing');
    });
  }
  let tolerations = templateTolerations(ctx, spec, paths.spec);
  if (options.daemonSet) tolerations = addDaemonSetTolerations(tolerations, spec.hostNetwork ?? false);
  tolerations = addDefaultTolerationSeconds(tolerations, ctx.opts.defaultNotReadyTolerationSeconds, ctx.opts.defaultUnreachableTolerationSeconds);
  const template: PodTemplate = {
    labels,
    annotations: { ...(meta?.annotations ?? {}) },
    requests: podRequests(ctx, spec, paths.spec),
    nodeSelector: { ...(spec.nodeSelector ?? {}) },
    tolerations,
    topologySpreadConstraints: spreadConstraints(ctx, spec, paths.spec),
    priority: priorityOf(ctx, spec, paths.spec),
    readiness: readinessOf(spec),
    restartPolicy: spec.restartPolicy ?? 'Always',
    terminationGracePeriodUs: (spec.terminationGracePeriodSeconds ?? 30) * SEC,
    image: spec.containers[0].image ?? '',
    hostNetwork: spec.hostNetwork ?? false,
    hostPorts: hostPortsOf(spec),
    schedulingGates: (spec.schedulingGates ?? []).map((g) => g.name),
    containers: spec.containers.length,
    initContainers: spec.initContainers?.length ?? 0,
  };
  if (spec.nodeName) template.nodeName = spec.nodeName;
  if (template.schedulingGates.length > 0) {
    // ref: plugins/schedulinggates — gated pods wait, Pending with reason SchedulingGated, until a client removes the gates.
    warn(ctx, [...paths.spec, 'schedulingGates'], `its pods stay Pending (SchedulingGated) for the whole run: kubeblast has no operation that removes scheduling gates`);
  }
  // The Priority admission plugin copies the class's preemptionPolicy when the pod sets none.
  const policy = spec.preemptionPolicy ?? (spec.priorityClassName && ctx.neverPreemptClasses?.has(spec.priorityClassName) ? 'Never' : undefined);
  if (policy === 'Never') template.preemptionPolicy = 'Never';
  const affinity = affinityOf(ctx, spec.affinity, [...paths.spec, 'affinity']);
  if (affinity) template.affinity = affinity;
  return template;
}

/**
 * Host ports of the pod's containers and init containers (as the NodePorts plugin collects them,
 * pkg/scheduler/framework/plugins/nodeports). A hostNetwork pod binds its container ports on the
 * host: `SetDefaults_Pod` sets hostPort = containerPort there (pkg/apis/core/v1/defaults.go).
 */
function hostPortsOf(spec: PodSpecIn): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const p of c.ports ?? []) {
      const port = p.hostPort ?? (spec.hostNetwork ? p.containerPort : 0);
      if (port > 0) out.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol ?? 'TCP', port });
    }
  }
  return out;
}

/** A quantity for LimitRange comparisons; NaN (compares false) when malformed, which podRequests then reports at its position. */
function quantityForLimits(name: string, v: string | number): number {
  try {
    return name === 'memory' || name === 'ephemeral-storage' ? parseQuantityInt(v) : parseCpuMilli(v);
  } catch {
    return Number.NaN;
  }
}

function checkLabels(ctx: ObjectCtx, path: readonly PathSegment[], labels: Record<string, string>): void {
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw fail(ctx, [...path, k], problem);
  }
}

/**
 * Readiness of the pod: every container with a readinessProbe (sidecars included) must pass, so
 * the pod is as slow as its slowest probe — each field is the maximum over those containers
 * (⚠ an approximation for pods whose containers' probes differ). Probe defaults: `SetDefaults_Probe`.
 */
function readinessOf(spec: PodSpecIn): Readiness | null {
  const sidecars = (spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  const probes = [...spec.containers, ...sidecars].map((c: ContainerIn) => c.readinessProbe).filter((p): p is ProbeIn => !!p);
  if (probes.length === 0) return null;
  const field = (p: ProbeIn, k: 'initialDelaySeconds' | 'periodSeconds' | 'successThreshold' | 'failureThreshold', dflt: number) => p[k] || dflt;
  return {
    initialDelayUs: Math.max(...probes.map((p) => field(p, 'initialDelaySeconds', 0))) * SEC,
    periodUs: Math.max(...probes.map((p) => field(p, 'periodSeconds', 10))) * SEC,
    successThreshold: Math.max(...probes.map((p) => field(p, 'successThreshold', 1))),
    failureThreshold: Math.max(...probes.map((p) => field(p, 'failureThreshold', 3))),
  };
}

/**
 * Priority as the Priority admission plugin (plugin/pkg/admission/priority/admission.go) computes
 * it: the named PriorityClass's value, else the global default class, else 0. Where the API server
 * would reject the pod (an unknown class, a spec.priority that disagrees) kubeblast warns instead,
 * since the class may exist in the cluster without being in the manifests.
 */
function priorityOf(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): number {
  const name = spec.priorityClassName;
  const given = spec.priority ?? undefined;
  if (!name) return given ?? ctx.globalDefaultPriority ?? 0;
  const value = ctx.priorityClasses.get(name) ?? BUILTIN_PRIORITY.get(name);
  if (value === undefined) {
    warn(ctx, [...specPath, 'priorityClassName'], `PriorityClass "${name}" is not in the manifests; using priority ${given ?? 0}`);
    return given ?? 0;
  }
  if (given !== undefined && given !== value) {
    warn(ctx, [...specPath, 'priority'], `spec.priority ${given} disagrees with PriorityClass "${name}" (${value}); the API server would reject the pod; using ${value}`);
  }
  return value;
}

function spreadConstraints(ctx: ObjectCtx, spec: PodSpecIn, specPath: readonly PathSegment[]): TopologySpreadConstraint[] {
  return (spec.topologySpreadConstraints ?? []).map((c, i) => {
    selectorAt(ctx, [...specPath, 'topologySpreadConstraints', i, 'labelSelector'], c.labelSelector, 'labelSelector');
    return c as TopologySpreadConstraint;
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the label selectors of pod (anti-)affinity terms, so that the scheduler can compile them without failing. */
function affinityOf(ctx: ObjectCtx, raw: unknown, path: readonly PathSegment[]): Affinity | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw fail(ctx, path, 'expected a mapping (nodeAffinity, podAffinity, podAntiAffinity)');
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const a = raw[kind];
    if (!isRecord(a)) continue;
    const terms: Array<[unknown, PathSegment[]]> = [];
    const req = a.requiredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(req)) req.forEach((t, i) => terms.push([t, [...path, kind, 'requiredDuringSchedulingIgnoredDuringExecution', i]]));
    const pref = a.preferredDuringSchedulingIgnoredDuringExecution;
    if (Array.isArray(pref)) {
      pref.forEach((w, i) => terms.push([isRecord(w) ? w.podAffinityTerm : undefined, [...path, kind, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm']]));
    }
    for (const [term, at] of terms) {
      if (!isRecord(term)) continue;
      for (const sel of ['labelSelector', 'namespaceSelector'] as const) checkRawSelector(ctx, term[sel], [...at, sel]);
    }
  }
  return raw as Affinity;
}

function checkRawSelector(ctx: ObjectCtx, raw: unknown, path: PathSegment[]): void {
  if (raw === undefined || raw === null) return;
  const parsed = schemas.labelSelector.safeParse(raw);
  if (!parsed.success) throw zodToInputError(parsed.error, ctx.file, ctx.doc, [...ctx.prefix, ...path]);
  selectorAt(ctx, path, parsed.data, 'labelSelector');
}
