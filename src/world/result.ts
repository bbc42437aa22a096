/**
 * The data model of a finished run: everything the outputs (summary.json, CSVs, report.html)
 * are built from. Reports read this, never live simulation state.
 */
import type { FaultRecord } from '../faults/injector.js';
import type { Time } from '../kernel/time.js';
import type { AvailabilityRecorder } from '../metrics/availability.js';
import type { EventLog } from '../metrics/events.js';
import type { Scenario } from '../scenario/types.js';

/** One state interval of a control-plane strip (etcd leader, API server, leases), for the report. */
export interface StripInterval {
  startUs: Time;
  endUs: Time;
  /** `ok` (green), `degraded` (amber), `down` (red). */
  state: 'ok' | 'degraded' | 'down';
  /** What holds the role (e.g. `cp-2`), or why it is down. */
  label: string;
}

/** A named control-plane strip. */
export interface Strip {
  name: string;
  intervals: StripInterval[];
}

/** The `controlPlane` section of summary.json (design.md §4). */
export interface ControlPlaneSummary {
  etcd: {
    members: number;
    leaderChanges: number;
    noLeaderS: number;
    noQuorumS: number;
    elections: Array<{ startS: number; endS: number; durationMs: number; term: number }>;
  };
  apiserver: { unavailableS: number };
  controllerManager: { leaderChanges: number; noLeaderS: number };
  scheduler: { leaderChanges: number; noLeaderS: number };
}

/** A finished run. */
export interface RunResult {
  scenario: Scenario;
  seed: number;
  /** Simulated time covered from the run's t = 0 (the scenario's duration, or `--until`). */
  durationUs: Time;
  /** Simulated time the boot phase took before t = 0 (see world/boot.ts); every time in the result is relative to its end. */
  bootUs: Time;
  /** The step functions, rebased on t = 0 in place (the recorder of the run itself, its listeners released). */
  availability: AvailabilityRecorder;
  /**
   * The event log, times relative to t = 0. A streamed run (`RunOptions.outputs`) retains only the
   * rows its report and console read; `count` is always the number of events.csv rows.
   */
  events: EventLog;
  faults: FaultRecord[];
  controlPlane: ControlPlaneSummary;
  /** Control-plane health over time, for the report's strip. */
  strips: Strip[];
  /** SLO threshold per object key (null: all desired). */
  sloMinReady: Map<string, number | null>;
  /** Kernel events executed. */
  eventsRun: number;
}
