/**
 * Writes a command's output files into `--out` as one set: all of them replace their previous
 * versions, or none does (issue 14). Files the set does not name (a sweep's per-seed records) are
 * left alone.
 *
 * How: every file is written into a temporary folder beside `--out` (`.NAME.kb-PID-XXXX`) — a
 * run streams its CSVs there while it goes (`stageOutputs`), the rest is written at the end; a
 * journal in it lists the names; each previous file is moved aside into the temporary folder,
 * then the new one is moved in (rename: atomic on one file system). Deleting the journal is the
 * commit point. A failure before it puts every previous file back; a process killed before it
 * (SIGKILL, power loss) leaves the temporary folder, which the next write into the same parent
 * rolls back and removes once its process is gone. SIGINT, SIGTERM and SIGHUP arriving while a
 * set is written are held until it is complete (the write is synchronous, so they are delivered
 * after it), then re-raised. New folders get mode 0777 less the umask.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Named points of a write, for tests that interrupt it there (a child that kills itself). */
export type WritePoint = 'written' | 'journaled' | 'moved-one' | 'moved-all';

/** Test hook: called at each point of a write with its temporary folder (undefined in normal runs). */
export const outputHooks: { at?: (point: WritePoint, tmp: string) => void } = {};

const JOURNAL = '.kubeblast-journal';
const OLD = '.old';

const WHY: Record<string, string> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOENT: 'a folder on the path does not exist',
};

/** The error code with a few words for the common ones: `permission denied (EACCES)`. */
function code(err: unknown): string {
  const c = (err as NodeJS.ErrnoException).code;
  if (!c) return String(err);
  return WHY[c] ? `${WHY[c]}, ${c}` : c;
}

/** Writes `files` (name → content) into `outDir` as one set; returns the absolute directory. */
export function writeOutputs(outDir: string, files: ReadonlyMap<string, string>): string {
  return stageOutputs(outDir).commit(files, []);
}

/**
 * An output set whose temporary folder exists already, so that files can be streamed into it
 * while a run goes (`path`), then committed with the rest as one set (`commit`), or dropped
 * (`abort`). A process killed meanwhile leaves the folder without a journal: the next write into
 * the same parent removes it, and the previous outputs were never touched.
 */
export interface StagedOutputs {
  /** Where the set's file `name` is to be written now (inside the temporary folder). */
  path(name: string): string;
  /**
   * Writes `files` beside the `streamed` ones (already written at `path(name)`) and replaces the
   * previous set with them all; returns the absolute output directory.
   */
  commit(files: ReadonlyMap<string, string>, streamed: readonly string[]): string;
  /** Removes the temporary folder and what was streamed into it: the previous set stays whole. */
  abort(): void;
}

