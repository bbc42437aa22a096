/**
 * `blast`: fails every domain of the chosen levels, one run per domain (blast-run.ts), and
 * collects the rows of blast.csv. Runs go through a `BlastRunner`: in-process, or the batch
 * pool's `blast` task kind (blast-task.ts) so `--workers N` runs them in parallel. Rows are
 * ordered by domain (levels, then topology order) and by the run's object order, whatever order
 * the runs finish in, so the outputs are the same bytes for any worker count.
 */
import type { Time } from '../kernel/time.js';
import type { Scenario } from '../scenario/types.js';
import { blastDomains, type BlastDomain, type BlastLevel } from './blast-domains.js';
import type { BlastRow } from './blast-rows.js';
import { isControlPlaneRow } from './blast-controlplane.js';
import { runBlastDomain, type BlastArgs } from './blast-run.js';

/** Runs one domain's failure somewhere and returns its rows. */
export interface BlastRunner {
  run(args: BlastArgs): Promise<BlastRow[]>;
}

/** A runner that runs in this thread (tests; a single domain). */
export function inProcessRunner(scenario: Scenario): BlastRunner {
  return { run: (args) => Promise.resolve(runBlastDomain(scenario, args)) };
}

/** What a blast covers. */
export interface BlastOptions {
  levels: readonly BlastLevel[];
  forUs: Time;
  settleUs: Time;
}

/** A finished blast. */
export interface BlastResult extends BlastOptions {
  scenario: string;
  seed: number;
  domains: BlastDomain[];
  rows: BlastRow[];
}

/** Runs a blast over every domain of `opts.levels`; `onDone` hears each finished domain (progress). */
export async function runBlast(s: Scenario, opts: BlastOptions, runner: BlastRunner, onDone?: (d: BlastDomain) => void): Promise<BlastResult> {
  const domains = blastDomains(s.topology, opts.levels);
  const perDomain = await Promise.all(domains.map(async (d) => {
    const rows = await runner.run({ ...d, forUs: opts.forUs, settleUs: opts.settleUs });
    onDone?.(d);
    return rows;
  }));
  return { ...opts, scenario: s.name, seed: s.seed, domains, rows: perDomain.flat() };
}

/** A domain's verdict, for ranking and the capacity search. */
export interface DomainVerdict extends BlastDomain {
  /** Objects with an SLO that went below it. */
  sloMissed: number;
  /** Objects not back at desired before the domain returned. */
  notRecovered: number;
  /** Total downtime below SLO of the objects that have one (seconds). */
  sloDowntimeS: number;
  /** The object that did worst (longest downtime below SLO, then not recovered), or null. */
  worstObject: string | null;
  passed: boolean;
}

/**
 * Whether a row counts against its domain: an object with an SLO that went below it, or a
 * workload (not a Service, not a DaemonSet whose pods cannot move) that was not back at its
 * desired count before the domain returned. Control-plane rows inform and never fail a domain.
 */
function rowFails(r: BlastRow): { slo: boolean; recovery: boolean } {
  return { slo: r.sloMet === false, recovery: r.recovered === false && !r.object.startsWith('service/') && !isControlPlaneRow(r.object) };
}

/** Each domain's verdict, in domain order. */
export function verdicts(b: Pick<BlastResult, 'domains' | 'rows'>): DomainVerdict[] {
  // Rows grouped in one pass: a node-level blast of a large cluster has domains × objects rows.
  const byDomain = new Map<string, BlastRow[]>();
  for (const r of b.rows) {
    const key = `${r.level}\0${r.domain}`;
    const list = byDomain.get(key);
    if (list) list.push(r);
    else byDomain.set(key, [r]);
  }
  return b.domains.map((d) => {
    const rows = byDomain.get(`${d.level}\0${d.domain}`) ?? [];
    let worst: BlastRow | null = null;
    let worstKey = [0, 0];
    const v: DomainVerdict = { ...d, sloMissed: 0, notRecovered: 0, sloDowntimeS: 0, worstObject: null, passed: true };
    for (const r of rows) {
      const f = rowFails(r);
      if (f.slo) v.sloMissed++;
      if (f.recovery) v.notRecovered++;
      if (r.sloMet !== null) v.sloDowntimeS += r.downtimeS;
      const key = [r.sloMet === false ? r.downtimeS : 0, f.recovery ? 1 : 0];
      if ((f.slo || f.recovery) && (key[0] > worstKey[0] || (key[0] === worstKey[0] && key[1] > worstKey[1]) || worst === null)) {
        worst = r;
        worstKey = key;
      }
    }
    v.worstObject = worst?.object ?? null;
    v.passed = v.sloMissed === 0 && v.notRecovered === 0;
    v.sloDowntimeS = Math.round(v.sloDowntimeS * 1e6) / 1e6;
    return v;
  });
}

/** Verdicts worst first: most SLOs missed, then most not recovered, then longest downtime; ties in domain order. */
export function worstFirst(vs: readonly DomainVerdict[]): DomainVerdict[] {
  return vs.map((v, i) => ({ v, i }))
    .sort((a, b) => b.v.sloMissed - a.v.sloMissed || b.v.notRecovered - a.v.notRecovered || b.v.sloDowntimeS - a.v.sloDowntimeS || a.i - b.i)
    .map((x) => x.v);
}
