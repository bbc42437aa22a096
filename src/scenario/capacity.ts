/**
 * A static check of whether a scenario's workloads can fit its cluster at all, before any
 * simulation: total requests against total allocatable (cpu, memory, pods; DaemonSet pods counted
 * once per node they would run on), and, per workload, whether its pod fits on at least one node
 * (resources, nodeSelector and required node affinity, NoSchedule/NoExecute taints, nodeName).
 * Packing is not solved: passing this check is necessary, not sufficient.
 */
import { nodeAffinityMatches, untoleratedTaint } from '../manifests/match.js';
import type { PodTemplate, Workload } from '../manifests/types.js';
import type { NodeSpec } from '../topology/types.js';
import type { Scenario } from './types.js';

/** cpu (millicores), memory (bytes) and pod slots. */
export interface Resources {
  cpuMilli: number;
  memoryBytes: number;
  pods: number;
}

/** Result of the check. */
export interface CapacityCheck {
  allocatable: Resources;
  requested: Resources;
  /** DaemonSet pods included in `requested` (one per eligible node per DaemonSet). */
  daemonSetPods: number;
  /** Workloads whose pod fits on no node, with the reason. */
  unplaceable: Array<{ workload: string; reason: string }>;
  /** Resources requested beyond allocatable (the names of the resources that do not fit). */
  overcommitted: Array<keyof Resources>;
  /** The zone with the most allocatable cpu, and what is left without it (null with one zone). */
  withoutLargestZone: { zone: string; allocatable: Resources } | null;
}

const ZERO = (): Resources => ({ cpuMilli: 0, memoryBytes: 0, pods: 0 });

function add(to: Resources, r: Resources, times = 1): void {
  to.cpuMilli += r.cpuMilli * times;
  to.memoryBytes += r.memoryBytes * times;
  to.pods += r.pods * times;
}

/** Whether a pod of `template` may go to `node`, ignoring resources; otherwise why not. */
export function placementProblem(template: PodTemplate, node: NodeSpec): 'nodeName' | 'affinity' | 'taint' | null {
  if (template.nodeName !== undefined && template.nodeName !== node.name) return 'nodeName';
  if (!nodeAffinityMatches(template, node.labels, node.name)) return 'affinity';
  if (untoleratedTaint(node.taints, template.tolerations, ['NoSchedule', 'NoExecute'])) return 'taint';
  return null;
}

function fitsResources(template: PodTemplate, node: NodeSpec): boolean {
  return template.requests.cpuMilli <= node.capacity.cpuMilli && template.requests.memoryBytes <= node.capacity.memoryBytes && node.capacity.pods >= 1 && fitsExtended(template, node);
}

/** Extended resources (nvidia.com/gpu): a node that does not advertise one has none (NodeResourcesFit). */
function fitsExtended(template: PodTemplate, node: NodeSpec): boolean {
  return Object.entries(template.requests.extended ?? {}).every(([name, n]) => (node.capacity.extended?.[name] ?? 0) >= n);
}

/** Pods a workload asks for (a DaemonSet's are counted per node elsewhere). */
function podCount(w: Workload): number {
  return w.kind === 'Pod' ? 1 : w.kind === 'Job' ? w.parallelism : w.replicas;
}

/** Runs the check over the scenario's nodes and workloads. */
export function checkCapacity(s: Scenario): CapacityCheck {
  const nodes = s.topology.nodes;
  const allocatable = ZERO();
  for (const n of nodes) add(allocatable, n.capacity);
  const requested = ZERO();
  let daemonSetPods = 0;
  const unplaceable: CapacityCheck['unplaceable'] = [];
  for (const w of s.manifests.workloads) {
    const pod: Resources = { ...w.template.requests, pods: 1 };
    const eligible = nodes.filter((n) => placementProblem(w.template, n) === null);
    if (w.kind === 'DaemonSet') {
      daemonSetPods += eligible.length;
      add(requested, pod, eligible.length);
    } else {
      add(requested, pod, podCount(w));
    }
    const reason = unplaceableReason(w, eligible);
    if (reason) unplaceable.push({ workload: w.key, reason });
  }
  const overcommitted = (['cpuMilli', 'memoryBytes', 'pods'] as const).filter((k) => requested[k] > allocatable[k]);
  return { allocatable, requested, daemonSetPods, unplaceable, overcommitted, withoutLargestZone: largestZoneDown(s, allocatable) };
}

function unplaceableReason(w: Workload, eligible: NodeSpec[]): string | null {
  // A CronJob has no pod between runs; its runs' pods must still fit somewhere.
  if (w.kind !== 'DaemonSet' && w.kind !== 'CronJob' && podCount(w) === 0) return null;
  if (eligible.some((n) => fitsResources(w.template, n))) return null;
  if (w.template.nodeName !== undefined && eligible.length === 0) return `spec.nodeName "${w.template.nodeName}" is not a node it may run on`;
  if (eligible.length === 0) return 'no node matches its nodeSelector / node affinity and tolerations';
  const missing = Object.entries(w.template.requests.extended ?? {}).find(([name, n]) => !eligible.some((node) => (node.capacity.extended?.[name] ?? 0) >= n));
  if (missing) return `no node it may run on has ${missing[1]} ${missing[0]}`;
  return 'its requests exceed the allocatable of every node it may run on';
}

function largestZoneDown(s: Scenario, total: Resources): CapacityCheck['withoutLargestZone'] {
  if (s.topology.zones.length < 2) return null;
  let best = -1;
  let bestCpu = -1;
  for (const z of s.topology.zones) {
    const cpu = z.nodes.reduce((sum, id) => sum + (s.topology.hosts[id] as NodeSpec).capacity.cpuMilli, 0);
    if (cpu > bestCpu) [best, bestCpu] = [z.index, cpu];
  }
  const zone = s.topology.zones[best];
  const left = { ...total };
  for (const id of zone.nodes) add(left, (s.topology.hosts[id] as NodeSpec).capacity, -1);
  return { zone: zone.name, allocatable: left };
}
