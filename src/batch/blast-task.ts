/** The `blast` task kind of the batch pool: one domain's failure (blast-run.ts), returning its rows of blast.csv. */
import { runBlastDomain, type BlastArgs } from './blast-run.js';
import type { BlastRow } from './blast-rows.js';
import { registerTask } from './tasks.js';

registerTask<BlastArgs, BlastRow[]>('blast', ({ scenario, args }) => runBlastDomain(scenario, args));
