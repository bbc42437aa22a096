/**
 * Output pins (issue 15): the SHA-256 of summary.json (without its wall-clock `sim.wallMs`),
 * availability.csv and events.csv of a run, as `kubeblast run` writes them: the run goes through
 * the CLI's write path (src/cli/run-outputs.ts: the CSVs streamed into the output set while the run
 * goes, then committed) into a temporary folder, and the files it wrote are hashed. Speed work
 * must leave them unchanged; a commit that changes the simulation on purpose updates the pins with
 * `npx vitest run test/pins -u` and says so in its message.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnce } from '../../src/batch/figures.js';
import { runWritingOutputs } from '../../src/cli/run-outputs.js';
import type { Scenario } from '../../src/scenario/types.js';

/** The three pinned hashes of one run. */
export interface Pins {
  summary: string;
  availability: string;
  events: string;
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Runs `scenario` with its own seed, writes its outputs as the CLI does and hashes them. */
export function pinsOf(scenario: Scenario): Pins {
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-pins-'));
  try {
    const out = join(dir, 'out');
    const { ran } = runWritingOutputs(out, (outputs) => runOnce(scenario, undefined, { outputs }));
    ran.summary.sim.wallMs = 0;
    return {
      summary: sha(`${JSON.stringify(ran.summary, null, 2)}\n`),
      availability: sha(readFileSync(join(out, 'availability.csv'))),
      events: sha(readFileSync(join(out, 'events.csv'))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
