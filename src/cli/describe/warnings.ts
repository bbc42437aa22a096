/**
 * Every warning about a scenario in one list, as `validate` prints them and `run` writes them into
 * summary.json's `warnings`: the loader's and the manifests' remarks, then the checks of
 * src/scenario/warnings.ts, each prefixed with its position where it has one.
 */
import type { Time } from '../../kernel/time.js';
import type { Scenario } from '../../scenario/types.js';
import { warningLines } from '../../scenario/warnings.js';

/** The warnings about `s` for a run that ends at `untilUs` (default: its duration), one sentence each, files as the user named them. */
export function warningsOf(s: Scenario, untilUs?: Time): string[] {
  return warningLines(s, untilUs);
}

/** The `Warnings:` section of `validate`. */
export function describeWarnings(s: Scenario, untilUs?: Time): string[] {
  const all = warningsOf(s, untilUs);
  if (all.length === 0) return ['Warnings: none'];
  return [`Warnings: ${all.length}`, ...all.map((w) => `  ${w}`)];
}
