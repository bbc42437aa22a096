/**
 * DefaultPreemption as a PostFilter (pkg/scheduler/framework/plugins/defaultpreemption,
 * framework/preemption/preemption.go `Evaluator.Preempt`): when no node fits a pod, find nodes
 * where removing pods of lower priority would make it fit (dry run over the nodes rejected as
 * Unschedulable, at most max(10 % of nodes, 100) candidates: `minCandidateNodesPercentage`,
 * `minCandidateNodesAbsolute`), choose victims on each (`selectVictimsOnNode`: fewest, sparing
 * PDB-protected pods first), pick one node (`pickOneNodeForPreemption`) and record it in the cycle
 * state; the scheduler process then deletes the victims (graceful termination) and nominates the
 * node for the pod (`nominatedNodeName`). Upstream starts the dry run at a random offset; kubeblast
 * starts at the first rejected node of the cycle (itself rotated by nextStartNodeIndex).
 * Nominated pods of at least the filtered pod's priority hold their room while other pods are
 * filtered (RunFilterPluginsWithNominatedPods; framework/runtime.ts holdNominated), for the
 * resources and ports filters only. Checked against upstream for this review: reprieve order
 * (PDB-violating victims first, each group most important first), the stop rule of the dry run
 * (a non-violating candidate and numCandidates found), pickOneNodeForPreemption's five criteria,
 * PodEligibleToPreemptOthers. Victims are deleted with their own terminationGracePeriodSeconds
 * (DELETE without options), so they go as the kubelet stops them.
 */
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from '../framework/cycle-state.js';
import { fitErrorText, histogramOf } from '../framework/fit-error.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type Diagnosis, type PostFilterPlugin } from '../framework/interfaces.js';
import { Code, SUCCESS, unresolvable, unschedulable, type Status } from '../framework/status.js';
import { pickOneNodeForPreemption } from '../preemption/pick.js';
import { NO_VICTIMS, selectVictimsOnNode, type PdbView, type Victims } from '../preemption/victims.js';

const NOT_HELPFUL = unresolvable('Preemption is not helpful for scheduling');
/** The deletion reason kubeblast gives a victim (upstream: DisruptionTarget condition, reason PreemptionByScheduler). */
export const PREEMPTED = 'Preempted';
/** minCandidateNodesPercentage / minCandidateNodesAbsolute (DefaultPreemptionArgs defaults). */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

/** calcNumCandidates. */
export function numCandidates(numNodes: number): number {
  const n = Math.max(Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100), MIN_CANDIDATE_NODES_ABSOLUTE);
  return Math.min(n, numNodes);
}

/** The DefaultPreemption PostFilter. */
export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  readonly id = PluginId.DefaultPreemption;

  constructor(private readonly handle: Handle) {}

  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis, numAllNodes: number): Status {
    const ineligible = this.notEligible(pod, diagnosis);
    if (ineligible !== null) return unschedulable(`preemption: ${ineligible}`);
    const { candidates, statuses } = this.findCandidates(state, pod, diagnosis);
    const best = pickOneNodeForPreemption(candidates);
    if (best !== null) {
      state.nomination = best;
      return SUCCESS;
    }
    // No candidate: each dry-run node's status; every other node "not helpful".
    let tried = 0;
    for (const n of statuses.values()) tried += n;
    if (numAllNodes > tried) statuses.set(NOT_HELPFUL, (statuses.get(NOT_HELPFUL) ?? 0) + numAllNodes - tried);
    const msg = fitErrorText(numAllNodes, '', histogramOf(statuses), '');
    // The inner FitError ends with '.', and the outer one adds its own: upstream's events end in "pod..".
    return unschedulable(`preemption: ${msg}`);
  }

  /** PodEligibleToPreemptOthers: the reason the pod may not preempt, or null. */
  private notEligible(pod: PodInfo, diagnosis: Diagnosis): string | null {
    if (pod.pod.template.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = pod.pod.nominatedNode;
    if (nominated < 0) return null;
    const k = diagnosis.nodes.indexOf(nominated);
    if (k >= 0 && diagnosis.statuses[k].code === Code.UnschedulableAndUnresolvable) return null;
    for (const p of this.handle.cache.nodes[nominated].pods) {
      if (p.priority < pod.priority && p.pod.deletionTimestamp >= 0 && p.pod.deletionReason === PREEMPTED) {
        return 'not eligible due to a terminating pod on the nominated node.';
      }
    }
    return null;
  }

  /** findCandidates + DryRunPreemption, in the order the nodes were rejected. */
  private findCandidates(state: CycleState, pod: PodInfo, d: Diagnosis): { candidates: Victims[]; statuses: Map<Status, number> } {
    const statuses = new Map<Status, number>();
    const candidates: Victims[] = [];
    // No pod of lower priority anywhere (the common case): every dry run would find no victim, so
    // the potential nodes are only counted.
    if (!this.handle.cache.hasPriorityBelow(pod.priority)) {
      let n = 0;
      for (let k = 0; k < d.nodes.length; k++) if (d.statuses[k].code === Code.Unschedulable) n++;
      if (n > 0) statuses.set(NO_VICTIMS, n);
      return { candidates, statuses };
    }
    const potential: number[] = [];
    for (let k = 0; k < d.nodes.length; k++) if (d.statuses[k].code === Code.Unschedulable) potential.push(d.nodes[k]);
    if (potential.length === 0) return { candidates, statuses };
    const want = numCandidates(potential.length);
    const pdbs: PdbView[] = this.handle.pdbs ? [...this.handle.pdbs.values()] : [];
    const fits = (node: number): Status => this.handle.fitsOn!(state, pod, node);
    let nonViolating = 0;
    for (const node of potential) {
      const r = selectVictimsOnNode(this.handle.cache, pod, node, pdbs, fits);
      if (!('pods' in r)) {
        statuses.set(r, (statuses.get(r) ?? 0) + 1);
        continue;
      }
      candidates.push(r);
      if (r.numPdbViolations === 0) nonViolating++;
      if (nonViolating > 0 && candidates.length >= want) break;
    }
    return { candidates, statuses };
  }
}
