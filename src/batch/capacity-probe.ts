/**
 * A capacity probe: the scenario with every zone that has nodes resized to the count (`nodes: N`
 * spread over the zone's racks, or `nodesPerRack: N`; node shapes, racks, control plane and
 * workloads as given), written as a scenario file so the batch workers load it like any other
 * and the user can rerun it, then blasted at the searched level.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import type { Time } from '../kernel/time.js';
import { formatDuration } from '../units/duration.js';
import { runBlast, type BlastRunner } from './blast.js';
import { HOURS_PER_MONTH, judge, type CapacitySearch, type ProbeDetail, type Prober } from './capacity.js';
import { variantYaml } from './variant.js';

/** The probe file's name of a count. */
export function probeFileName(count: number): string {
  return `capacity-${count}.yaml`;
}

/** The probe scenario's text for `count`, to be written into `dir`. */
export function probeYaml(file: string, s: CapacitySearch, count: number, dir: string): string {
  const header = `Capacity probe of kubeblast capacity --survive ${s.level} --per ${s.per}: ${count} node${count === 1 ? '' : 's'} per ${s.per} in every zone that has nodes.\n`
    + `Its blast: kubeblast blast ${probeFileName(count)} --levels ${s.level}`;
  return variantYaml(file, { count: { per: s.per, n: count }, header }, dir);
}

/** Monthly price of a topology's worker nodes; null when none is priced. */
export function costPerMonth(s: Scenario): number | null {
  const priced = s.topology.nodes.filter((n) => n.costPerHour !== undefined);
  if (priced.length === 0) return null;
  return Math.round(priced.reduce((sum, n) => sum + n.costPerHour! * HOURS_PER_MONTH, 0) * 100) / 100;
}

/** What a prober needs: where to write probe files, the blast window and how to run a blast on a file. */
export interface ProberOptions extends CapacitySearch {
  file: string;
  workDir: string;
  forUs: Time;
  settleUs: (s: Scenario) => Time;
  runner: (probePath: string, s: Scenario) => BlastRunner;
}

/** A prober that writes each count's scenario into `workDir`, loads it and blasts it. */
export function fileProber(o: ProberOptions): Prober {
  return async (count) => {
    // No nodes at all: fails without a run (and has no price to show).
    if (count < 1) return judge(count, 0, null, null);
    const path = join(o.workDir, probeFileName(count));
    writeFileSync(path, probeYaml(o.file, o, count, o.workDir));
    const s = loadScenario(path);
    const blast = await runBlast(s, { levels: [o.level], forUs: o.forUs, settleUs: o.settleUs(s) }, o.runner(path, s));
    return judge(count, s.topology.nodes.length, costPerMonth(s), blast);
  };
}

/** A short line per probe for the terminal. */
export function probeLine(p: ProbeDetail, per: string): string {
  const cost = p.costPerMonth === null ? '' : `, ${p.costPerMonth.toFixed(2)}/month`;
  const why = p.passed ? 'passes' : p.blast === null ? 'fails (no nodes)' : `fails: when ${p.worstDomain} fails, ${p.worstObject ?? '?'} breaks`;
  return `${p.count} per ${per} (${p.nodes} nodes${cost}): ${why}`;
}

/** The blast window in words (for messages). */
export function windowText(forUs: Time, settleUs: Time): string {
  return `${formatDuration(forUs)} down, ${formatDuration(settleUs)} to settle`;
}
