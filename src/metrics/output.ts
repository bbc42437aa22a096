/**
 * Serializes a run's data model into the files of design.md §4. Pure functions from recorded
 * data to text: the same run gives byte-identical files.
 */
import { stringify } from 'csv-stringify/sync';
import { formatSeconds } from '../kernel/time.js';
import { WIDTH, type AvailabilityRecorder } from './availability.js';
import type { EventLog } from './events.js';

/** `availability.csv`: `time_s,object,desired,ready,reported,endpoints,serving`, one row per change, in time order (endpoints/serving empty for workloads). */
export function availabilityCsv(rec: AvailabilityRecorder): string {
  const series = rec.all();
  const order = rec.rowOrder();
  const rows: string[][] = [];
  for (let k = 0; k < order.length; k += 2) {
    const s = series[order[k]];
    const r = order[k + 1];
    const v = s.values.slice(r * WIDTH, r * WIDTH + WIDTH);
    if (r > 0) {
      // A same-instant change that reverted leaves a row equal to the one before it: skip it.
      const prev = s.values.slice((r - 1) * WIDTH, r * WIDTH);
      if (prev.every((x, i) => x === v[i])) continue;
    }
    const svc = s.isService;
    rows.push([formatSeconds(s.times[r]), s.key, String(v[0]), String(v[1]), String(v[2]), svc ? String(v[3]) : '', svc ? String(v[4]) : '']);
  }
  return stringify(rows, { header: true, columns: ['time_s', 'object', 'desired', 'ready', 'reported', 'endpoints', 'serving'] });
}

/** `events.csv`: `time_s,type,reason,object,message`. */
export function eventsCsv(log: EventLog): string {
  const rows = log.rows.map((e) => [formatSeconds(e.time), e.type, e.reason, e.object, e.message]);
  return stringify(rows, { header: true, columns: ['time_s', 'type', 'reason', 'object', 'message'] });
}
