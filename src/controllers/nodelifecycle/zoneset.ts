/**
 * The zones as one node lifecycle controller process sees them: per zone, how many nodes are not
 * Ready (in the controller's current view), its state and its tainting queue; and
 * `handleDisruption`, which moves zone states and rate limiters after every pass — ref:
 * node_lifecycle_controller.go handleDisruption, kubernetes.md §2.
 */
import type { NodeObj } from '../../apiserver/objects.js';
import type { Sim, Timer } from '../../kernel/sim.js';
import type { Time } from '../../kernel/time.js';
import type { EventLog } from '../../metrics/events.js';
import type { NodeLifecycleConfig } from '../../scenario/types.js';
import type { HostId } from '../../topology/types.js';
import { LABEL_ZONE } from '../../topology/types.js';
import { ZoneTainter } from './tainter.js';
import { allFullyDisrupted, computeZoneState, LABEL_EXCLUDE_DISRUPTION, zoneKey, zoneRate, type ZoneState } from './zones.js';

/** One zone. */
export interface ZoneInfo {
  index: number;
  key: string;
  /** The zone label, for events (`zone/NAME`). */
  name: string;
  /** Every node of the zone (excluded ones too: they are still tainted through its queue). */
  hosts: HostId[];
  /** Nodes that count toward the zone's state. */
  size: number;
  notReady: number;
  state: ZoneState;
  tainter: ZoneTainter;
  /** The zone's next `doNoExecuteTaintingPass` attempt. */
  timer: Timer;
}

/** What `handleDisruption` did beyond per-zone limiter changes. */
export type DisruptionMode = 'entered' | 'exited' | 'unchanged';

/** Zones, their counts and states. */
export class ZoneSet {
  readonly zones: ZoneInfo[] = [];
  readonly zoneOf: Int32Array;
  private readonly counted: Uint8Array;
  /** 1 while the Node object exists: a deleted Node leaves the node lister, and its zone's counts. */
  private readonly present: Uint8Array;
  private readonly view: Array<NodeObj['ready']>;

  constructor(sim: Sim, nodes: readonly NodeObj[], priority: number, onTaintTick: (z: ZoneInfo) => void) {
    this.zoneOf = new Int32Array(nodes.length);
    this.counted = new Uint8Array(nodes.length);
    this.present = new Uint8Array(nodes.length).fill(1);
    this.view = nodes.map((n) => n.ready);
    const byKey = new Map<string, ZoneInfo>();
    for (const n of nodes) {
      const key = zoneKey(n.labels);
      let z = byKey.get(key);
      if (!z) {
        const zone: ZoneInfo = {
          index: this.zones.length, key, name: n.labels[LABEL_ZONE] ?? '', hosts: [], size: 0, notReady: 0,
          state: 'Initial', tainter: new ZoneTainter(0, 0),
          timer: sim.timer(`node lifecycle tainting ${n.labels[LABEL_ZONE] ?? ''}`, () => onTaintTick(zone), priority),
        };
        z = zone;
        byKey.set(key, z);
        this.zones.push(z);
      }
      this.zoneOf[n.host] = z.index;
      z.hosts.push(n.host);
      if (!(LABEL_EXCLUDE_DISRUPTION in n.labels)) this.counted[n.host] = 1;
    }
  }

  /** A new controller process: every zone Initial with a full bucket at `evictionRate`, counts from `view` over the nodes `present`. */
  reset(nowUs: Time, view: ReadonlyArray<NodeObj['ready']>, cfg: NodeLifecycleConfig, present: ReadonlyArray<boolean>): void {
    for (const z of this.zones) {
      z.size = 0;
      z.notReady = 0;
      z.state = 'Initial';
      z.tainter = new ZoneTainter(cfg.evictionRate, nowUs);
      z.timer.clear();
    }
    for (let h = 0; h < view.length; h++) {
      this.view[h] = view[h];
      this.present[h] = present[h] ? 1 : 0;
      if (!this.counted[h] || !this.present[h]) continue;
      const z = this.zones[this.zoneOf[h]];
      z.size++;
      if (view[h] !== 'True') z.notReady++;
    }
  }

