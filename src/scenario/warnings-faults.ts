/**
 * Scheduled faults that the end of the run drops or cuts, said rather than done silently: an
 * occurrence that would start at or after the end never happens (the injector schedules only
 * those before it, src/faults/injector.ts), and one still on at the end is cut there (it stays on
 * to the end; its `endS` is null).
 */
import type { ScheduledFault } from '../faults/types.js';
import type { Time } from '../kernel/time.js';
import { formatDuration } from '../units/duration.js';
import { occurrenceCount } from './faults.js';
import type { Scenario } from './types.js';
import type { ScenarioWarning } from './warnings.js';

/** Occurrences a scheduled fault asks for; Infinity for `every` without `count` (until the end). */
function wanted(f: ScheduledFault): number {
  if (f.everyUs === null) return 1;
  return f.count ?? Number.POSITIVE_INFINITY;
}

function describe(f: ScheduledFault): string {
  const repeat = f.everyUs === null ? '' : ` every ${formatDuration(f.everyUs)}${f.count === null ? '' : ` ×${f.count}`}`;
  return `${f.kind} at ${formatDuration(f.atUs)}${f.forUs === null ? '' : ` for ${formatDuration(f.forUs)}`}${repeat}`;
}

/** Warnings for the faults the end of a run at `untilUs` (default: the duration) drops or cuts. */
export function faultEndWarnings(s: Scenario, untilUs?: Time): ScenarioWarning[] {
  const endUs = untilUs ?? s.durationUs;
  const until = untilUs !== undefined && untilUs !== s.durationUs;
  const end = `the run ends at ${formatDuration(endUs)}${until ? ' (--until)' : ''}`;
  const out: ScenarioWarning[] = [];
  for (const f of s.faults.scheduled) {
    const n = occurrenceCount(f, endUs);
    const want = wanted(f);
    const parts: string[] = [];
    // A fault past the scenario's own duration is already the loader's warning (scenario/faults.ts).
    if (n === 0 && !until) continue;
    if (n === 0) parts.push('it never starts: dropped');
    // An `every` without `count` repeats until the end by definition: nothing is dropped.
    else if (n < want && Number.isFinite(want)) parts.push(`${want - n} of its ${want} occurrences would start after it: dropped`);
    if (n > 0 && f.forUs !== null) {
      const lastStart = f.atUs + (n - 1) * (f.everyUs ?? 0);
      if (lastStart + f.forUs > endUs) parts.push(`${n > 1 ? 'its last occurrence' : 'it'} is cut to ${formatDuration(endUs - lastStart)} (still on at the end, endS null)`);
    }
    if (parts.length > 0) out.push({ message: `fault ${describe(f)}: ${end}; ${parts.join('; ')}`, source: f.source });
  }
  return out;
}
