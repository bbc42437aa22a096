/**
 * Executes a scenario's fault timeline: scheduled entries (with `every`/`count` repetition) and
 * random failures per domain of a level (`random.ts`). Every occurrence is recorded (for
 * summary.json and the report) and announced with a `FaultStarted` event before its effects, and
 * a `FaultEnded` event when it ends; one still running when the run ends keeps `endS: null`.
 *
 * Overlapping faults compose. Host power goes through the network's cause sets (a node down for
 * its own crash and its rack's power comes back when both are repaired); process faults
 * (`kubelet-stop`, `etcd-member-crash`) and cordons (`cordon`, `drain`) hold their target the
 * same way, so the first of two overlapping faults to end does not undo the other. The end of a
 * `drain` stops its kubectl process before uncordoning: no eviction is requested after it.
 * A client operation (cordon, drain, rollout, scale) whose kubectl gave up ends there, with
 * `outcome: failed`; what it left (a drain's cordon) is still undone at its scheduled end.
 */
import type { Streams } from '../kernel/rng.js';
import type { Sim } from '../kernel/sim.js';
import { toSeconds, type Time } from '../kernel/time.js';
import type { EventLog } from '../metrics/events.js';
import type { HostId, Topology } from '../topology/types.js';
import { PRIORITY } from '../world/priority.js';
import type { FaultActions, OnOutcome, OperationOutcome } from './actions.js';
import { drawRepair, drawStart, drawUpTime, randomDomains, randomStreamName, type RandomDomain } from './random.js';
import { isInstantaneous, type FaultKind, type FaultTarget, type FaultTimeline, type RandomFaults, type ScheduledFault } from './types.js';

/** One fault occurrence, as summary.json lists it. */
export interface FaultRecord {
  kind: FaultKind;
  target: string;
  startS: number;
  /** When it ended; null when it lasts to the end of the run (or is instantaneous: rollout, scale). */
  endS: number | null;
  /** Set when the fault did nothing (a moving target with no holder). */
  skipped?: string;
  /**
   * For client operations (cordon, drain, rollout, scale): how kubectl ended. `failed` (with
   * `error`) when it gave up — a refused request, a drain past its timeout or stopped by an
   * eviction error —, and `endS` is then when it gave up.
   */
  outcome?: 'succeeded' | 'failed';
  error?: string;
  /** `random` for drawn failures. */
  origin: 'scheduled' | 'random';
}

/** Holds on a target by several faults at once; the target is released when the last hold goes. */
class Holds {
  private readonly held = new Map<string, Set<string>>();

  /** Adds a hold; true when it is the first (the caller applies the effect). */
  take(key: string, cause: string): boolean {
    let set = this.held.get(key);
    if (!set) this.held.set(key, (set = new Set()));
    set.add(cause);
    return set.size === 1;
  }

  /** Lifts a hold; true when it was the last (the caller undoes the effect). */
  release(key: string, cause: string): boolean {
    const set = this.held.get(key);
    if (!set || !set.delete(cause)) return false;
    return set.size === 0;
  }
}

/** Runs the fault timeline on a world through `FaultActions`. */
export class FaultInjector {
  readonly records: FaultRecord[] = [];
  private nextId = 1;
  private readonly holds = new Holds();
  /** Kernel time of the scenario's t = 0 (the run's origin: the end of the boot phase). */
  private originUs: Time = 0;
  /** Kernel time at which the run ends. */
  private endUs: Time = 0;

  constructor(
    private readonly sim: Sim,
    private readonly streams: Streams,
    private readonly events: EventLog,
    private readonly topology: Topology,
    private readonly timeline: FaultTimeline,
    private readonly durationUs: Time,
    private readonly act: FaultActions,
  ) {}

  /**
   * Schedules every fault relative to `originUs`, the kernel time of the scenario's t = 0; call
   * once, at that time. Records and events say times relative to it.
   */
  start(originUs: Time = 0): void {
    this.originUs = originUs;
    this.endUs = originUs + this.durationUs;
    for (const f of this.timeline.scheduled) this.scheduleOccurrence(f, 0);
    const perLevel = new Map<string, number>();
    for (const r of this.timeline.random) {
      const rank = perLevel.get(r.level) ?? 0;
      perLevel.set(r.level, rank + 1);
      for (const d of randomDomains(this.topology, r.level)) this.scheduleRandom(r, d, randomStreamName(r, rank, d));
    }
  }

