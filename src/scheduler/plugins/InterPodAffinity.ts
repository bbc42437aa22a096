/**
 * InterPodAffinity (pkg/scheduler/framework/plugins/interpodaffinity/): required pod affinity and
 * anti-affinity (the pod's own, and existing pods' anti-affinity against it) filter; preferred
 * terms and existing pods' terms score, with hardPodAffinityWeight 1. The arithmetic is in
 * `interpodaffinity/filtering.ts` and `scoring.ts`.
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import { scoreSlot, type CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, type Status } from '../framework/status.js';
import { AffinityPreFilterState, affinityFilter, computeAffinityPreFilter } from './interpodaffinity/filtering.js';
import { AffinityPreScoreState, affinityNormalize, affinityScore, computeAffinityPreScore } from './interpodaffinity/scoring.js';

/** The InterPodAffinity plugin. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = 'InterPodAffinity';
  readonly id = PluginId.InterPodAffinity;
  readonly weight = 2;
  readonly events = ['AssignedPodAdd', 'AssignedPodDelete'] as const;
  private readonly filterState = new AffinityPreFilterState();
  private readonly scoreState = new AffinityPreScoreState();

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: PodInfo): Status {
    if (!computeAffinityPreFilter(this.filterState, pod, this.handle)) return SKIP;
    state.write(this.id, this.filterState);
    return SUCCESS;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
    return affinityFilter(state.read<AffinityPreFilterState>(this.id), node);
  }

  preScore(state: CycleState, pod: PodInfo): Status {
    if (!computeAffinityPreScore(this.scoreState, pod, this.handle)) return SKIP;
    state.write(scoreSlot(this.id), this.scoreState);
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return affinityScore(state.read<AffinityPreScoreState>(scoreSlot(this.id)), node);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array, _feasible: Int32Array, count: number): void {
    affinityNormalize(scores, count);
  }

  /**
   * isSchedulableAfterPodChange: an added pod helps if it matches one of the pod's required
   * affinity terms; a deleted pod helps if it matched one of the pod's required anti-affinity
   * terms or carried a required anti-affinity term that matched the pod.
   */
  isSchedulableAfter(event: ClusterEvent, pod: PodInfo): boolean {
    if (event.kind === 'NodeUpdate') return false;
    const other = event.pod;
    const terms = pod.affinityTerms;
    if (event.kind === 'AssignedPodAdd') return terms.requiredAffinity.some((t) => t.matcher.matches(other.pod));
    if (terms.requiredAntiAffinity.some((t) => t.matcher.matches(other.pod))) return true;
    return other.tpl.hasPodAffinity && other.affinityTerms.requiredAntiAffinity.some((t) => t.matcher.matches(pod.pod));
  }
}
