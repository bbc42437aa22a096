/**
 * Executes a scenario's fault timeline: scheduled entries (with `every`/`count` repetition) and
 * random failures per domain of a level. Every occurrence is recorded (for summary.json and the
 * report) and announced with `FaultStarted` / `FaultEnded` events.
 *
 * Random failures draw from one stream per (level, entry of that level, domain) —
 * `faults/random/node#0/eu-a-r1-n3` — so a scenario's fault timeline for a seed does not change
 * when anything else in the scenario changes (other components draw from other streams).
 */
import { sampleTime } from '../kernel/dist.js';
import type { Streams } from '../kernel/rng.js';
import type { Sim } from '../kernel/sim.js';
import { toSeconds, type Time } from '../kernel/time.js';
import type { EventLog } from '../metrics/events.js';
import type { HostId, Topology } from '../topology/types.js';
import { PRIORITY } from '../world/priority.js';
import type { FaultActions } from './actions.js';
import type { FaultKind, FaultTarget, FaultTimeline, RandomFaults, ScheduledFault } from './types.js';

/** One fault occurrence, as summary.json lists it. */
export interface FaultRecord {
  kind: FaultKind;
  target: string;
  startS: number;
  /** When it ended; null when it lasts to the end of the run (or is instantaneous: rollout, scale). */
  endS: number | null;
  /** Set when the fault did nothing (a moving target with no holder). */
  skipped?: string;
  /** `random` for drawn failures. */
  origin: 'scheduled' | 'random';
}