  private scheduleOccurrence(f: ScheduledFault, n: number): void {
    const at = this.originUs + f.atUs + n * (f.everyUs ?? 0);
    if (at >= this.endUs || (f.count !== null && n >= f.count) || (n > 0 && f.everyUs === null)) return;
    this.sim.at(at, `fault ${f.kind}`, () => {
      this.begin(f.kind, f.target, f.forUs, 'scheduled', f.params);
      this.scheduleOccurrence(f, n + 1);
    }, PRIORITY.fault);
  }

  /** Alternates failure and repair for one domain, one pending event at a time, from its state at t = 0. */
  private scheduleRandom(r: RandomFaults, domain: RandomDomain, stream: string): void {
    const rng = this.streams.stream(stream);
    const failAt = (at: Time, repairUs: () => Time) => {
      if (at >= this.endUs) return;
      this.sim.at(at, `random ${r.kind}`, () => {
        const forUs = repairUs();
        this.begin(r.kind, domain.target, forUs, 'random', {});
        failAt(at + forUs + drawUpTime(r, rng), () => drawRepair(r, rng));
      }, PRIORITY.fault);
    };
    const s = drawStart(r, rng);
    if ('downUs' in s) failAt(this.originUs, () => s.downUs);
    else failAt(this.originUs + s.upUs, () => drawRepair(r, rng));
  }

  private begin(kind: FaultKind, target: FaultTarget, forGiven: Time | null, origin: FaultRecord['origin'], params: ScheduledFault['params']): void {
    // A reboot always comes back: without `for`, power returns at once and the kubelet boots.
    const forUs = kind === 'node-reboot' && forGiven === null ? 0 : forGiven;
    const id = this.nextId++;
    const now = this.sim.now;
    const rec: FaultRecord = { kind, target: targetName(target), startS: toSeconds(now - this.originUs), endS: null, origin };
    this.records.push(rec);
    const hosts = targetHosts(kind, target, this.act);
    if (hosts === null) {
      rec.skipped = target.type === 'moving' ? `no ${target.role} at that moment` : 'no host in the target';
      this.events.add(now, 'Warning', 'FaultSkipped', `fault/${id}`, `${kind} ${rec.target}: ${rec.skipped}`);
      return;
    }
    const instant = isInstantaneous(kind);
    const resolved = target.type === 'moving' ? ` (${this.topology.hosts[hosts[0]].name})` : '';
    this.events.add(now, 'Warning', 'FaultStarted', `fault/${id}`, `${kind} ${rec.target}${resolved}${forUs !== null && !instant ? ` for ${toSeconds(forUs)}s` : ''}`);
    let over = false;
    const end = this.apply(kind, target, hosts, `fault:${id}`, params, (r) => {
      if (!over) this.settle(rec, id, r);
    });
    if (forUs === null || !end) return;
    const endAt = Math.min(now + forUs, Number.MAX_SAFE_INTEGER);
    if (endAt > this.endUs) return;
    this.sim.at(endAt, `fault ${kind} end`, () => {
      over = true;
      // A failed operation already ended (and said so); its end still undoes what it left (the cordon).
      if (rec.outcome !== 'failed') {
        rec.endS = toSeconds(this.sim.now - this.originUs);
        this.events.add(this.sim.now, 'Normal', 'FaultEnded', `fault/${id}`, `${kind} ${rec.target}`);
      }
      end();
    }, PRIORITY.fault);
  }

  /**
   * Records how a client operation ended. A failure ends the fault there: kubectl gave up, so the
   * record gets that time as `endS` and a `FaultEnded` warning says why (inferred: kubeblast's own
   * record; a real `kubectl drain` prints the error and exits 1, leaving its nodes cordoned).
   */
  private settle(rec: FaultRecord, id: number, r: OperationOutcome): void {
    if (r.ok) {
      rec.outcome ??= 'succeeded';
      return;
    }
    if (rec.outcome === 'failed') return;
    rec.outcome = 'failed';
    rec.error = r.message;
    rec.endS = toSeconds(this.sim.now - this.originUs);
    this.events.add(this.sim.now, 'Warning', 'FaultEnded', `fault/${id}`, `${rec.kind} ${rec.target} failed: ${r.message}`);
  }

