/**
 * PodTopologySpread (pkg/scheduler/framework/plugins/podtopologyspread/): DoNotSchedule
 * constraints filter, ScheduleAnyway constraints (or the system defaults) score. The arithmetic is
 * in `podtopologyspread/filtering.ts` and `scoring.ts`; this file wires it to the framework and
 * the queue.
 */
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import { scoreSlot, type CycleState } from '../framework/cycle-state.js';
import type { Handle } from '../framework/handle.js';
import { PluginId, type ClusterEvent, type EnqueueExtensions, type FilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interfaces.js';
import { SKIP, SUCCESS, type Status } from '../framework/status.js';
import { resolveSpread, type PodSpread } from './podtopologyspread/common.js';
import { computePreFilter, spreadFilter, SpreadPreFilterState } from './podtopologyspread/filtering.js';
import { computePreScore, spreadNormalize, spreadScore, spreadScoreAll, SpreadPreScoreState } from './podtopologyspread/scoring.js';

/** Template ids, for the memo key of resolved constraints. */
const templateIds = new WeakMap<object, number>();
let nextTemplateId = 1;

/** The PodTopologySpread plugin. */
export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = 'PodTopologySpread';
  readonly id = PluginId.PodTopologySpread;
  readonly weight = 2;
  readonly events = ['AssignedPodAdd', 'AssignedPodDelete'] as const;
  private readonly filterState = new SpreadPreFilterState();
  private readonly scoreState = new SpreadPreScoreState();
  /** Resolved constraints shared by pods that resolve alike (same template, namespace, selecting objects, labels read). */
  private readonly shared = new Map<string, PodSpread>();

  constructor(private readonly handle: Handle) {}

  /** The pod's constraints (resolved once per pod, and once per kind of pod). */
  constraintsOf(pod: PodInfo): PodSpread {
    // Remembered on the PodInfo (pods are per scheduler process, like this plugin).
    const known = pod.spread as PodSpread | null;
    if (known !== null) return known;
    const key = this.resolutionKey(pod);
    let s = this.shared.get(key);
    if (!s) {
      s = resolveSpread(pod, this.handle);
      this.shared.set(key, s);
    }
    pod.spread = s;
    return s;
  }

  /** What resolution depends on: the template, namespace, Services, owner and the labels it reads (matchLabelKeys, pod-template-hash). */
  private resolutionKey(p: PodInfo): string {
    const pod = p.pod;
    let id = templateIds.get(pod.template);
    if (id === undefined) templateIds.set(pod.template, (id = nextTemplateId++));
    const readsLabels = p.tpl.spread.some((c) => (c.matchLabelKeys?.length ?? 0) > 0);
    const labels = readsLabels ? JSON.stringify(pod.labels) : (pod.labels['pod-template-hash'] ?? '');
    return `${id}|${pod.namespace}|${pod.services.join(',')}|${pod.owner?.kind ?? ''}|${pod.workloadKey}|${labels}`;
  }

  preFilter(state: CycleState, pod: PodInfo): Status {
    const hard = this.constraintsOf(pod).hard;
    if (hard.length === 0) return SKIP;
    computePreFilter(this.filterState, pod, hard, this.handle);
    state.write(this.id, this.filterState);
    return SUCCESS;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status {
    return spreadFilter(state.read<SpreadPreFilterState>(this.id), node);
  }

  preScore(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number): Status {
    const spread = this.constraintsOf(pod);
    if (spread.soft.length === 0 || this.handle.cache.nodes.length === 0) return SKIP;
    computePreScore(this.scoreState, pod, spread.soft, spread.systemDefaulted, feasible, count, this.handle);
    state.write(scoreSlot(this.id), this.scoreState);
    return SUCCESS;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    return spreadScore(state.read<SpreadPreScoreState>(scoreSlot(this.id)), node);
  }

  scoreAll(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], feasible: Int32Array, count: number, scores: Float64Array): void {
    spreadScoreAll(state.read<SpreadPreScoreState>(scoreSlot(this.id)), feasible, count, scores);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array, feasible: Int32Array, count: number): void {
    spreadNormalize(state.read<SpreadPreScoreState>(scoreSlot(this.id)), scores, feasible, count);
  }

  /**
   * isSchedulableAfterPodChange: an assigned pod added or deleted in the pod's namespace that one
   * of its DoNotSchedule constraints selects, on a node that carries the constraint's key.
   */
  isSchedulableAfter(event: ClusterEvent, pod: PodInfo): boolean {
    if (event.kind === 'NodeUpdate') return false;
    const other = event.pod.pod;
    if (other.namespace !== pod.pod.namespace) return false;
    const node = this.handle.cache.nodes[event.node].node;
    for (const c of this.constraintsOf(pod).hard) {
      if (node.labels[c.topologyKey] !== undefined && c.selector.matches(other.labels)) return true;
    }
    return false;
  }
}
