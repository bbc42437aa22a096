/**
 * The `kubeblast` command line (design.md §2): builds the commander program from the command
 * modules and runs it, mapping outcomes to exit codes — 0 success, 2 bad input or usage (one
 * `kubeblast: file:line:col: message` line on stderr, no stack trace), 1 an internal error.
 * Each command is one file under `commands/`; add it to `COMMANDS` to register it.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.js';
import { blastCommand } from './commands/blast.js';
import { capacityCommand } from './commands/capacity.js';
import { importCommand } from './commands/import.js';
import { runCommand } from './commands/run.js';
import { mergeCommand } from './commands/merge.js';
import { sweepCommand } from './commands/sweep.js';
import { validateCommand } from './commands/validate.js';

/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** A command module: adds its subcommand to the program. */
export type CommandModule = (program: Command, io: CliIo) => void;

/** Every command, in the order `--help` lists them. */
export const COMMANDS: CommandModule[] = [runCommand, sweepCommand, mergeCommand, blastCommand, capacityCommand, importCommand, validateCommand];

/** Thrown by a command that finished but must exit with a status other than 0 (e.g. `--fail-on-slo`). */
export class ExitWith extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExitWith';
  }
}

/** Exit statuses (design.md §2). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function packageVersion(): string {
  try {
    // Both src/cli and dist/cli sit two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The program with every command registered; parse errors throw `CommanderError` instead of exiting. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('kubeblast')
    .description('Deterministic discrete-event simulator of a Kubernetes cluster for availability and blast-radius studies')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run kubeblast --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      outputError: (s, write) => write(`kubeblast: ${s.replace(/^error: /, '')}`),
    });
  for (const register of COMMANDS) register(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit status. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (err instanceof ExitWith) {
      io.err(`kubeblast: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof InputError) {
      io.err(`kubeblast: ${err.format()}\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`kubeblast: internal error: ${message}\nplease report this, with the scenario that caused it (KUBEBLAST_DEBUG=1 prints the stack trace)\n`);
    if (process.env.KUBEBLAST_DEBUG && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return EXIT_FAILURE;
  }
}
