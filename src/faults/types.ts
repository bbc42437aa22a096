/**
 * The typed fault timeline of a scenario (design.md §3). The scenario loader produces it with
 * every name resolved against the topology and manifests; the fault injector executes it.
 */
import type { SourcePos } from '../errors.js';
import type { Dist } from '../kernel/dist.js';
import type { Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { ImageFailure } from '../kubelet/appfaults.js';

/** Every fault kind of the vocabulary. */
export const FAULT_KINDS = [
  'node-crash', 'node-reboot', 'kubelet-stop', 'rack-power', 'zone-outage', 'region-outage', 'partition',
  'etcd-member-crash', 'control-plane-crash', 'cordon', 'drain', 'rollout', 'scale',
  'node-delete', 'out-of-service', 'rollback', 'pod-kill', 'container-crash',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Kinds that happen at one instant: they take no `for` and never end (`endS` stays null). */
export function isInstantaneous(kind: FaultKind): boolean {
  return kind === 'rollout' || kind === 'scale' || kind === 'node-delete' || kind === 'rollback' || kind === 'pod-kill';
}

/** Moving targets: whichever control-plane host holds the role when the fault starts. */
export const MOVING_TARGETS = ['etcd-leader', 'controller-manager-leader', 'scheduler-leader'] as const;
export type MovingTarget = (typeof MOVING_TARGETS)[number];

/** What a partition cuts between its groups. */
export type PartitionCut = 'all' | 'kubelet-apiserver' | 'apiserver-etcd' | 'etcd-etcd';

/** A resolved fault target. */
export type FaultTarget =
  /** Worker nodes (a node, or every node of a rack/zone/region named as the target). */
  | { type: 'nodes'; name: string; nodes: HostId[] }
  /** A rack, zone or region, as a power/network domain: every host in it (control-plane hosts included). */
  | { type: 'domain'; level: 'rack' | 'zone' | 'region'; name: string; index: number; hosts: HostId[] }
  /** One control-plane host, named `cp-N`. */
  | { type: 'control-plane'; name: string; host: HostId }
  /** A moving target resolved when the fault starts. */
  | { type: 'moving'; role: MovingTarget }
  /** A partition: groups of hosts that cannot talk to each other (over `cut`). */
  | { type: 'partition'; groups: { names: string[]; hosts: HostId[] }[]; cut: PartitionCut; oneWay: boolean }
  /** A workload, for rollout and scale: its output key (`deployment/NS/NAME`). */
  | { type: 'workload'; key: string };

/** One scheduled fault entry (possibly repeated). */
export interface ScheduledFault {
  kind: FaultKind;
  target: FaultTarget;
  /** First start. */
  atUs: Time;
  /** How long each occurrence lasts; null = until the end of the run (or instantaneous for rollout/scale). */
  forUs: Time | null;
  /** Repetition period (null = once) and number of occurrences (null = until the end of the run). */
  everyUs: Time | null;
  count: number | null;
  /**
   * Kind-specific parameters: rollout `image` and `fails` (how the new image's pods fail), scale
   * `replicas`, drain `parallel`/`timeoutUs`, rollback `toRevision` (0: the previous one),
   * pod-kill `count` or `share` of the workload's pods.
   */
  params: { image?: string; fails?: ImageFailure; replicas?: number; parallel?: boolean; timeoutUs?: Time; toRevision?: number; count?: number; share?: number };
  source: SourcePos;
}

/** A level at which random failures are drawn. */
export type RandomLevel = 'node' | 'rack' | 'zone' | 'region' | 'control-plane';

/** How a random entry's domains start at t = 0 (`RandomFaults.start`). */
export const RANDOM_STARTS = ['equilibrium', 'new'] as const;
export type RandomStart = (typeof RANDOM_STARTS)[number];

/** Random failures for every domain of a level: time to failure from `mtbf`, repair from `mttr`. */
export interface RandomFaults {
  level: RandomLevel;
  /** The fault a failure is at this level: node → node-crash, rack → rack-power, zone → zone-outage, region → region-outage, control-plane → control-plane-crash. */
  kind: FaultKind;
  /** Time from a domain's repair (or the start) to its next failure: its up time. */
  mtbf: Dist;
  mttr: Dist;
  /**
   * The state of each domain at t = 0. `equilibrium` (the default): a fleet seen at a random
   * moment — down with probability E[mttr] / (E[mtbf] + E[mttr]), part-way through its repair or
   * its up time (residual-life draws). `new`: every domain freshly repaired, drawing a full up time.
   */
  start: RandomStart;
  /** The named profile this entry came from (`random: { profile: fleet-2009, scale: 2 }`), for the record. */
  profile?: { name: string; scale: number };
  /** Index among random entries, part of the stream name so each entry draws independently. */
  index: number;
  source: SourcePos;
}

/** The whole fault list of a scenario. */
export interface FaultTimeline {
  scheduled: ScheduledFault[];
  random: RandomFaults[];
}
