/**
 * One scheduling attempt (schedule_one.go schedulePod): PreFilter, Filter over the nodes from a
 * rotating start until enough feasible nodes are found (numFeasibleNodesToFind,
 * nextStartNodeIndex), PostFilter when none is, then PreScore, Score, NormalizeScore, the
 * weighted sum, and selectHost's reservoir sampling among the best. A cycle takes no simulated
 * time. Buffers are reused across cycles, so a cycle allocates only what its result needs.
 *
 * Ties draw from a keyed generator, keyed by the pod and its attempt number: each scheduling
 * cycle has its own reproducible sequence, so how many ties one pod had never changes where
 * another lands (a shared stream would make every later placement depend on it).
 */
import { hashString, KeyedSequence, type KeyedRng } from '../../kernel/keyed.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from './cycle-state.js';
import { fitErrorMessage } from './fit-error.js';
import type { Handle } from './handle.js';
import { PluginId, type Diagnosis, type FilterPlugin, type PostFilterPlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from './interfaces.js';
import { Code, SUCCESS, unresolvable, type Status } from './status.js';
import type { Victims } from '../preemption/victims.js';

/** minFeasibleNodesToFind / minFeasibleNodesPercentageToFind (schedule_one.go). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind: all nodes below 100; else the (adaptive) percentage, at least 100. */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return numAllNodes;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = 50 - Math.trunc(numAllNodes / 125);
    if (pct < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) pct = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const n = Math.trunc((numAllNodes * pct) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

/** Request shapes (TemplateInfo.shape) whose resource scores are remembered per node. */
const MEMO_SHAPES = 32;

/** AbsentNodesStatus when NodeAffinity's PreFilterResult left nodes out (schedule_one.go findNodesThatFitPod, 1.31+). */
const ABSENT_NODE_AFFINITY = unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");

/** The outcome of one attempt. */
export type ScheduleOutcome =
  | { readonly ok: true; readonly node: number; readonly evaluated: number; readonly feasible: number }
  | { readonly ok: false; readonly message: string; readonly rejectors: number; readonly nomination: Victims | null };

/** The plugins of the default profile, by extension point, in upstream order. */
export interface Profile {
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin | null;
  preScore: PreScorePlugin[];
  score: ScorePlugin[];
}

/** Runs scheduling attempts for one scheduler process. */
export class Framework {
  private nextStartNodeIndex = 0;
  /** Nodes the last attempt ran the filters on. */
  private lastEvaluated = 0;
  private readonly feasible: Int32Array;
  private readonly scores: Float64Array;
  private readonly totals: Float64Array;
  /** The filters a cycle runs, by the mask of those its PreFilter skipped (a handful of masks occur). */
  private readonly activeFilters = new Map<number, FilterPlugin[]>();
  /** The profile's score plugins that add into the totals themselves (`scoreInto`), and the others. */
  private readonly localScores: ScorePlugin[];
  /**
   * The weighted sum of the `scoreInto` plugins per (node, request shape), with the node version
   * it was computed at (+1; 0 = none) and the plugins it summed, for shapes below MEMO_SHAPES:
   * those scores read nothing of the pod but its requests, and a node's only while no pod is
   * placed on it or removed, so a node visited again by a pod of the same requests (most visits:
   * a cluster has few request shapes) reads the sum instead of dividing again.
   */
  private readonly sumOf: Float64Array;
  private readonly sumAt: Int32Array;
  private readonly sumMask = new Int32Array(MEMO_SHAPES).fill(-1);
  private readonly otherScores: ScorePlugin[];
  /**
   * The nodes rejected in a search and their statuses: fixed buffers written by position (an
   * array emptied with `length = 0` and pushed to again gives its storage back and grows it anew
   * each cycle — most of the scheduler's garbage in an allocation profile). The diagnosis copies
   * them only when no node fits.
   */
  private readonly failedNodes: Int32Array;
  /** The nodes a PreFilterResult names, for the search. */
  private readonly named: Int32Array;
  private readonly failedStatuses: Status[];
  private readonly tieDraws: KeyedSequence;

  constructor(
    private readonly handle: Handle,
    private readonly profile: Profile,
    private readonly percentageOfNodesToScore: number,
    ties: KeyedRng,
  ) {
    this.tieDraws = new KeyedSequence(ties);
    (handle as { fitsOn?: Handle['fitsOn'] }).fitsOn = (state, pod, node) => this.fitsOn(state, pod, node);
    const n = handle.cache.nodes.length;
    this.localScores = profile.score.filter((p) => p.scoreInto !== undefined);
    this.otherScores = profile.score.filter((p) => !this.localScores.includes(p));
    this.feasible = new Int32Array(n);
    this.failedNodes = new Int32Array(n);
    this.failedStatuses = new Array<Status>(n).fill(SUCCESS);
    this.named = new Int32Array(n);
    this.sumOf = new Float64Array(n * MEMO_SHAPES);
    this.sumAt = new Int32Array(n * MEMO_SHAPES);
    this.scores = new Float64Array(n);
    this.totals = new Float64Array(n);
  }

  /** schedulePod: picks a node for the pod, or says why none fits. */
  schedule(state: CycleState, pod: PodInfo): ScheduleOutcome {
    state.reset(pod);
    const numAllNodes = this.handle.cache.nodes.length;
    for (const pl of this.profile.preFilter) {
      const s = pl.preFilter(state, pod);
      if (s.code === Code.Skip) state.skipFilter |= 1 << pl.id;
      else if (!s.ok) return this.fail(state, pod, { nodes: [], statuses: [], rejectors: 1 << pl.id, preFilterMsg: s.message }, numAllNodes);
    }
    // evaluateNominatedNode: a pod nominated by an earlier preemption tries that node first.
    const nominated = pod.pod.nominatedNode;
    if (nominated >= 0 && this.passesFilters(state, pod, nominated)) return { ok: true, node: nominated, evaluated: 1, feasible: 1 };
    const found = this.findNodesThatFitPod(state, pod);
    if (typeof found !== 'number') return this.fail(state, pod, found, numAllNodes);
    const evaluated = this.lastEvaluated;
    if (found === 1) return { ok: true, node: this.feasible[0], evaluated, feasible: 1 };
    return { ok: true, node: this.prioritizeAndSelect(state, pod, found), evaluated, feasible: found };
  }

  /**
   * findNodesThatFitPod's node list, then findNodesThatPassFilters over it (schedule_one.go): every
   * node in snapshot order, or the nodes a PreFilterResult names (NodeAffinity's matchFields on
   * metadata.name: a DaemonSet pod is filtered on its own node, not on all of them). Upstream
   * lists named nodes in Go map order; kubeblast in snapshot order (⚠ deterministic choice).
   */
  private findNodesThatFitPod(state: CycleState, pod: PodInfo): number | Diagnosis {
    const cache = this.handle.cache;
    const names = state.nodeNames;
    if (names === null) return this.findNodesThatPassFilters(state, pod, cache.order, cache.nodes.length, false);
    const list = this.named;
    let n = 0;
    for (const name of names) {
      const index = cache.byName.get(name);
      // A name that is no node, or a deleted Node, is not in the snapshot.
      if (index !== undefined && !cache.nodes[index].deleted) list[n++] = index;
    }
    list.subarray(0, n).sort((a, b) => cache.position[a] - cache.position[b]);
    return this.findNodesThatPassFilters(state, pod, list, n, true);
  }

  /**
   * findNodesThatPassFilters over `list[0..length)`: the feasible count, or the diagnosis when
   * there is none. The search starts at nextStartNodeIndex and stops when enough feasible nodes are
   * found; the start then moves on by the nodes processed, modulo all the nodes (since the fix of
   * kubernetes#124933, carried to 1.27+) or, before 1.27, modulo the list searched.
   */
  private findNodesThatPassFilters(state: CycleState, pod: PodInfo, list: Int32Array, length: number, narrowed: boolean): number | Diagnosis {
    const cache = this.handle.cache;
    const nodes = cache.nodes;
    const numAllNodes = nodes.length;
    const toFind = numFeasibleNodesToFind(this.percentageOfNodesToScore, length);
    let filters = this.activeFilters.get(state.skipFilter);
    if (filters === undefined) {
      filters = this.profile.filter.filter((f) => (state.skipFilter & (1 << f.id)) === 0);
      this.activeFilters.set(state.skipFilter, filters);
    }
    const failedNodes = this.failedNodes;
    const failedStatuses = this.failedStatuses;
    let failed = 0;
    let rejectors = 0;
    let count = 0;
    let processed = 0;
    const start = length === 0 ? 0 : this.nextStartNodeIndex % length;
    // Read once: holding nominated pods on a node adds and removes pods, never nominations.
    const anyNominated = cache.nominated.size > 0;
    for (let i = 0, at = start; i < length; i++, at++) {
      if (at === length) at = 0;
      const info = nodes[list[at]];
      // A deleted Node has left the scheduler's snapshot (it stays in the array to keep host ids).
      if (info.deleted) continue;
      processed++;
      const held = anyNominated ? this.holdNominated(pod, info.index) : null;
      let rejected: Status | null = null;
      for (let k = 0; k < filters.length; k++) {
        const s = filters[k].filter(state, pod, info);
        if (s.code !== Code.Success) {
          rejected = s;
          rejectors |= 1 << filters[k].id;
          break;
        }
      }
      if (held !== null) this.release(held);
      if (rejected === null) {
        this.feasible[count++] = info.index;
        if (count === toFind) break;
      } else {
        failedNodes[failed] = info.index;
        failedStatuses[failed++] = rejected;
      }
    }
    const modulo = narrowed && this.handle.kubernetesMinor < 27 ? length : numAllNodes;
    if (modulo > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % modulo;
    this.lastEvaluated = processed;
    if (count > 0) return count;
    // A plain loop: Array.from over a typed array goes through its iterator, an object per element.
    const nodesTried = new Array<number>(failed);
    for (let k = 0; k < failed; k++) nodesTried[k] = failedNodes[k];
    const statuses = failedStatuses.slice(0, failed);
    if (!narrowed) return { nodes: nodesTried, statuses, rejectors, preFilterMsg: '' };
    // The nodes left out were rejected by NodeAffinity's PreFilter; from 1.31 they count in the message.
    rejectors |= 1 << PluginId.NodeAffinity;
    return { nodes: nodesTried, statuses, rejectors, preFilterMsg: '', absent: this.handle.kubernetesMinor >= 31 ? ABSENT_NODE_AFFINITY : undefined };
  }

  private fail(state: CycleState, pod: PodInfo, d: Diagnosis, numAllNodes: number): ScheduleOutcome {
    let postFilterMsg = '';
    if (this.profile.postFilter) postFilterMsg = this.profile.postFilter.postFilter(state, pod, d, numAllNodes).message;
    return { ok: false, message: fitErrorMessage(numAllNodes, d, postFilterMsg), rejectors: d.rejectors, nomination: state.nomination };
  }

  /** Whether every Filter not skipped by PreFilter passes on one node (nominated pods holding their room). */
  private passesFilters(state: CycleState, pod: PodInfo, node: number): boolean {
    const info = this.handle.cache.nodes[node];
    const held = this.holdNominated(pod, node);
    let ok = true;
    for (const f of this.profile.filter) {
      if ((state.skipFilter & (1 << f.id)) === 0 && f.filter(state, pod, info).code !== Code.Success) {
        ok = false;
        break;
      }
    }
    this.release(held);
    return ok;
  }

  /**
   * addNominatedPods (RunFilterPluginsWithNominatedPods): the pods nominated to the node with at
   * least this pod's priority are placed on it while it is filtered, so that a preemptor's room is
   * not taken by the pods it preempted for. Returns them, to be released. Only the resources and
   * ports filters see them (⚠ upstream also updates PreFilter state for spread and affinity).
   */
  private holdNominated(pod: PodInfo, node: number): PodInfo[] | null {
    const set = this.handle.cache.nominated.get(node);
    if (!set) return null;
    let held: PodInfo[] | null = null;
    for (const p of set) {
      if (p === pod || p.priority < pod.priority || p.node >= 0) continue;
      this.handle.cache.add(p, node, true);
      (held ??= []).push(p);
    }
    return held;
  }

  private release(held: PodInfo[] | null): void {
    if (held === null) return;
    for (const p of held) {
      this.handle.cache.remove(p);
      p.assumed = false;
    }
  }

  /** PreFilter, then every Filter on one node, as the cache is now: the first status that is not Success, else Success. */
  fitsOn(state: CycleState, pod: PodInfo, node: number): Status {
    const nomination = state.nomination;
    state.reset(pod);
    state.nomination = nomination;
    for (const pl of this.profile.preFilter) {
      const s = pl.preFilter(state, pod);
      if (s.code === Code.Skip) state.skipFilter |= 1 << pl.id;
      else if (!s.ok) return s;
    }
    const info = this.handle.cache.nodes[node];
    const held = this.holdNominated(pod, node);
    let out: Status = SUCCESS;
    for (const f of this.profile.filter) {
      if ((state.skipFilter & (1 << f.id)) !== 0) continue;
      const s = f.filter(state, pod, info);
      if (s.code !== Code.Success) {
        out = s;
        break;
      }
    }
    this.release(held);
    return out;
  }

  /** prioritizeNodes + selectHost. */
  private prioritizeAndSelect(state: CycleState, pod: PodInfo, count: number): number {
    const feasible = this.feasible;
    const nodes = this.handle.cache.nodes;
    const totals = this.totals;
    const scores = this.scores;
    totals.fill(0, 0, count);
    for (const pl of this.profile.preScore) {
      if (pl.preScore(state, pod, feasible, count).code === Code.Skip) state.skipScore |= 1 << pl.id;
    }
    this.addLocalScores(state, pod, count);
    for (const pl of this.otherScores) {
      if ((state.skipScore & (1 << pl.id)) !== 0) continue;
      if (pl.scoreAll) pl.scoreAll(state, pod, nodes, feasible, count, scores);
      else for (let k = 0; k < count; k++) scores[k] = pl.score(state, pod, nodes[feasible[k]]);
      pl.normalizeScore?.(state, pod, scores, feasible, count);
      const w = pl.weight;
      for (let k = 0; k < count; k++) totals[k] += scores[k] * w;
    }
    return this.selectHost(pod, count);
  }

  /**
   * Adds the weighted scores of the plugins that add straight into the totals (`scoreInto`:
   * NodeResourcesFit, NodeResourcesBalancedAllocation). Scores are integers, so the totals do not
   * depend on the order plugins are added in.
   */
  private addLocalScores(state: CycleState, pod: PodInfo, count: number): void {
    const plugins = this.localScores;
    let mask = 0;
    for (const pl of plugins) if ((state.skipScore & (1 << pl.id)) === 0) mask |= 1 << pl.id;
    if (mask === 0) return;
    const nodes = this.handle.cache.nodes;
    const feasible = this.feasible;
    const totals = this.totals;
    const shape = pod.tpl.shape;
    // Which of these plugins PreScore skips depends on the requests alone (BalancedAllocation skips
    // a pod that requests nothing), so it is the same for a shape; if not, no memo for this cycle.
    if (shape >= MEMO_SHAPES || (this.sumMask[shape] !== mask && this.sumMask[shape] !== -1)) {
      for (const pl of plugins) if ((mask & (1 << pl.id)) !== 0) pl.scoreInto!(state, pod, nodes, feasible, count, totals);
      return;
    }
    this.sumMask[shape] = mask;
    const sumOf = this.sumOf;
    const sumAt = this.sumAt;
    // Shape-major: one shape's sums are one contiguous stretch, read in (nearly) node order.
    const base = shape * nodes.length;
    for (let k = 0; k < count; k++) {
      const index = feasible[k];
      const info = nodes[index];
      const key = base + index;
      if (sumAt[key] !== info.version + 1) {
        let sum = 0;
        for (const pl of plugins) if ((mask & (1 << pl.id)) !== 0) sum += pl.score(state, pod, info) * pl.weight;
        sumOf[key] = sum;
        sumAt[key] = info.version + 1;
      }
      totals[k] += sumOf[key];
    }
  }

  /**
   * selectHost: the highest total; ties broken uniformly by reservoir sampling (the k-th tie
   * replaces the choice with probability 1/k; ref: kubernetes/kubernetes
   * pkg/scheduler/schedule_one.go selectHost, `rand.Intn(cntOfMaxScore) == 0`). The draws are
   * keyed by (pod key, attempt) — ⚠ kubeblast's choice: upstream draws from the process-wide
   * math/rand; the pod key (namespace/name) is stable across runs that differ elsewhere, unlike
   * the uid (creation order). The sequence starts only at the first tie.
   */
  private selectHost(pod: PodInfo, count: number): number {
    const totals = this.totals;
    const draws = this.tieDraws;
    let started = false;
    let best = 0;
    let max = totals[0];
    let ties = 1;
    for (let k = 1; k < count; k++) {
      const v = totals[k];
      if (v > max) {
        max = v;
        best = k;
        ties = 1;
      } else if (v === max) {
        ties++;
        if (!started) {
          draws.start(hashString(pod.pod.key), pod.attempts);
          started = true;
        }
        if (draws.int(ties) === 0) best = k;
      }
    }
    return this.feasible[best];
  }
}
