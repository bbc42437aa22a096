/**
 * An ideal control plane: every live host can write, commits take a fixed latency, the leases
 * sit on the first control-plane host forever. For data-plane tests that are not about the
 * control plane, and as a yardstick ("what if the control plane never failed").
 */
import type { Channel, LeaderLease, WritePath, WriteProbe } from '../apiserver/types.js';
import type { Sim } from '../kernel/sim.js';
import { MS, type Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { HostLiveness } from './context.js';
import { PRIORITY } from './priority.js';

/** Host liveness with down-causes and no partitions. */
export class IdealNetwork implements HostLiveness {
  private readonly causes: Array<Set<string>>;
  private listeners: Array<() => void> = [];

  constructor(hosts: number) {
    this.causes = Array.from({ length: hosts }, () => new Set<string>());
  }

  isUp(host: HostId): boolean {
    return this.causes[host].size === 0;
  }

  hostDown(host: HostId, cause: string): void {
    this.causes[host].add(cause);
    this.changed();
  }

  hostUp(host: HostId, cause: string): void {
    if (this.causes[host].delete(cause)) this.changed();
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

/** A write path that always commits from a live host after `latencyUs`. */
export class IdealWritePath implements WritePath {
  constructor(
    private readonly sim: Sim,
    private readonly net: HostLiveness,
    private readonly apiserverHost: HostId,
    private readonly latencyUs: Time = 1 * MS,
  ) {}

  probe(client: HostId, _channel: Channel): WriteProbe {
    return this.net.isUp(client) ? { ok: true, latencyUs: this.latencyUs, apiserver: this.apiserverHost } : { ok: false, reason: 'client host is down' };
  }

  writable(client: HostId, _channel: Channel): boolean {
    return this.net.isUp(client);
  }

  submit(client: HostId, channel: Channel, label: string, commit: () => void, failed?: (reason: string) => void): void {
    const p = this.probe(client, channel);
    if (p.ok) this.sim.after(p.latencyUs, label, commit, PRIORITY.commit);
    else if (failed) this.sim.after(0, `${label} failed`, () => failed(p.reason), PRIORITY.commit);
  }

  onChange(fn: () => void): void {
    this.net.onChange(fn);
  }
}

/** A lease held by one host from `start()` on. */
export class StaticLease implements LeaderLease {
  private holder: HostId = -1;
  private listeners: Array<(host: HostId, previous: HostId) => void> = [];

  constructor(
    readonly object: string,
    private readonly host: HostId,
  ) {}

  /** Makes the host the leader. */
  start(): void {
    this.set(this.host);
  }

  /** Changes the holder (tests). */
  set(host: HostId): void {
    const prev = this.holder;
    if (prev === host) return;
    this.holder = host;
    for (const l of this.listeners) l(host, prev);
  }

  leaderHost(): HostId {
    return this.holder;
  }

  onLeaderChange(fn: (host: HostId, previous: HostId) => void): void {
    this.listeners.push(fn);
  }
}