/** Runs the fault timeline on a world through `FaultActions`. */
export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private nextId = 1;

  constructor(
    private readonly sim: Sim,
    private readonly streams: Streams,
    private readonly events: EventLog,
    private readonly topology: Topology,
    private readonly timeline: FaultTimeline,
    private readonly durationUs: Time,
    private readonly act: FaultActions,
  ) {}

  /** Schedules every fault; call once at t = 0. */
  start(): void {
    for (const f of this.timeline.scheduled) this.scheduleOccurrence(f, 0);
    const perLevel = new Map<string, number>();
    for (const r of this.timeline.random) {
      const k = perLevel.get(r.level) ?? 0;
      perLevel.set(r.level, k + 1);
      for (const d of this.domains(r)) this.scheduleRandom(r, d, `faults/random/${r.level}#${k}/${targetName(d)}`);
    }
  }

  private scheduleOccurrence(f: ScheduledFault, n: number): void {
    const at = f.atUs + n * (f.everyUs ?? 0);
    if (at >= this.durationUs || (f.count !== null && n >= f.count) || (n > 0 && f.everyUs === null)) return;
    this.sim.at(at, `fault ${f.kind}`, () => {
      this.begin(f.kind, f.target, f.forUs, 'scheduled', f.params);
      this.scheduleOccurrence(f, n + 1);
    }, PRIORITY.fault);
  }

  /** Alternates failure and repair for one domain, one pending event at a time. */
  private scheduleRandom(r: RandomFaults, target: FaultTarget, stream: string): void {
    const rng = this.streams.stream(stream);
    const fail = (from: Time) => {
      const at = from + sampleTime(r.mtbf, rng);
      if (at >= this.durationUs) return;
      this.sim.at(at, `random ${r.kind}`, () => {
        const repairUs = Math.max(1, sampleTime(r.mttr, rng));
        this.begin(r.kind, target, repairUs, 'random', {});
        fail(at + repairUs);
      }, PRIORITY.fault);
    };
    fail(0);
  }

  private domains(r: RandomFaults): FaultTarget[] {
    const t = this.topology;
    switch (r.level) {
      case 'node':
        return t.nodes.map((n) => ({ type: 'nodes', name: n.name, nodes: [n.id] }));
      case 'rack':
        return t.racks.map((k) => ({ type: 'domain', level: 'rack', name: k.name, index: k.index, hosts: k.hosts }));
      case 'zone':
        return t.zones.map((z) => ({ type: 'domain', level: 'zone', name: z.name, index: z.index, hosts: [...z.nodes, ...z.controlPlane] }));
      case 'region':
        return t.regions.map((g) => ({ type: 'domain', level: 'region', name: g.name, index: g.index, hosts: g.zones.flatMap((z) => [...t.zones[z].nodes, ...t.zones[z].controlPlane]) }));
      case 'control-plane':
        return t.controlPlane.map((h) => ({ type: 'control-plane', name: h.name, host: h.id }));
    }
  }

  private begin(kind: FaultKind, target: FaultTarget, forGiven: Time | null, origin: FaultRecord['origin'], params: ScheduledFault['params']): void {
    // A reboot always comes back: without `for`, power returns at once and the kubelet boots.
    const forUs = kind === 'node-reboot' && forGiven === null ? 0 : forGiven;
    const id = this.nextId++;
    const now = this.sim.now;
    const rec: FaultRecord = { kind, target: targetName(target), startS: toSeconds(now), endS: null, origin };
    this.records.push(rec);
    const end = this.apply(kind, target, `fault:${id}`, params);
    if (end === null) {
      rec.skipped = `no ${target.type === 'moving' ? target.role : 'target'} at that moment`;
      this.events.add(now, 'Warning', 'FaultSkipped', `fault/${id}`, `${kind} ${rec.target}: ${rec.skipped}`);
      return;
    }
    this.events.add(now, 'Warning', 'FaultStarted', `fault/${id}`, `${kind} ${rec.target}${forUs !== null && end ? ` for ${toSeconds(forUs)}s` : ''}`);
    if (forUs === null || !end) return;
    const endAt = Math.min(now + forUs, Number.MAX_SAFE_INTEGER);
    if (endAt > this.durationUs) return;
    this.sim.at(endAt, `fault ${kind} end`, () => {
      end();
      rec.endS = toSeconds(this.sim.now);
      this.events.add(this.sim.now, 'Normal', 'FaultEnded', `fault/${id}`, `${kind} ${rec.target}`);
    }, PRIORITY.fault);
  }

  /** Starts a fault; returns how to end it (false for instantaneous ones), or null when it did nothing. */
  private apply(kind: FaultKind, target: FaultTarget, cause: string, params: ScheduledFault['params']): (() => void) | false | null {
    const a = this.act;
    const hosts = targetHosts(target, a);
    switch (kind) {
      case 'node-crash':
      case 'node-reboot':
      case 'rack-power':
      case 'zone-outage':
      case 'region-outage':
      case 'control-plane-crash':
        if (hosts.length === 0) return null;
        for (const h of hosts) a.hostDown(h, cause);
        return () => { for (const h of hosts) a.hostUp(h, cause); };
      case 'kubelet-stop':
        for (const h of hosts) a.kubeletStop(h);
        return () => { for (const h of hosts) a.kubeletStart(h); };
      case 'etcd-member-crash':
        if (hosts.length === 0) return null;
        for (const h of hosts) a.etcdCrash(h);
        return () => { for (const h of hosts) a.etcdRestart(h); };
      case 'partition': {
        if (target.type !== 'partition') return null;
        const handle = a.partition(target.groups.map((g) => g.hosts), target.cut, target.oneWay);
        return () => a.heal(handle);
      }
      case 'cordon':
        a.cordon(hosts, true);
        return () => a.cordon(hosts, false);
      case 'drain':
        a.drain(hosts, { parallel: params.parallel ?? false, timeoutUs: params.timeoutUs ?? 0 });
        return () => a.cordon(hosts, false);
      case 'rollout':
        if (target.type === 'workload') a.rollout(target.key, params.image);
        return false;
      case 'scale':
        if (target.type === 'workload') a.scale(target.key, params.replicas ?? 0);
        return false;
    }
  }
}

function targetHosts(t: FaultTarget, a: FaultActions): HostId[] {
  switch (t.type) {
    case 'nodes':
      return t.nodes;
    case 'domain':
      return t.hosts;
    case 'control-plane':
      return [t.host];
    case 'moving': {
      const h = a.resolveMoving(t.role);
      return h >= 0 ? [h] : [];
    }
    default:
      return [];
  }
}

function targetName(t: FaultTarget): string {
  switch (t.type) {
    case 'nodes':
    case 'domain':
    case 'control-plane':
      return t.name;
    case 'moving':
      return t.role;
    case 'partition':
      return t.groups.map((g) => g.names.join('+')).join(' | ') + (t.cut === 'all' ? '' : ` (${t.cut})`);
    case 'workload':
      return t.key;
  }
}
