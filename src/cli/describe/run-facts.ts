/**
 * What the console of `kubeblast run` says beyond summary.json, read from the run's data model
 * (never live state): the objects a boot that did not converge left below their desired count,
 * and the intervals in which etcd quorum, the etcd leader and the controller-manager and
 * scheduler leaders were lost.
 */
import { toSeconds } from '../../kernel/time.js';
import { DESIRED, READY, SERVING } from '../../metrics/availability.js';
import type { RunResult } from '../../world/result.js';

/** An interval in seconds from t = 0; `endS` null when it lasted to the end of the run. */
export interface LostInterval {
  startS: number;
  endS: number | null;
}

/** Facts of a run for the console (see `runFacts`). */
export interface RunFacts {
  /** Set when the boot ended without converging (`BootIncomplete`): why, and the objects below their desired count at t = 0. */
  bootIncomplete: { reason: string; objects: string[] } | null;
  /** Per role (`etcd quorum`, `etcd leader`, `controller-manager leader`, `scheduler leader`), when it was lost. */
  lost: Array<{ role: string; intervals: LostInterval[] }>;
}

/** The console's facts of a finished run. */
export function runFacts(r: RunResult): RunFacts {
  const incomplete = r.events.rows.find((e) => e.reason === 'BootIncomplete');
  let bootIncomplete: RunFacts['bootIncomplete'] = null;
  if (incomplete) {
    // Row 0 of each series is its state at t = 0 (metrics/availability.ts `markOrigin`); BootIncomplete is an event a streamed log retains.
    const objects = r.availability.all().filter((s) => s.values[s.isService ? SERVING : READY] < s.values[DESIRED]).map((s) => s.key);
    const reason = /without converging: ([^:;]+)/.exec(incomplete.message)?.[1] ?? incomplete.message;
    bootIncomplete = { reason: reason.replace(/ *\(s\)$/, ''), objects };
  }
  const durationS = toSeconds(r.durationUs);
  // With the ideal control plane there is no etcd at all: its strips would read "lost" throughout.
  const hasEtcd = r.controlPlane.etcd.members > 0;
  const lost = r.strips
    .filter((strip) => hasEtcd || !strip.name.startsWith('etcd'))
    .map((strip) => ({
      role: strip.name,
      intervals: strip.intervals.filter((i) => i.state === 'down').map((i) => {
        const endS = toSeconds(i.endUs);
        return { startS: toSeconds(i.startUs), endS: endS >= durationS ? null : endS };
      }),
    }));
  return { bootIncomplete, lost };
}
