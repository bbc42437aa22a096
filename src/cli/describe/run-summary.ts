/**
 * The console summary of `kubeblast run` (issue 9): the run and its boot (with a `BootIncomplete`
 * warning naming the objects a boot that did not converge left short), the objects below their
 * objective first with the rest folded into a count (`--all` lists every one), one line per
 * missed SLO, the control plane with when quorum and leaders were lost, and the faults counted by
 * kind. Lengths and time points each have one format (humanize.ts).
 */
import type { ObjectSummary, SummaryJson } from '../../metrics/summary.js';
import { describeControlPlaneLost, describeRunFaults } from './run-events.js';
import type { RunFacts } from './run-facts.js';
import { length } from './humanize.js';
import { plural, table } from './text.js';

/** Console options: `all` lists every object, not only those below their objective. */
export interface RunConsoleOptions {
  all?: boolean;
}

const NO_FACTS: RunFacts = { bootIncomplete: null, lost: [] };

function pct(x: number): string {
  return x >= 1 ? '100%' : `${(100 * x).toFixed(3)}%`;
}

/** The column headers; `LEGEND` defines them (docs/outputs.md says the same). */
const HEADERS = ['object', 'desired', 'objective', 'lowest ready', 'met objective', '≥1 ready', 'all ready', 'downtime', 'outages', 'TTR p50', 'TTR max'];
const LEGEND = [
  'objective: the SLO\'s minimum ready (≥N), or all desired; ready means serving endpoints for a Service.',
  'met objective / ≥1 ready / all ready: share of the run at or above the objective / with at least one ready / with all desired ready',
  '(summary.json availability.slo / any / full). downtime and outages: time and intervals below the objective; TTR: time to recover.',
];

function objective(o: ObjectSummary): string {
  return o.sloMinReady === null ? 'all' : `≥${o.sloMinReady}`;
}

function row(o: ObjectSummary): string[] {
  const ttr = (x: number | null) => (x === null ? '-' : length(x));
  return [
    o.object, String(o.desired), objective(o), String(o.lowestReady),
    pct(o.availability.slo), pct(o.availability.any), pct(o.availability.full),
    length(o.downtimeS), String(o.outages) + (o.openOutages ? ' (open)' : ''), ttr(o.timeToRecoverS.p50), ttr(o.timeToRecoverS.max),
  ];
}

/** The objects table: below their objective first (worst first), the rest folded unless `all`. */
export function describeObjects(objects: readonly ObjectSummary[], all = false): string[] {
  const below = objects.filter((o) => o.availability.slo < 1).sort((a, b) => a.availability.slo - b.availability.slo);
  const met = objects.filter((o) => o.availability.slo >= 1);
  const shown = all ? [...below, ...met] : below;
  const lines: string[] = [];
  if (below.length === 0) {
    lines.push(`every object met its objective throughout (${plural(objects.length, 'object')}${all || objects.length === 0 ? '' : '; --all lists them'})`);
  } else {
    lines.push(`${plural(below.length, 'object')} of ${objects.length} fell below ${below.length === 1 ? 'its' : 'their'} objective:`);
  }
  if (shown.length > 0) lines.push(...table([HEADERS, ...shown.map(row)], 2));
  if (!all && below.length > 0 && met.length > 0) lines.push(`+ ${plural(met.length, 'object')} at ${met.length === 1 ? 'its' : 'their'} objective throughout (--all lists ${met.length === 1 ? 'it' : 'them'})`);
  if (shown.length > 0) lines.push(...LEGEND.map((l) => `  ${l}`));
  return lines;
}

/** One line per object whose explicit SLO was missed. */
export function describeMissedSlos(objects: readonly ObjectSummary[]): string[] {
  return objects.filter((o) => o.hasSlo && o.availability.slo < 1).map((o) => {
    const what = o.object.startsWith('service/') ? 'serving' : 'ready';
    const longest = o.timeToRecoverS.max === null ? '' : `, longest recovered ${length(o.timeToRecoverS.max)}`;
    const open = o.openOutages > 0 ? '; still below at the end' : '';
    return `SLO missed: ${o.object} (${objective(o)} ${what}) below for ${length(o.downtimeS)} in ${plural(o.outages, 'outage')}${longest}${open}; met ${pct(o.availability.slo)} of the time`;
  });
}

/** The boot line, and a `BootIncomplete` warning naming the objects short at t = 0. */
function describeBoot(s: SummaryJson, facts: RunFacts): string[] {
  const lines = [`boot: ${length(s.sim.bootS)} from an empty cluster to t = 0, where faults and measurements start`];
  const b = facts.bootIncomplete;
  if (b) {
    const objects = b.objects.length > 0 ? `; below their desired count at t = 0, and measured so from there: ${b.objects.join(', ')}` : '';
    lines.push(`WARNING BootIncomplete: the cluster never converged during boot (${b.reason})${objects}`);
  }
  return lines;
}

/** Lines of the summary printed by `kubeblast run`. */
export function describeRun(s: SummaryJson, facts: RunFacts = NO_FACTS, opts: RunConsoleOptions = {}): string[] {
  const rate = s.sim.wallMs > 0 ? Math.round((s.sim.events / s.sim.wallMs) * 1000) : 0;
  const lines = [
    `${s.scenario}  seed ${s.seed}  Kubernetes ${s.kubernetesVersion}  ${length(s.durationS)} simulated in ${length(s.sim.wallMs / 1000)} (${s.sim.events} events, ${rate} events/s)`,
    ...describeBoot(s, facts),
    ...(s.warnings ?? []).map((w) => `warning: ${w}`),
    '',
    ...describeObjects(s.objects, opts.all),
  ];
  const missed = describeMissedSlos(s.objects);
  if (missed.length > 0) lines.push('', ...missed);
  lines.push('', ...describeControlPlaneLost(s, facts));
  lines.push(...describeRunFaults(s.faults));
  return lines;
}