  /** Starts a fault on resolved hosts; returns how to end it (false for instantaneous ones). */
  private apply(kind: FaultKind, target: FaultTarget, hosts: HostId[], cause: string, params: ScheduledFault['params'], done: OnOutcome): (() => void) | false {
    const a = this.act;
    switch (kind) {
      case 'node-crash':
      case 'node-reboot':
      case 'rack-power':
      case 'zone-outage':
      case 'region-outage':
      case 'control-plane-crash':
        for (const h of hosts) a.hostDown(h, cause);
        return () => { for (const h of hosts) a.hostUp(h, cause); };
      case 'kubelet-stop':
        return this.hold('kubelet', hosts, cause, (h) => a.kubeletStop(h), (h) => a.kubeletStart(h));
      case 'etcd-member-crash':
        return this.hold('etcd', hosts, cause, (h) => a.etcdCrash(h), (h) => a.etcdRestart(h));
      case 'partition': {
        if (target.type !== 'partition') return false;
        const handle = a.partition(target.groups.map((g) => g.hosts), target.cut, target.oneWay);
        return () => a.heal(handle);
      }
      case 'cordon':
        return this.hold('cordon', hosts, cause, (h) => a.cordon([h], true, done), (h) => a.cordon([h], false));
      case 'drain': {
        // kubectl drain cordons first; the drain's cordon is held like a `cordon` fault's. The end
        // kills the kubectl process (no eviction after it), then uncordons where no other fault holds.
        for (const h of hosts) this.holds.take(`cordon:${h}`, cause);
        const running = a.drain(hosts, { parallel: params.parallel ?? false, timeoutUs: params.timeoutUs ?? 0 }, done);
        return () => {
          running.cancel();
          for (const h of hosts) if (this.holds.release(`cordon:${h}`, cause)) a.cordon([h], false);
        };
      }
      case 'rollout':
        if (target.type === 'workload') a.rollout(target.key, params.image, done, params.fails);
        return false;
      case 'rollback':
        if (target.type === 'workload') a.rollback(target.key, params.toRevision ?? 0, done);
        return false;
      case 'pod-kill':
        if (target.type === 'workload') a.podKill(target.key, { count: params.count, share: params.share }, done);
        return false;
      case 'container-crash':
        if (target.type !== 'workload') return false;
        return this.hold(`crash:${target.key}`, [0], cause, () => a.containerCrash(target.key, true), () => a.containerCrash(target.key, false));
      case 'scale':
        if (target.type === 'workload') a.scale(target.key, params.replicas ?? 0, done);
        return false;
      case 'node-delete':
        a.nodeDelete(hosts, done);
        return false;
      case 'out-of-service':
        return this.hold('out-of-service', hosts, cause, (h) => a.outOfService([h], true, done), (h) => a.outOfService([h], false));
    }
  }

  /** Applies `on` to each host not already held by another fault; the end undoes it where this was the last hold. */
  private hold(what: string, hosts: HostId[], cause: string, on: (h: HostId) => void, off: (h: HostId) => void): () => void {
    for (const h of hosts) if (this.holds.take(`${what}:${h}`, cause)) on(h);
    return () => { for (const h of hosts) if (this.holds.release(`${what}:${h}`, cause)) off(h); };
  }
}

/** Faults that act on the hosts of their target (and do nothing without one). */
const HOST_KINDS: readonly FaultKind[] = [
  'node-crash', 'node-reboot', 'kubelet-stop', 'rack-power', 'zone-outage', 'region-outage', 'etcd-member-crash', 'control-plane-crash', 'cordon', 'drain',
  'node-delete', 'out-of-service',
];

/** The hosts a fault acts on now, or null when it has none (a moving target with no holder, an empty domain). */
function targetHosts(kind: FaultKind, t: FaultTarget, a: FaultActions): HostId[] | null {
  let hosts: HostId[];
  switch (t.type) {
    case 'nodes':
      hosts = t.nodes;
      break;
    case 'domain':
      hosts = t.hosts;
      break;
    case 'control-plane':
      hosts = [t.host];
      break;
    case 'moving': {
      const h = a.resolveMoving(t.role);
      hosts = h >= 0 ? [h] : [];
      break;
    }
    default:
      return [];
  }
  return hosts.length === 0 && HOST_KINDS.includes(kind) ? null : hosts;
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
