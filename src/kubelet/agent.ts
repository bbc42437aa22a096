/**
 * The state of one node's kubelet: whether its host is up, its process runs and it can reach the
 * API servers; its lease-renewal grid; the pods it runs and the images on its disk.
 */
import type { PodUid } from '../apiserver/objects.js';
import type { EventId } from '../kernel/sim.js';
import type { Rng, Streams } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import type { KubeletConfig } from '../scenario/types.js';
import type { HostId, NodeSpec } from '../topology/types.js';
import { renewingSinceForever, type RenewalState } from './lease.js';
import type { PodRun } from './pod-run.js';

/** One worker node's kubelet. */
export interface NodeAgent {
  host: HostId;
  name: string;
  /** `node/NAME`, for events. */
  key: string;
  /** Sub-streams `kubelet/<node-name>/<purpose>`, created on first use (see `rngFor`). */
  rngs: Partial<Record<DrawPurpose, Rng>>;
  streams: Streams;
  hostUp: boolean;
  /** The kubelet process runs (host up, booted, not stopped by a `kubelet-stop` fault). */
  running: boolean;
  /** A `kubelet-stop` fault holds the process down. */
  faultStopped: boolean;
  /** A boot finished while the process was held down: report `Rebooted` when it starts. */
  rebootPending: boolean;
  /** Whether a `kubelet-apiserver` write from this host could commit (last computed). */
  connected: boolean;
  lease: RenewalState;
  /** When the kubelet process last started (−∞: running since before the run began). */
  processStartUs: Time;
  /** Origin of the status-sync grid (nodeStatusUpdateFrequency), re-anchored when the process starts. */
  statusAnchorUs: Time;
  bootTimer: EventId;
  /** Pending status-sync tick that retries unwritten statuses, or -1. */
  syncTimer: EventId;
  /** The node's Ready condition must be (re)posted at the next status sync. */
  nodeDirty: boolean;
  boots: number;
  runs: Map<PodUid, PodRun>;
  /** Images on disk or being pulled: image → when it is (or will be) on disk. */
  images: Map<string, Time>;
  /** When the (serialized) image puller is free. */
  pullFreeUs: Time;
}

/**
 * What a kubelet draws for. Each purpose has its own stream, so that one more pod on a node (a
 * pull, a start, a probe phase) never shifts that node's lease or boot draws, and vice versa.
 */
export type DrawPurpose = 'lease' | 'boot' | 'pull' | 'start' | 'stop' | 'probe';

/** The stream `kubelet/<node>/<purpose>`, created on first use: most nodes of a large topology never pull or reboot. */
export function rngFor(a: NodeAgent, purpose: DrawPurpose): Rng {
  return (a.rngs[purpose] ??= a.streams.stream(`kubelet/${a.name}/${purpose}`));
}

/** A kubelet that has run since before the run began; its grid phases are drawn once from `kubelet/<node>/lease`. */
export function newAgent(spec: NodeSpec, streams: Streams, cfg: KubeletConfig): NodeAgent {
  // One draw each for the lease and status-sync phases; the lease loop's 0.04 jitter is folded
  // into its phase (lease.ts).
  const rng = streams.stream(`kubelet/${spec.name}/lease`);
  const leasePhase = Math.floor(rng.uniform(0, cfg.leaseRenewIntervalUs));
  const statusPhase = Math.floor(rng.uniform(0, cfg.nodeStatusUpdateFrequencyUs));
  return {
    host: spec.id,
    name: spec.name,
    key: `node/${spec.name}`,
    rngs: { lease: rng },
    streams,
    hostUp: true,
    running: true,
    faultStopped: false,
    rebootPending: false,
    connected: true,
    lease: renewingSinceForever(leasePhase, cfg.leaseRenewIntervalUs),
    processStartUs: Number.NEGATIVE_INFINITY,
    statusAnchorUs: statusPhase - cfg.nodeStatusUpdateFrequencyUs,
    bootTimer: -1,
    syncTimer: -1,
    nodeDirty: false,
    boots: 0,
    runs: new Map(),
    images: new Map(),
    pullFreeUs: 0,
  };
}

/** Whether the kubelet acts: it runs and hears the API servers (sees bindings, posts status, renews). */
export function isActive(a: NodeAgent): boolean {
  return a.running && a.connected;
}
