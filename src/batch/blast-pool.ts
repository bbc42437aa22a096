/** Sends a blast's domains to the batch pool as `blast` tasks (blast-task.ts), so `--workers N` runs them in parallel. */
import type { BlastRunner } from './blast.js';
import type { BlastArgs } from './blast-run.js';
import type { BlastRow } from './blast-rows.js';
import type { BatchPool } from './pool.js';

/** A runner on the batch pool: each domain is a `blast` task; a worker parses `scenarioPath` once. */
export function poolRunner(pool: BatchPool, scenarioPath: string): BlastRunner {
  return { run: (args) => pool.run<BlastRow[], BlastArgs>('blast', scenarioPath, args) };
}
