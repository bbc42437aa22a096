/**
 * The node lifecycle controller's monitor passes, analytically. Upstream runs `monitorNodeHealth`
 * under `wait.UntilWithContext(ctx, …, nodeMonitorPeriod)` — sliding: the next pass starts a period
 * after the previous one *ends*. kubeblast models a pass as taking `PASS_US` (1 ms), so passes fall
 * on the grid start + k × (period + 1 ms). That matters: `now > probeTimestamp + grace` is strict,
 * and with an exact 5 s grid a 50 s grace would expire one pass (5 s) later than upstream does.
 * Only the passes where something can change for some node become events (`PassScheduler`).
 */
import type { Sim, Timer } from '../../kernel/sim.js';
import { MS, type Time } from '../../kernel/time.js';
import type { HostId } from '../../topology/types.js';

/** Modelled duration of one monitor pass (⚠ kubeblast's own; real passes take ms at most in a healthy cluster). */
export const PASS_US: Time = 1 * MS;

/** Pass times of one controller process. */
export class MonitorGrid {
  /** Time between pass starts: monitor period + pass duration. */
  readonly strideUs: Time;

  constructor(
    /** First pass: when the process started its loop. */
    readonly startUs: Time,
    monitorPeriodUs: Time,
  ) {
    this.strideUs = monitorPeriodUs + PASS_US;
  }

  /** Time of pass `k`. */
  timeOf(k: number): Time {
    return this.startUs + k * this.strideUs;
  }

  /** Index of the first pass at or after `t`. */
  indexAtOrAfter(t: Time): number {
    return Math.max(0, Math.ceil((t - this.startUs) / this.strideUs));
  }

  /** Index of the first pass strictly after `t`. */
  indexAfter(t: Time): number {
    return Math.max(0, Math.floor((t - this.startUs) / this.strideUs) + 1);
  }
}

/**
 * Which nodes need a look at which pass: at most one pending pass per node (the earliest asked),
 * one timer for the earliest pending pass. Passes where nothing was asked cost nothing.
 */
export class PassScheduler {
  private readonly dueOf: Int32Array;
  private readonly buckets = new Map<number, HostId[]>();
  /** Pending pass indexes, ascending. */
  private readonly order: number[] = [];
  private readonly timer: Timer;
  private grid: MonitorGrid | null = null;

  constructor(
    private readonly sim: Sim,
    nodes: number,
    priority: number,
    private readonly run: (k: number, hosts: HostId[]) => void,
  ) {
    this.dueOf = new Int32Array(nodes).fill(-1);
    this.timer = sim.timer('node lifecycle monitor pass', () => this.fire(), priority);
  }

  /** Starts scheduling on a process's grid (dropping anything pending). */
  reset(grid: MonitorGrid | null): void {
    this.grid = grid;
    this.dueOf.fill(-1);
    this.buckets.clear();
    this.order.length = 0;
    this.timer.clear();
  }

  /** Asks for `host` to be looked at in pass `k` (or earlier, if already asked for earlier). */
  due(host: HostId, k: number): void {
    const cur = this.dueOf[host];
    if (cur >= 0 && cur <= k) return;
    this.dueOf[host] = k;
    this.bucket(k).push(host);
  }

  private bucket(k: number): HostId[] {
    let bucket = this.buckets.get(k);
    if (bucket) return bucket;
    bucket = [];
    this.buckets.set(k, bucket);
    let i = this.order.length;
    while (i > 0 && this.order[i - 1] > k) i--;
    this.order.splice(i, 0, k);
    if (i === 0) this.arm();
    return bucket;
  }

  private arm(): void {
    if (this.grid && this.order.length > 0) this.timer.set(this.grid.timeOf(this.order[0]));
  }

  private fire(): void {
    const k = this.order.shift()!;
    const bucket = this.buckets.get(k) ?? [];
    this.buckets.delete(k);
    const hosts: HostId[] = [];
    for (const h of bucket) {
      if (this.dueOf[h] !== k) continue; // moved to an earlier pass, already looked at
      this.dueOf[h] = -1;
      hosts.push(h);
    }
    this.run(k, hosts);
    this.arm();
  }
}
