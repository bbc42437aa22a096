/**
 * A child process for the interruption tests: writes an output set (or runs a CLI command) and
 * sends itself SIGNAL when the write reaches POINT (outdir.ts `WritePoint`).
 *
 *   outdir-child.ts files POINT SIGNAL OUT TAG   — writes a.txt, b.txt, c.txt holding TAG
 *   outdir-child.ts cli POINT SIGNAL ARGS…       — runs `kubeblast ARGS…`
 * POINT `none` never signals; SIGNAL `throw` throws instead (a failed write).
 */
import { outputHooks, writeOutputs, type WritePoint } from '../../src/cli/outdir.js';
import { runCli } from '../../src/cli/program.js';

const [mode, point, signal, ...rest] = process.argv.slice(2);
let fired = false;
outputHooks.at = (at: WritePoint) => {
  if (fired || at !== point) return;
  fired = true;
  if (signal === 'throw') throw new Error(`forced failure at ${at}`);
  process.kill(process.pid, signal as NodeJS.Signals);
};
if (mode === 'files') {
  const [out, tag] = rest;
  writeOutputs(out, new Map(['a.txt', 'b.txt', 'c.txt'].map((n) => [n, `${tag}\n`])));
  process.stdout.write('wrote\n');
} else {
  process.exitCode = await runCli(rest, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
}
