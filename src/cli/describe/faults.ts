/** `validate` sections about what happens during the run: the fault timeline and the SLOs. */
import { downFraction, randomDomains } from '../../faults/random.js';
import { isInstantaneous, type FaultTarget, type RandomFaults, type ScheduledFault } from '../../faults/types.js';
import { distMean } from '../../kernel/dist.js';
import { REST_GROUP } from '../../scenario/fault-targets.js';
import { occurrenceCount, occurrences } from '../../scenario/faults.js';
import { PROFILES } from '../../scenario/profiles.js';
import type { Scenario } from '../../scenario/types.js';
import { formatDuration } from '../../units/duration.js';
import { dist, plural, table } from './text.js';

/** Occurrences listed one by one before the rest are summarised. */
const SHOWN = 3;

function target(t: FaultTarget, s: Scenario): string {
  switch (t.type) {
    case 'nodes':
      return `${t.name} (${plural(t.nodes.length, 'node')})`;
    case 'domain': {
      const cp = t.hosts.filter((h) => s.topology.hosts[h].role === 'control-plane').length;
      return `${t.name} (${plural(t.hosts.length - cp, 'node')}${cp ? `, ${plural(cp, 'control-plane host')}` : ''})`;
    }
    case 'control-plane':
      return t.name;
    case 'moving':
      return `${t.role} (whichever host holds it then)`;
    case 'partition':
      return `${t.groups.map((g) => `${g.names[0] === REST_GROUP ? 'everything else' : `[${g.names.join(', ')}]`} (${plural(g.hosts.length, 'host')})`)
        .join(t.oneWay ? ' -/-> ' : ' | ')}, cut ${t.cut}`;
    case 'workload':
      return t.key;
  }
}

function params(f: ScheduledFault): string {
  const p: string[] = [];
  if (f.params.image !== undefined) p.push(`image ${f.params.image}`);
  if (f.params.replicas !== undefined) p.push(`to ${plural(f.params.replicas, 'replica')}`);
  if (f.params.fails !== undefined) p.push(`its pods fail: ${f.params.fails}`);
  if (f.params.toRevision) p.push(`to revision ${f.params.toRevision}`);
  if (f.params.count !== undefined) p.push(plural(f.params.count, 'pod'));
  if (f.params.share !== undefined) p.push(`${Math.round(f.params.share * 100)} % of its pods`);
  if (f.params.parallel) p.push('nodes in parallel');
  if (f.params.timeoutUs !== undefined) p.push(`timeout ${formatDuration(f.params.timeoutUs)}`);
  return p.length ? `, ${p.join(', ')}` : '';
}

function span(f: ScheduledFault, t: number): string {
  return f.forUs === null ? formatDuration(t) : `${formatDuration(t)}–${formatDuration(t + f.forUs)}`;
}

/** When a fault first happens (the first column). */
function first(f: ScheduledFault, s: Scenario): string {
  return occurrenceCount(f, s.durationUs) === 0 ? `${formatDuration(f.atUs)} (after the end: never)` : span(f, f.atUs);
}

/** The repetitions of a repeated fault: `; repeats every 10m, 20 times: 10m, 20m, 30m, … last at 3h20m`. */
function repeats(f: ScheduledFault, s: Scenario): string {
  const n = occurrenceCount(f, s.durationUs);
  if (f.everyUs === null || n < 2) return '';
  const times = occurrences(f, s.durationUs, SHOWN).map((t) => formatDuration(t)).join(', ');
  const last = f.atUs + (n - 1) * f.everyUs;
  return `; repeats every ${formatDuration(f.everyUs)}, ${n} times: ${times}${n > SHOWN ? `, … last at ${formatDuration(last)}` : ''}`;
}

/** The fault timeline: scheduled faults with their expanded times, then random ones. */
export function describeFaults(s: Scenario): string[] {
  const { scheduled, random } = s.faults;
  const lines = [`Faults: ${scheduled.length} scheduled, ${random.length} random`];
  const sorted = [...scheduled].sort((a, b) => a.atUs - b.atUs);
  lines.push(...table(sorted.map((f) => [
    first(f, s), f.kind, target(f.target, s) + params(f) + (f.forUs === null && !isInstantaneous(f.kind) ? ', until the end' : '') + repeats(f, s),
  ])));
  for (const [i, r] of random.entries()) {
    // The entries one `random: { profile }` expands to share its source position.
    if (r.profile && (i === 0 || random[i - 1].source !== r.source)) {
      const scale = r.profile.scale === 1 ? '' : `, failure rates × ${r.profile.scale}`;
      lines.push(`  random failures from profile ${r.profile.name} (${PROFILES[r.profile.name].source}${scale}):`);
    }
    lines.push(...describeRandom(r, s));
  }
  return lines;
}

/** One random entry: its distributions, and how many failures to expect in the run. */
function describeRandom(r: RandomFaults, s: Scenario): string[] {
  const domains = randomDomains(s.topology, r.level);
  const head = `  ${r.profile ? '  ' : ''}random ${r.level} failures (${r.kind}): time to failure ${dist(r.mtbf)}, repair ${dist(r.mttr)}, for each ${r.level}${r.start === 'new' ? ', all up and new at t = 0' : ''}`;
  // Each domain alternates up time and repair: about duration / (mean up + mean repair) failures,
  // plus, under the equilibrium start, its chance of being down at t = 0.
  const cycle = distMean(r.mtbf) + distMean(r.mttr);
  const atStart = r.start === 'equilibrium' ? downFraction(r) : 0;
  const expected = domains.length * (s.durationUs / cycle + atStart);
  const lines = [head];
  const basis = r.profile ? PROFILES[r.profile.name].levels.find((l) => l.level === r.level)?.basis : undefined;
  if (basis) lines.push(`      ${basis}`);
  lines.push(`${r.profile ? '  ' : ''}    ≈ ${expected < 10 ? expected.toFixed(2) : expected.toFixed(0)} expected in ${formatDuration(s.durationUs)} over ${plural(domains.length, r.level)}`);
  return lines;
}

/** The SLOs and the objects they apply to. */
export function describeSlos(s: Scenario): string[] {
  const lines = [`SLOs: ${s.slo.length || 'none'}`];
  lines.push(...table(s.slo.flatMap((slo) => slo.objects.map((o) => [o, slo.minReady === undefined ? 'all desired ready' : `min ready ${slo.minReady}`]))));
  return lines;
}
