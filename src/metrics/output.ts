/**
 * Serializes a run's data model into the files of design.md §4. Pure functions from recorded
 * data to text: the same run gives byte-identical files.
 *
 * The CSV is written by hand rather than with csv-stringify: a year at scale has millions of
 * fields and the library's per-field option handling cost more than the run's last quarter. The
 * bytes are csv-stringify's with its defaults (RFC 4180), which test/metrics/csv.test.ts checks
 * against the library: a field is quoted when it holds a comma, a quote, a CR or an LF, quotes
 * are doubled, an empty field is left empty, every record (the header too) ends with LF.
 */
import { formatSeconds } from '../kernel/time.js';
import { WIDTH, type AvailabilityRecorder } from './availability.js';
import type { EventLog } from './events.js';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, quoted as csv-stringify quotes it by default. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record with its LF. */
export function csvRecord(fields: readonly string[]): string {
  let line = csvField(fields[0]);
  for (let i = 1; i < fields.length; i++) line += `,${csvField(fields[i])}`;
  return `${line}\n`;
}

/** `availability.csv`: `time_s,object,desired,ready,reported,endpoints,serving`, one row per change, in time order (endpoints/serving empty for workloads). */
export function availabilityCsv(rec: AvailabilityRecorder): string {
  const series = rec.all();
  const order = rec.rowOrder();
  const parts: string[] = [csvRecord(['time_s', 'object', 'desired', 'ready', 'reported', 'endpoints', 'serving'])];
  for (let k = 0; k < order.length; k += 2) {
    const s = series[order[k]];
    const r = order[k + 1];
    const v = s.values;
    const at = r * WIDTH;
    if (r > 0) {
      // A same-instant change that reverted leaves a row equal to the one before it: skip it.
      let same = true;
      for (let c = 0; c < WIDTH && same; c++) same = v[at + c] === v[at - WIDTH + c];
      if (same) continue;
    }
    const svc = s.isService;
    // Numbers never need quotes; the object key may (a name with a comma cannot exist in
    // Kubernetes, but the field is quoted by the same rule as any other to stay csv-stringify's).
    parts.push(`${formatSeconds(s.times[r])},${csvField(s.key)},${v[at]},${v[at + 1]},${v[at + 2]},${svc ? v[at + 3] : ''},${svc ? v[at + 4] : ''}\n`);
  }
  return parts.join('');
}

/** `events.csv`: `time_s,type,reason,object,message`. */
export function eventsCsv(log: EventLog): string {
  const parts: string[] = [csvRecord(['time_s', 'type', 'reason', 'object', 'message'])];
  for (const e of log.rows) parts.push(csvRecord([formatSeconds(e.time), e.type, e.reason, e.object, e.message]));
  return parts.join('');
}
