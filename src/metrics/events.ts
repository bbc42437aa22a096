import type { Time } from '../kernel/time.js';

/** One row of `events.csv` (design.md §4). */
export interface SimEvent {
  time: Time;
  type: 'Normal' | 'Warning';
  /** Reason as Kubernetes names it (`Scheduled`, `NodeNotReady`, …) or kubeblast's own (`FaultStarted`, `EtcdLeaderElected`, …). */
  reason: string;
  /** Object the event is about: `pod/NS/NAME`, `node/NAME`, `deployment/NS/NAME`, `etcd/cp-1`, `lease/kube-system/kube-scheduler`, `fault/3`. */
  object: string;
  message: string;
}

/**
 * The run's event log. Components append in simulated-time order (the kernel guarantees it), so
 * the log is already sorted. Listeners (the metrics layer, tests) see each event as it is added.
 */
export class EventLog {
  readonly rows: SimEvent[] = [];
  private listeners: Array<(e: SimEvent) => void> = [];
  /** When false, rows are not kept (listeners still run); for large batch runs. */
  keep = true;

  /** Records an event at `time`. */
  add(time: Time, type: SimEvent['type'], reason: string, object: string, message: string): void {
    const e: SimEvent = { time, type, reason, object, message };
    if (this.keep) this.rows.push(e);
    for (const l of this.listeners) l(e);
  }

  /** Calls `fn` for every event added from now on. */
  listen(fn: (e: SimEvent) => void): void {
    this.listeners.push(fn);
  }

  /** A copy with every time shifted by −originUs (events before the origin get negative times). */
  shifted(originUs: Time): EventLog {
    const out = new EventLog();
    for (const e of this.rows) out.rows.push({ ...e, time: e.time - originUs });
    return out;
  }

  /** Events with the given reason (for tests and summaries). */
  byReason(reason: string): SimEvent[] {
    return this.rows.filter((e) => e.reason === reason);
  }
}
