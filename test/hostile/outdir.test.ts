/**
 * Outputs as a set (issue 14): a write interrupted by SIGKILL, SIGINT or SIGTERM at each point of
 * writeOutputs, a forced rename failure, and an unwritable --out never leave a mixed set or a
 * temporary folder: SIGINT/SIGTERM are held until the set is complete; after a SIGKILL the next
 * write (recoverOutputs) rolls the half-written set back. New folders honour the umask. The
 * interruptions run in child processes (outdir-child.ts) that signal themselves at a named point,
 * so every point is hit exactly, with no timing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputHooks, recoverOutputs, writeOutputs } from '../../src/cli/outdir.js';
import { InputError } from '../../src/errors.js';
import { ROOT } from '../cli/run.js';

const root = mkdtempSync(join(tmpdir(), 'kubeblast-outdir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const NAMES = ['a.txt', 'b.txt', 'c.txt'];

/** A fresh --out holding the previous set (every file "old"). */
function previousSet(): string {
  const out = join(root, `case${n++}`, 'out');
  writeOutputs(out, new Map(NAMES.map((f) => [f, 'old\n'])));
  return out;
}

function contents(out: string): string[] {
  return NAMES.map((f) => readFileSync(join(out, f), 'utf8').trim());
}

/** Entries beside --out other than --out itself: temporary folders left behind. */
function leftovers(out: string): string[] {
  return readdirSync(dirname(out)).filter((e) => e !== 'out');
}

function child(args: string[], shell?: string) {
  const cmd = [process.execPath, '--import', 'tsx', 'test/hostile/outdir-child.ts', ...args];
  const r = shell
    ? spawnSync('sh', ['-c', `${shell}; exec "$@"`, 'sh', ...cmd], { cwd: ROOT, encoding: 'utf8' })
    : spawnSync(cmd[0], cmd.slice(1), { cwd: ROOT, encoding: 'utf8' });
  return r;
}

const POINTS = ['written', 'journaled', 'moved-one', 'moved-all'];

describe('writeOutputs interrupted at each point', () => {
  for (const point of POINTS) {
    it(`SIGKILL at ${point}: the next write rolls back to the previous set, no temporary folder`, () => {
      const out = previousSet();
      const r = child(['files', point, 'SIGKILL', out, 'new']);
      expect(r.signal, r.stderr).toBe('SIGKILL');
      expect(leftovers(out).length, 'the killed write leaves its temporary folder').toBe(1);
      recoverOutputs(out);
      expect(contents(out)).toEqual(['old', 'old', 'old']);
      expect(leftovers(out)).toEqual([]);
    });
    for (const sig of ['SIGINT', 'SIGTERM']) {
      it(`${sig} at ${point}: held until the set is complete`, () => {
        const out = previousSet();
        const r = child(['files', point, sig, out, 'new']);
        expect(r.stdout, r.stderr).toBe('wrote\n');
        expect(contents(out)).toEqual(['new', 'new', 'new']);
        expect(leftovers(out)).toEqual([]);
      });
    }
  }
});

describe('writeOutputs failures', () => {
  it('a forced rename failure puts every previous file back and removes the temporary folder', () => {
    const out = previousSet();
    outputHooks.at = (point, tmp) => {
      // The third file vanishes before its rename: renameSync fails with ENOENT after two moves.
      if (point === 'moved-one') rmSync(join(tmp, 'c.txt'), { force: true });
    };
    try {
      expect(() => writeOutputs(out, new Map(NAMES.map((f) => [f, 'new\n'])))).toThrow(/cannot write the outputs .*ENOENT.*previous files are unchanged/);
    } finally {
      outputHooks.at = undefined;
    }
    expect(contents(out)).toEqual(['old', 'old', 'old']);
    expect(leftovers(out)).toEqual([]);
  });

  it('a file new to the set is removed again when the write fails', () => {
    const out = previousSet();
    outputHooks.at = (point) => {
      if (point === 'moved-all') throw new Error('forced');
    };
    try {
      expect(() => writeOutputs(out, new Map([...NAMES, 'd.txt'].map((f) => [f, 'new\n'])))).toThrow(InputError);
    } finally {
      outputHooks.at = undefined;
    }
    expect(contents(out)).toEqual(['old', 'old', 'old']);
    expect(readdirSync(out).sort()).toEqual(NAMES);
  });

  it('an --out under a regular file is an InputError naming the cause', () => {
    const file = join(root, `file${n++}`);
    writeFileSync(file, 'x');
    expect(() => writeOutputs(join(file, 'out'), new Map([['a.txt', 'x']]))).toThrow(/cannot create the folder \(a part of the path is a file, not a folder, ENOTDIR\)/);
  });

  it('an --out on a file system nobody may write (/proc) is an InputError, as root too', () => {
    expect(() => writeOutputs('/proc/kubeblast-out', new Map([['a.txt', 'x']]))).toThrow(/--out \/proc\/kubeblast-out: cannot create the folder/);
  });

  it('an --out that is a file is refused', () => {
    const file = join(root, `file${n++}`);
    writeFileSync(file, 'x');
    expect(() => writeOutputs(file, new Map([['a.txt', 'x']]))).toThrow(/exists and is not a directory/);
  });
});

