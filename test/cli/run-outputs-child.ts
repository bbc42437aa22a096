/**
 * A child process for test/cli/run-outputs.test.ts: stages OUT's output set, streams a few bytes
 * into both CSVs as a run would, then kills itself with SIGKILL (a crash in the middle of a run).
 *
 *   run-outputs-child.ts OUT
 */
import { runWritingOutputs } from '../../src/cli/run-outputs.js';

const [out] = process.argv.slice(2);
runWritingOutputs(out, (outputs) => {
  outputs.availabilityCsv!.write('time_s,object\n');
  outputs.eventsCsv!.write('time_s,type\n');
  process.kill(process.pid, 'SIGKILL');
  throw new Error('not reached');
});