  /** The process stops: no more tainting. */
  stop(): void {
    for (const z of this.zones) z.timer.clear();
  }

  /** The controller's current view of a node's Ready condition. */
  viewOf(host: HostId): NodeObj['ready'] {
    return this.view[host];
  }

  /** Records the controller's current Ready condition of a node (after a pass decided it). */
  setView(host: HostId, ready: NodeObj['ready']): void {
    const was = this.view[host];
    if (was === ready) return;
    this.view[host] = ready;
    if (!this.counted[host] || !this.present[host]) return;
    this.zones[this.zoneOf[host]].notReady += (ready !== 'True' ? 1 : 0) - (was !== 'True' ? 1 : 0);
  }

  /** Whether the Node object exists (as the controller's node lister has it). */
  isPresent(host: HostId): boolean {
    return this.present[host] === 1;
  }

  /**
   * The Node object was deleted (`leave`) or registered again (`join`, with the Ready condition the
   * kubelet posted): monitorNodeHealth lists the nodes that exist, so zone sizes and not-ready
   * counts follow (node_lifecycle_controller.go classifyNodes, zoneToNodeConditions).
   */
  leave(host: HostId): void {
    if (!this.present[host]) return;
    this.present[host] = 0;
    const z = this.zones[this.zoneOf[host]];
    z.tainter.remove(host);
    if (!this.counted[host]) return;
    z.size--;
    if (this.view[host] !== 'True') z.notReady--;
  }

  join(host: HostId, ready: NodeObj['ready']): void {
    if (this.present[host]) return;
    this.present[host] = 1;
    this.view[host] = ready;
    if (!this.counted[host]) return;
    const z = this.zones[this.zoneOf[host]];
    z.size++;
    if (ready !== 'True') z.notReady++;
  }

  /** The zone of a node. */
  zoneOfHost(host: HostId): ZoneInfo {
    return this.zones[this.zoneOf[host]];
  }

  /**
   * `handleDisruption` at the end of a pass. Entering "master disruption mode" (every zone fully
   * disrupted) stops every limiter; the caller removes the taints. Leaving it restores limiters per
   * state; the caller gives every node a fresh grace. Otherwise zones whose state changed get the
   * limiter of their new state.
   */
  handleDisruption(nowUs: Time, cfg: NodeLifecycleConfig, events: EventLog): DisruptionMode {
    const live = this.zones.filter((z) => z.size > 0);
    if (live.length === 0) return 'unchanged';
    const next = live.map((z) => computeZoneState(z.size - z.notReady, z.notReady, cfg.unhealthyZoneThreshold));
    const allAre = allFullyDisrupted(next);
    const allWas = allFullyDisrupted(live.map((z) => z.state));
    if (allAre && allWas) return 'unchanged';
    if (allAre) {
      for (const z of live) {
        z.tainter.swapLimiter(0, nowUs);
        this.setState(z, 'FullDisruption', nowUs, events);
      }
      return 'entered';
    }
    live.forEach((z, i) => {
      if (!allWas && z.state === next[i]) return;
      z.tainter.swapLimiter(zoneRate(next[i], z.size, cfg), nowUs);
      this.setState(z, next[i], nowUs, events);
    });
    return allWas ? 'exited' : 'unchanged';
  }

  /** kubeblast's `ZoneStateChanged` event (upstream only logs "zone is now in new state"); the first Initial → Normal is not news. */
  private setState(z: ZoneInfo, state: ZoneState, nowUs: Time, events: EventLog): void {
    const prev = z.state;
    if (prev === state) return;
    z.state = state;
    if (prev === 'Initial' && state === 'Normal') return;
    const type = state === 'Normal' ? 'Normal' : 'Warning';
    const counts = `${z.notReady} of ${z.size} nodes not ready`;
    events.add(nowUs, type, 'ZoneStateChanged', `zone/${z.name}`, `Controller detected that zone ${z.name} is now in state ${state} (${counts})`);
  }
}
