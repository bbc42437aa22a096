/**
 * Output pins (issue 15): the SHA-256 of summary.json (without its wall-clock `sim.wallMs`),
 * availability.csv and events.csv of a run, as `kubeblast run` writes them (the one run function,
 * src/batch/figures.ts). Speed work must leave them unchanged; a commit that changes the simulation
 * on purpose updates the pins with `npx vitest run test/pins -u` and says so in its message.
 */
import { createHash } from 'node:crypto';
import { runOnce } from '../../src/batch/figures.js';
import { availabilityCsv, eventsCsv } from '../../src/metrics/output.js';
import type { Scenario } from '../../src/scenario/types.js';

/** The three pinned hashes of one run. */
export interface Pins {
  summary: string;
  availability: string;
  events: string;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs `scenario` with its own seed and hashes its outputs as the CLI writes them. */
export function pinsOf(scenario: Scenario): Pins {
  const { result, summary } = runOnce(scenario, undefined);
  summary.sim.wallMs = 0;
  return { summary: sha(`${JSON.stringify(summary, null, 2)}\n`), availability: sha(availabilityCsv(result.availability)), events: sha(eventsCsv(result.events)) };
}