describe('new folders honour the umask', () => {
  for (const [mask, mode] of [['022', 0o755], ['077', 0o700], ['002', 0o775]] as const) {
    it(`umask ${mask}: folders ${mode.toString(8)}`, () => {
      const out = join(root, `umask${n++}`, 'deep', 'out');
      const r = child(['files', 'none', 'none', out, 'new'], `umask ${mask}`);
      expect(r.status, r.stderr).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(mode);
      expect(statSync(dirname(out)).mode & 0o777).toBe(mode);
      expect(statSync(join(out, 'a.txt')).mode & 0o777).toBe(mode & 0o666);
    });
  }
});

describe('kubeblast run and sweep interrupted', () => {
  const SCENARIO = 'scenarios/quickstart.yaml';
  const runArgs = (out: string) => ['run', SCENARIO, '--until', '2m', '--out', out];
  const sweepArgs = (out: string) => ['sweep', SCENARIO, '--seeds', '1..2', '--workers', '1', '--out', out];

  const SETS: Record<string, string[]> = {
    run: ['summary.json', 'availability.csv', 'events.csv', 'report.html'],
    sweep: ['runs.csv', 'summary.json', 'report.html'],
  };

  /** A previous complete output of the command, its set's files marked so a replacement shows. */
  function previous(args: (out: string) => string[]): { out: string; before: Map<string, string> } {
    const out = join(root, `cli${n++}`, 'out');
    const r = child(['cli', 'none', 'none', ...args(out)]);
    expect(r.status, r.stderr).toBe(0);
    const set = SETS[args(out)[0]];
    for (const f of set) expect(statSync(join(out, f)).isFile(), f).toBe(true);
    for (const f of set) writeFileSync(join(out, f), `previous ${f}\n`);
    return { out, before: new Map(set.map((f) => [f, `previous ${f}\n`])) };
  }

  function unchanged(out: string, before: Map<string, string>): void {
    for (const [f, text] of before) expect(readFileSync(join(out, f), 'utf8'), f).toBe(text);
  }

  for (const [name, args] of [['run', runArgs], ['sweep', sweepArgs]] as const) {
    it(`${name}: SIGKILL at journaled and moved-one, then recovery gives back the previous set`, () => {
      for (const point of ['journaled', 'moved-one']) {
        const { out, before } = previous(args);
        const r = child(['cli', point, 'SIGKILL', ...args(out)]);
        expect(r.signal, `${point}: ${r.stderr}`).toBe('SIGKILL');
        recoverOutputs(out);
        unchanged(out, before);
        expect(leftovers(out), point).toEqual([]);
      }
    }, 300_000);

    it(`${name}: SIGINT at written and SIGTERM at moved-one complete the new set`, () => {
      for (const [point, sig] of [['written', 'SIGINT'], ['moved-one', 'SIGTERM']]) {
        const { out, before } = previous(args);
        child(['cli', point, sig, ...args(out)]);
        for (const f of before.keys()) expect(readFileSync(join(out, f), 'utf8'), `${sig} at ${point}: ${f}`).not.toBe(before.get(f));
        expect(leftovers(out), point).toEqual([]);
      }
    }, 300_000);

    it(`${name}: a failed write (forced at moved-one) exits 2 and keeps the previous set`, () => {
      const { out, before } = previous(args);
      const r = child(['cli', 'moved-one', 'throw', ...args(out)]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/cannot write the outputs/);
      unchanged(out, before);
      expect(leftovers(out)).toEqual([]);
    }, 300_000);
  }

  it('run with an --out under a regular file exits 2 with the cause', () => {
    const file = join(root, `file${n++}`);
    writeFileSync(file, 'x');
    const r = child(['cli', 'none', 'none', ...runArgs(join(file, 'out'))]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^kubeblast: --out .*: cannot create the folder \(a part of the path is a file, not a folder, ENOTDIR\)\n$/);
  }, 120_000);
});

mkdirSync(root, { recursive: true });
