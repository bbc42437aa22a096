/**
 * SelectVictimsOnNode of DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption/
 * default_preemption.go) and filterPodsWithPDBViolation: on one node, remove every pod of lower
 * priority; if the preemptor then fits, put them back one by one, most important first, PDB-
 * violating ones before the others, keeping out only those without which it no longer fits.
 * The what-if runs on the live cache (pods removed and re-added; a cycle takes no simulated
 * time, so nothing else sees it), where upstream clones the NodeInfo.
 */
import type { Selector } from '../../manifests/types.js';
import type { SchedulerCache } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import { unresolvable, type Status } from '../framework/status.js';

/** What the preemption logic reads of a PodDisruptionBudget. */
export interface PdbView {
  readonly namespace: string;
  readonly spec: { readonly selector: Selector };
  readonly status: { readonly disruptionsAllowed: number; readonly disruptedPods: ReadonlyMap<string, unknown> };
}

/** The PDB lister the scheduler's informer gives the plugin. */
export interface PdbLister {
  values(): Iterable<PdbView>;
}

/** Victims chosen on one node, and how many of them a PDB protects. */
export interface Victims {
  readonly node: number;
  readonly pods: PodInfo[];
  readonly numPdbViolations: number;
}

/** "No preemption victims found for incoming pod" (UnschedulableAndUnresolvable). */
export const NO_VICTIMS = unresolvable('No preemption victims found for incoming pod');

/**
 * util.MoreImportantPod: higher priority first, then the earlier start (kubeblast's start is the
 * pod's creation time, ⚠ inferred: status.startTime is set when the kubelet admits it), then uid.
 */
export function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.pod.createdAt - b.pod.createdAt || a.uid - b.uid;
}

/**
 * filterPodsWithPDBViolation: walks the pods in order, taking one disruption from each matching
 * budget (same namespace, non-empty selector that matches, pod not already in disruptedPods); a
 * pod that takes a budget below zero violates it.
 */
export function splitByPdb(pods: readonly PodInfo[], pdbs: readonly PdbView[]): { violating: PodInfo[]; other: PodInfo[] } {
  const allowed = pdbs.map((p) => p.status.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const other: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.pod.labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        const sel = pdb.spec.selector;
        // A nil or empty selector matches nothing here (selector.Empty()).
        if (pdb.namespace !== p.pod.namespace || sel.nothing || sel.key === '' || !sel.matches(p.pod.labels)) return;
        if (pdb.status.disruptedPods.has(p.pod.name)) return;
        if (--allowed[i] < 0) violated = true;
      });
    }
    (violated ? violating : other).push(p);
  }
  return { violating, other };
}

/** Whether the preemptor fits the node as the cache now is (RunFilterPluginsWithNominatedPods, without nominated pods). */
export type FitsOn = (node: number) => Status;

/** SelectVictimsOnNode: the victims on `node`, or the status that says why preemption cannot help there. */
export function selectVictimsOnNode(cache: SchedulerCache, pod: PodInfo, node: number, pdbs: readonly PdbView[], fits: FitsOn): Victims | Status {
  const info = cache.nodes[node];
  const potential: PodInfo[] = [];
  for (const p of info.pods) if (p.priority < pod.priority) potential.push(p);
  if (potential.length === 0) return NO_VICTIMS;
  const assumed = new Map<PodInfo, boolean>(potential.map((p) => [p, p.assumed]));
  for (const p of potential) cache.remove(p);
  const restoreAll = (): void => {
    for (const p of potential) if (p.node < 0) cache.add(p, node, assumed.get(p)!);
  };
  const first = fits(node);
  if (!first.ok) {
    restoreAll();
    return first;
  }
  potential.sort(moreImportant);
  const { violating, other } = splitByPdb(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPdbViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    cache.add(p, node, assumed.get(p)!);
    if (fits(node).ok) return true;
    cache.remove(p);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPdbViolations++;
  for (const p of other) reprieve(p);
  restoreAll();
  return { node, pods: victims, numPdbViolations };
}