/** Prepares `outDir` and a temporary folder for a set (see `StagedOutputs`); an unusable place is an `InputError` now, before any run. */
export function stageOutputs(outDir: string): StagedOutputs {
  const out = resolve(outDir);
  const parent = dirname(out);
  if (out === parent) throw new InputError(`--out ${outDir}: cannot write into the root folder`);
  prepare(outDir, out, parent);
  recoverStale(parent, basename(out));
  const tmp = makeTemp(outDir, parent, basename(out));
  return {
    path: (name) => {
      makeDirs(dirname(join(tmp, name)));
      return join(tmp, name);
    },
    commit: (files, streamed) => commitSet(outDir, out, tmp, files, streamed),
    abort: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

/** Writes the remaining files, journals the set and moves it in (signals held meanwhile). */
function commitSet(outDir: string, out: string, tmp: string, files: ReadonlyMap<string, string>, streamed: readonly string[]): string {
  holdSignals();
  const names = [...streamed, ...files.keys()];
  try {
    for (const [name, content] of files) {
      makeDirs(dirname(join(tmp, name)));
      writeFileSync(join(tmp, name), content);
    }
    outputHooks.at?.('written', tmp);
    writeFileSync(join(tmp, `${JOURNAL}.new`), JSON.stringify({ out, names }));
    renameSync(join(tmp, `${JOURNAL}.new`), join(tmp, JOURNAL));
    outputHooks.at?.('journaled', tmp);
    mkdirSync(join(tmp, OLD));
    for (const name of names) {
      moveIn(tmp, out, name);
      outputHooks.at?.('moved-one', tmp);
    }
    outputHooks.at?.('moved-all', tmp);
  } catch (err) {
    rollBack(tmp);
    if (err instanceof InputError) throw err;
    throw new InputError(`--out ${outDir}: cannot write the outputs (${code(err)}); the previous files are unchanged`);
  }
  unlinkSync(join(tmp, JOURNAL)); // the commit point
  rmSync(tmp, { recursive: true, force: true });
  return out;
}

/** Creates `--out` and its parents (umask applies); an unwritable place is an `InputError`. */
function prepare(outDir: string, out: string, parent: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError(`--out ${outDir}: exists and is not a directory`);
  try {
    makeDirs(out);
  } catch (err) {
    throw new InputError(`--out ${outDir}: cannot create the folder (${code(err)})`);
  }
  if (!statSync(parent).isDirectory()) throw new InputError(`--out ${outDir}: ${parent} is not a directory`);
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir retries forever where a parent exists
 * but refuses children with ENOENT (/proc), so it is not used on user paths.
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.push(d);
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

function makeTemp(outDir: string, parent: string, base: string): string {
  for (let attempt = 0; ; attempt++) {
    const tmp = join(parent, `.${base}.kb-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(tmp); // mode 0777 less the umask, unlike mkdtemp's 0700
      return tmp;
    } catch (err) {
      if (code(err) === 'EEXIST' && attempt < 5) continue;
      throw new InputError(`--out ${outDir}: cannot create a temporary folder in ${parent} (${code(err)})`);
    }
  }
}

/** Moves the previous `name` aside (if any), then the new one in. */
function moveIn(tmp: string, out: string, name: string): void {
  const target = join(out, name);
  makeDirs(dirname(target));
  if (existsSync(target)) {
    makeDirs(dirname(join(tmp, OLD, name)));
    renameSync(target, join(tmp, OLD, name));
  }
  renameSync(join(tmp, name), target);
}

/**
 * Undoes an uncommitted write: each previous file moved aside goes back; a new file with no
 * previous version is removed; then the temporary folder goes. Without a journal nothing had
 * moved (or the write had committed): the folder is just removed.
 */
function rollBack(tmp: string): void {
  let journal: { out: string; names: string[] } | null = null;
  try {
    journal = JSON.parse(readFileSync(join(tmp, JOURNAL), 'utf8')) as { out: string; names: string[] };
  } catch {
    journal = null;
  }
  for (const name of journal?.names ?? []) {
    const old = join(tmp, OLD, name);
    const target = join(journal!.out, name);
    if (existsSync(old)) renameSync(old, target);
    else if (!existsSync(join(tmp, name))) rmSync(target, { force: true });
  }
  rmSync(tmp, { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return code(err) === 'EPERM';
  }
}

/** Rolls back what a killed process left half-written in `outDir` (also done by every write). */
export function recoverOutputs(outDir: string): void {
  const out = resolve(outDir);
  if (existsSync(dirname(out))) recoverStale(dirname(out), basename(out));
}

/** Rolls back the temporary folders a killed process left beside `--out`. */
function recoverStale(parent: string, base: string): void {
  const prefix = `.${base}.kb-`;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rollBack(join(parent, entry));
  }
}

const HELD = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let holding = false;

/**
 * Installs handlers that re-raise SIGINT/SIGTERM/SIGHUP with their default action. The write
 * runs synchronously, so a signal that arrives during it is handled only after it; installed once
 * per process, on the first write.
 */
function holdSignals(): void {
  if (holding) return;
  holding = true;
  const mine = new Map<NodeJS.Signals, () => void>();
  for (const sig of HELD) {
    mine.set(sig, () => {
      for (const [s, handler] of mine) process.removeListener(s, handler);
      holding = false;
      // Re-raised with no handler of ours left, the signal takes its default action (unless others listen).
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
  for (const [sig, handler] of mine) process.on(sig, handler);
}
