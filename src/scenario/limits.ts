/**
 * Size limits of a scenario, checked before the topology, the pods or the fault schedule is built
 * (issue 14): an absurd count is refused with the limit stated, never allocated. The limits are
 * kubeblast's (inferred): twice Kubernetes' published scale limits (5,000 nodes, 150,000 pods;
 * kubernetes.io/docs/setup/best-practices/cluster-large), and a fault count far above any real
 * year of a large fleet. Also: the scenario's name becomes a folder under reports/, so it must be a
 * DNS-1123 subdomain (no '/', never '.' or '..'), like the name of any object.
 */
import { basename, extname } from 'node:path';
import { distMean } from '../kernel/dist.js';
import type { FaultTimeline } from '../faults/types.js';
import type { ManifestSet } from '../manifests/types.js';
import { subdomainProblem } from '../manifests/names.js';
import { labelKeyProblem, labelValueProblem } from '../manifests/selector.js';
import type { Topology } from '../topology/types.js';
import { InputError } from '../errors.js';
import { quote } from '../yaml/limits.js';
import { occurrenceCount } from './faults.js';
import type { Where } from './where.js';

/** Most worker nodes (and racks) in one scenario. */
export const MAX_NODES = 10_000;
/** Most pods running at once, summed over workloads (DaemonSets count one per node). */
export const MAX_PODS = 300_000;
/** Most faults (scheduled occurrences plus the expected random failures) in one run. */
export const MAX_FAULTS = 1_000_000;

/** The scenario's name: `metadata.name` checked as a DNS-1123 subdomain, else one made from the file name. */
export function scenarioName(name: unknown, path: string, where: Where): string {
  if (name === undefined || name === null) return nameFromFile(path);
  const problem = typeof name === 'string' ? subdomainProblem(name) : 'expected a string';
  if (problem) where.fail(['metadata', 'name'], `invalid scenario name ${quote(String(name))}: ${problem} (it names the folder reports/NAME)`);
  return name as string;
}

/** The file's base name made into a subdomain (lowercase, other characters as '-'), or "scenario". */
function nameFromFile(path: string): string {
  const made = basename(path, extname(path)).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 253);
  return made === '' || subdomainProblem(made) ? 'scenario' : made;
}

interface ZoneSize { racks: number; nodesPerRack?: number; nodes?: number }

/** Refuses a topology of more than MAX_NODES worker nodes or racks, before it is built. */
export function checkTopologySize(regions: ReadonlyArray<{ zones: readonly ZoneSize[] }>, where: Where): void {
  let nodes = 0;
  let racks = 0;
  regions.forEach((r, ri) => r.zones.forEach((z, zi) => {
    nodes += z.nodes ?? z.racks * (z.nodesPerRack ?? 0);
    racks += z.racks;
    const path = ['spec', 'topology', 'regions', ri, 'zones', zi];
    if (racks > MAX_NODES) where.fail([...path, 'racks'], `${racks} racks so far; a scenario has at most ${MAX_NODES} racks`);
    if (nodes > MAX_NODES) where.fail([...path, z.nodes === undefined ? 'nodesPerRack' : 'nodes'], `${nodes} worker nodes so far; a scenario has at most ${MAX_NODES} worker nodes`);
  }));
}

/** Refuses workloads whose pods at once (replicas, Job parallelism and completions, DaemonSet × nodes) pass MAX_PODS. */
export function checkPodCount(manifests: ManifestSet, nodes: number): void {
  let total = 0;
  for (const w of manifests.workloads) {
    const own = w.kind === 'DaemonSet' ? nodes : Math.max(w.replicas, w.parallelism, w.completions ?? 0);
    const field = w.kind === 'Job' ? 'spec.completions/parallelism' : w.kind === 'DaemonSet' ? 'one pod per node' : 'spec.replicas';
    total += own;
    if (own > MAX_PODS || total > MAX_PODS) {
      const what = own > MAX_PODS ? `${own} pods` : `${total} pods with the workloads before it`;
      throw new InputError(`${field}: ${what}; a scenario runs at most ${MAX_PODS} pods`, w.source);
    }
  }
}

/** Domains a random entry draws failures for. */
function domainCount(t: Topology, level: string): number {
  switch (level) {
    case 'node': return t.nodes.length;
    case 'rack': return t.racks.length;
    case 'zone': return t.zones.length;
    case 'region': return t.regions.length;
    default: return t.controlPlane.length;
  }
}

/**
 * Refuses a fault schedule of more than MAX_FAULTS faults: scheduled occurrences counted exactly,
 * random ones by expectation (domains × duration / (mean up time + mean repair time)).
 */
export function checkFaultCount(faults: FaultTimeline, t: Topology, durationUs: number): void {
  let total = 0;
  for (const f of faults.scheduled) {
    total += occurrenceCount(f, durationUs);
    if (total > MAX_FAULTS) throw new InputError(`${total} fault occurrences so far; a run has at most ${MAX_FAULTS} faults`, f.source);
  }
  for (const r of faults.random) {
    const cycle = distMean(r.mtbf) + distMean(r.mttr);
    const expected = cycle > 0 ? (domainCount(t, r.level) * durationUs) / cycle : Infinity;
    total += expected;
    if (total > MAX_FAULTS) {
      throw new InputError(`random: about ${Math.round(Math.min(expected, 1e18))} ${r.level} faults expected (mtbf + mttr is too short for the duration); a run has at most ${MAX_FAULTS} faults`, r.source);
    }
  }
}

interface NodeShape { labels?: Record<string, string>; taints?: Array<{ key: string; value?: string }> }

/**
 * Node labels and taints as the API server validates a Node: label keys qualified names, values
 * label values (ref: apimachinery pkg/apis/meta/v1/validation ValidateLabels); a taint's key a
 * qualified name and its value a label value (ref: pkg/apis/core/validation validateNodeTaints).
 */
export function checkNodeShapes(regions: ReadonlyArray<{ zones: ReadonlyArray<{ node?: NodeShape }> }>, where: Where): void {
  regions.forEach((r, ri) => r.zones.forEach((z, zi) => {
    const path = ['spec', 'topology', 'regions', ri, 'zones', zi, 'node'];
    for (const [key, value] of Object.entries(z.node?.labels ?? {})) {
      const problem = labelKeyProblem(key) ?? labelValueProblem(value);
      if (problem) where.fail([...path, 'labels', key], problem.replace(/"[^"]*"/, (q) => quote(q.slice(1, -1))));
    }
    z.node?.taints?.forEach((t, ti) => {
      const problem = labelKeyProblem(t.key) ?? (t.value === undefined ? null : labelValueProblem(t.value));
      if (problem) where.fail([...path, 'taints', ti], problem.replace(/"[^"]*"/, (q) => quote(q.slice(1, -1))));
    });
  }));
}
