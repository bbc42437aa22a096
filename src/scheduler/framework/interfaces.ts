/**
 * The scheduling framework's extension points (pkg/scheduler/framework/interface.go): one small
 * interface each. A plugin implements the ones it needs; each returns a `Status` rather than
 * throwing. Scores are integers 0–100 after NormalizeScore; the framework multiplies them by the
 * plugin's weight and sums. Work done once per cycle is written to the `CycleState` in
 * PreFilter / PreScore and read by Filter / Score for every node.
 */
import type { NodeObj } from '../../apiserver/objects.js';
import type { NodeChange } from '../../apiserver/store.js';
import type { NodeInfo } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { CycleState } from './cycle-state.js';
import type { Status } from './status.js';

/** framework.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

/** Plugin ids: the bit of `1 << id` marks the plugin in masks, `id` is its CycleState slot. */
export const PluginId = {
  NodeUnschedulable: 0,
  NodeName: 1,
  TaintToleration: 2,
  NodeAffinity: 3,
  NodeResourcesFit: 4,
  PodTopologySpread: 5,
  InterPodAffinity: 6,
  NodeResourcesBalancedAllocation: 7,
  DefaultPreemption: 8,
  NodePorts: 9,
  SchedulingGates: 10,
  VolumeBinding: 11,
} as const;

/** Anything plugged into the framework. */
export interface Plugin {
  /** The upstream plugin name. */
  readonly name: string;
  /** One of `PluginId`. */
  readonly id: number;
}

/** PreFilter: work once per cycle before filtering; `Skip` means its Filter is not run for this pod. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo): Status;
}

/** Filter: can the node host the pod? */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status;
}

/** Why every node was rejected: the status of each node that was tried. */
export interface Diagnosis {
  /** Nodes tried and rejected, with their status (NodeToStatusMap), in the order they were tried. */
  readonly nodes: readonly number[];
  readonly statuses: readonly Status[];
  /** Plugins that rejected the pod somewhere (bit mask of `1 << id`). */
  readonly rejectors: number;
  /** Message of a PreFilter that rejected the pod outright, or ''. */
  readonly preFilterMsg: string;
  /**
   * The status of every node a PreFilterResult left out (NodeToStatus.AbsentNodesStatus, 1.31+):
   * they count in the message as that many nodes with its reason.
   */
  readonly absent?: Status;
}

/** PostFilter: runs when no node passed (DefaultPreemption). Returns a status whose message joins the FitError. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, diagnosis: Diagnosis, numAllNodes: number): Status;
}

/** PreScore: work once per cycle over the feasible nodes; `Skip` means its Score is not run. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, feasible: Int32Array, count: number): Status;
}

/** Score: a raw score for one feasible node. */
export interface ScorePlugin extends Plugin {
  /** Upstream default weight in the default profile. */
  readonly weight: number;
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
  /**
   * Optional batch form of `score`: the same numbers for `feasible[0..count)` into `scores`, in one
   * call per cycle rather than one per node (the per-node dispatch showed in profiles at 5,000 nodes).
   */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, scores: Float64Array): void;
  /**
   * Optional form for a plugin without NormalizeScore: adds `weight × score` of `feasible[0..count)`
   * straight into the cycle's weighted totals (scores are integers, so the sums do not depend on
   * the order plugins add in): one pass over the nodes instead of a scores pass and a totals pass.
   */
  scoreInto?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], feasible: Int32Array, count: number, totals: Float64Array): void;
  /** NormalizeScore (ScoreExtensions): rescales `scores[0..count)` in place to 0–100. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Float64Array, feasible: Int32Array, count: number): void;
}

/** A change of the cluster that may make an unschedulable pod schedulable (framework.ClusterEvent). */
export type ClusterEvent =
  | { readonly kind: 'NodeUpdate'; readonly node: NodeObj; readonly change: NodeChange }
  | { readonly kind: 'AssignedPodAdd'; readonly pod: PodInfo; readonly node: number }
  | { readonly kind: 'AssignedPodDelete'; readonly pod: PodInfo; readonly node: number };

/** EnqueueExtensions: the events a plugin's rejection can be lifted by, with a queueing hint. */
export interface EnqueueExtensions extends Plugin {
  /** Event kinds registered (EventsToRegister). */
  readonly events: ReadonlyArray<ClusterEvent['kind']>;
  /** QueueingHintFn: whether the event may make `pod` (rejected by this plugin) schedulable. */
  isSchedulableAfter(event: ClusterEvent, pod: PodInfo): boolean;
}
