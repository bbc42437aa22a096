/** Exit statuses and error printing of `runCli`, in-process. */
import { describe, expect, it } from 'vitest';
import { COMMANDS, runCli } from '../../src/cli/program.js';
import { InputError } from '../../src/errors.js';

function capture() {
  const io = { stdout: '', stderr: '', out: (s: string) => void (io.stdout += s), err: (s: string) => void (io.stderr += s) };
  return io;
}

describe('runCli', () => {
  it('exit 1 with the message and a request to report on an unexpected exception, no stack trace', async () => {
    COMMANDS.push((program) => {
      program.command('boom').action(() => {
        throw new TypeError('cannot read properties of undefined');
      });
      program.command('bad').action(() => {
        throw new InputError('expected a thing', { file: 'x.yaml', line: 3, col: 5 }, 'try this');
      });
    });
    try {
      const io = capture();
      expect(await runCli(['boom'], io)).toBe(1);
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(/^kubeblast: internal error: cannot read properties of undefined\nplease report this/);
      expect(io.stderr).not.toMatch(/\n\s+at /);
      const bad = capture();
      expect(await runCli(['bad'], bad)).toBe(2);
      expect(bad.stderr).toBe('kubeblast: x.yaml:3:5: expected a thing\n  try this\n');
    } finally {
      COMMANDS.pop();
    }
  });

  it('exit 0 for --help and --version, 2 with no command', async () => {
    const help = capture();
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout).toMatch(/Usage: kubeblast/);
    const version = capture();
    expect(await runCli(['--version'], version)).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const none = capture();
    expect(await runCli([], none)).toBe(2);
    expect(none.stdout).toBe('');
  });
});
