/**
 * The replay files of a blast: for each domain, a scenario that extends the blasted one with that
 * domain's failure as its only fault and the blast window as its duration, so
 * `kubeblast run replay-LEVEL-DOMAIN.yaml` (in the output directory) runs exactly what the blast
 * ran for that domain — the same loaded scenario as blast-run.ts builds in memory, through the
 * ordinary loader. It reads the scenario file where it was, by a path relative to the output.
 */
import { relative } from 'node:path';
import type { Time } from '../kernel/time.js';
import type { BlastDomain, BlastLevel } from './blast-domains.js';
import { blastFaultEntry, variantYaml } from './variant.js';
import { formatDuration } from '../units/duration.js';

/** The replay file's name of a domain (a rack's `/` becomes `-`). */
export function replayFileName(level: BlastLevel, domain: string): string {
  return `replay-${level}-${domain.replace(/\//g, '-')}.yaml`;
}

/** The replay file's text of one domain of a blast of `scenarioFile`, to be written into `outDir`. */
export function replayYaml(scenarioFile: string, d: BlastDomain, forUs: Time, settleUs: Time, outDir: string): string {
  const header = `Replay of one kubeblast blast run: ${d.level} ${d.domain} failed at t = 0 for ${formatDuration(forUs)}, then ${formatDuration(settleUs)} to settle.\n`
    + `It extends ${relative(outDir, scenarioFile) || scenarioFile}, its own faults replaced by this one. Run: kubeblast run ${replayFileName(d.level, d.domain)}`;
  return variantYaml(scenarioFile, { faults: [blastFaultEntry(d, forUs)], durationUs: forUs + settleUs, header }, outDir);
}
