/**
 * Entry point of the `kubeblast` binary (`bin/kubeblast.js` imports the compiled form): runs the
 * CLI on the process arguments and sets the exit status. The status is set rather than forced
 * with `process.exit`, so large outputs to a pipe are flushed.
 */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
