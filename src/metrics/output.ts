/**
 * Serializes a run's data model into the files of design.md §4: the same run gives byte-identical
 * files. `kubeblast run` streams both CSVs while the run goes (the event log and the recorder hand
 * each finished record to a sink: `EventLog.stream`, `AvailabilityRecorder.stream`); the whole-file
 * functions here serialize a run kept in memory (tests, library use) from the same record
 * functions, so the two give the same bytes.
 *
 * The CSV is written by hand rather than with csv-stringify: a year at scale has millions of
 * fields and the library's per-field option handling cost more than the run's last quarter. The
 * bytes are csv-stringify's with its defaults (RFC 4180), which test/metrics/csv.test.ts checks
 * against the library: a field is quoted when it holds a comma, a quote, a CR or an LF, quotes
 * are doubled, an empty field is left empty, every record (the header too) ends with LF.
 */
import { formatSeconds } from '../kernel/time.js';
import type { AvailabilityRecorder } from './availability.js';
import type { EventLog, SimEvent } from './events.js';
import { WIDTH, type ObjectSeries } from './series.js';

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

/** The header record of `availability.csv`. */
export const AVAILABILITY_HEADER = csvRecord(['time_s', 'object', 'desired', 'ready', 'reported', 'endpoints', 'serving']);

/** The header record of `events.csv`. */
export const EVENTS_HEADER = csvRecord(['time_s', 'type', 'reason', 'object', 'message']);

/**
 * Row `r` of a series as its `availability.csv` record, or null when it equals the row before it
 * (a same-instant change that reverted): such a row is not written.
 */
export function availabilityRecord(s: ObjectSeries, r: number): string | null {
  const v = s.values;
  const at = r * WIDTH;
  if (r > 0) {
    let same = true;
    for (let c = 0; c < WIDTH && same; c++) same = v[at + c] === v[at - WIDTH + c];
    if (same) return null;
  }
  const svc = s.isService;
  // Numbers never need quotes; the object key may (a name with a comma cannot exist in
  // Kubernetes, but the field is quoted by the same rule as any other to stay csv-stringify's).
  return `${formatSeconds(s.times[r])},${csvField(s.key)},${v[at]},${v[at + 1]},${v[at + 2]},${svc ? v[at + 3] : ''},${svc ? v[at + 4] : ''}\n`;
}

/** One event as its `events.csv` record. */
export function eventRecord(e: SimEvent): string {
  // csvRecord's bytes, built without an array per event (a year at scale writes millions); the
  // time is a number, which never needs quotes.
  return `${formatSeconds(e.time)},${csvField(e.type)},${csvField(e.reason)},${csvField(e.object)},${csvField(e.message)}\n`;
}

/** `availability.csv` of a recorder that kept its rows in memory: `time_s,object,desired,ready,reported,endpoints,serving`, one row per change, in time order (endpoints/serving empty for workloads). */
export function availabilityCsv(rec: AvailabilityRecorder): string {
  if (rec.streamed) throw new Error('availabilityCsv: the recorder streamed its rows (availability.csv was written during the run)');
  const series = rec.all();
  const order = rec.rowOrder();
  const parts: string[] = [AVAILABILITY_HEADER];
  for (let k = 0; k < order.length; k += 2) {
    const line = availabilityRecord(series[order[k]], order[k + 1]);
    if (line !== null) parts.push(line);
  }
  return parts.join('');
}

/** `events.csv` of a log that kept every row in memory: `time_s,type,reason,object,message`. */
export function eventsCsv(log: EventLog): string {
  if (log.rows.length !== log.count) throw new Error(`eventsCsv: the log kept ${log.rows.length} of ${log.count} events (events.csv was streamed during the run)`);
  const parts: string[] = [EVENTS_HEADER];
  for (const e of log.rows) parts.push(eventRecord(e));
  return parts.join('');
}
