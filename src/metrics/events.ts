import type { Time } from '../kernel/time.js';
import { EVENTS_HEADER, eventRecord } from './output.js';
import type { TextSink } from './sink.js';

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

/** Events other than key ones that a streaming log retains: the report's table embeds at most this many rows (src/report/events.ts). */
export const RETAINED_OTHER_EVENTS = 20_000;

/**
 * Events about faults and the control plane: a streaming log retains every one (the report shows
 * them all first, and the control-plane strips are built from them).
 */
export function isKeyEvent(e: SimEvent): boolean {
  return e.reason.startsWith('Fault') || e.reason.startsWith('Etcd') || e.reason.startsWith('LeaderElection');
}

/**
 * The run's event log. Components append in simulated-time order (the kernel guarantees it), so
 * the log is already sorted. Listeners (tests, checkers) see each event as it is added, with the
 * kernel's time.
 *
 * Rows hold times relative to the run's origin (`markOrigin`): until it is known (the boot), the
 * events are held with kernel times and rebased in place when it is marked — the boot's events
 * scale with the cluster, not with the run. With `stream`, each record goes to a sink as soon as
 * its time is known, and `rows` keeps only what the report and the console read (every key event,
 * `BootIncomplete`, the first `RETAINED_OTHER_EVENTS` others); `count` is the total.
 */
export class EventLog {
  readonly rows: SimEvent[] = [];
  private listeners: Array<(e: SimEvent) => void> = [];
  /** When false, rows are not kept (listeners still run); for large batch runs. */
  keep = true;
  /** Events added, retained or not. */
  count = 0;
  /** Kernel time of the run's t = 0; null until marked (times are then kernel times). */
  private originUs: Time | null = null;
  /** Events added before the origin, waiting for their relative time (only when streaming). */
  private boot: SimEvent[] = [];
  private streaming = false;
  private sink: TextSink | null = null;
  private others = 0;

  /**
   * Streams the log (before the run): every record to `sink` (null: none written) and only the
   * retained rows kept (see the class comment).
   */
  stream(sink: TextSink | null): void {
    this.streaming = true;
    this.sink = sink;
    sink?.write(EVENTS_HEADER);
  }

  /** Records an event at kernel time `time`. */
  add(time: Time, type: SimEvent['type'], reason: string, object: string, message: string): void {
    const e: SimEvent = { time, type, reason, object, message };
    this.count++;
    for (const l of this.listeners) l(e);
    if (this.originUs === null) {
      if (this.sink) this.boot.push(e);
    } else {
      e.time = time - this.originUs;
      if (this.sink) this.sink.write(eventRecord(e));
    }
    if (this.keep && (!this.streaming || this.retains(e))) this.rows.push(e);
  }

  private retains(e: SimEvent): boolean {
    if (isKeyEvent(e) || e.reason === 'BootIncomplete') return true;
    return this.others++ < RETAINED_OTHER_EVENTS;
  }

  /**
   * Fixes the run's t = 0 at kernel time `originUs`: the events so far get times relative to it
   * (negative for the boot's), in place, and are streamed; later events are recorded relative to it.
   */
  markOrigin(originUs: Time): void {
    if (this.originUs !== null) throw new Error('EventLog: origin marked twice');
    this.originUs = originUs;
    if (this.streaming) {
      // Retained rows are among the buffered ones when a sink is set; otherwise they are all.
      if (!this.sink) for (const e of this.rows) e.time -= originUs;
      for (const e of this.boot) {
        e.time -= originUs;
        this.sink!.write(eventRecord(e));
      }
      this.boot = [];
    } else for (const e of this.rows) e.time -= originUs;
  }

  /**
   * Ends the log: writes what waits for an origin (0 when never marked), closes the sink and
   * releases the listeners (a run's result must not hold its simulation).
   */
  finish(): void {
    this.listeners = [];
    if (this.originUs === null) this.markOrigin(0);
    this.sink?.close();
  }

  /** Calls `fn` for every event added from now on. */
  listen(fn: (e: SimEvent) => void): void {
    this.listeners.push(fn);
  }

  /** Retained events with the given reason (for tests and summaries). */
  byReason(reason: string): SimEvent[] {
    return this.rows.filter((e) => e.reason === reason);
  }
}
