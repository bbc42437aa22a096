/** Serializes a blast: blast.csv (design.md §4 "Batch outputs") and the terminal table of the worst domains. */
import { stringify } from 'csv-stringify/sync';
import { length } from '../cli/describe/humanize.js';
import type { BlastResult } from './blast.js';
import { verdicts, worstFirst } from './blast.js';

const COLUMNS = ['level', 'domain', 'object', 'desired', 'min_ready', 'downtime_s', 'time_to_recover_s', 'slo_met', 'recovered'];

const cell = (v: number | boolean | null): string => (v === null ? '' : String(v));

/** blast.csv: one row per domain × object; null values (no SLO, a DaemonSet, never recovered) are empty cells. */
export function blastCsv(b: BlastResult): string {
  const rows = b.rows.map((r) => [r.level, r.domain, r.object, cell(r.desired), cell(r.minReady), cell(r.downtimeS), cell(r.timeToRecoverS), cell(r.sloMet), cell(r.recovered)]);
  return stringify(rows, { header: true, columns: COLUMNS });
}

/** The terminal table: domains worst first (at most `limit`); lengths as the run console writes them. */
export function blastTable(b: BlastResult, limit = 15): string[][] {
  const vs = worstFirst(verdicts(b));
  const head = ['level', 'domain', 'SLO missed', 'not recovered', 'SLO downtime', 'worst object'];
  const rows = vs.slice(0, limit).map((v) => [v.level, v.domain, String(v.sloMissed), String(v.notRecovered), length(v.sloDowntimeS), v.worstObject ?? '-']);
  return [head, ...rows];
}
