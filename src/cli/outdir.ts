/**
 * Writes a run's files into `--out` without ever leaving a half-written file there: everything
 * is written into a fresh temporary directory beside it first, then moved in by rename (atomic
 * per file on one file system). If anything fails before the move, the temporary directory is
 * removed and `--out` is untouched.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Writes `files` (name → content) into `outDir` atomically per file; returns the absolute directory. */
export function writeOutputs(outDir: string, files: ReadonlyMap<string, string>): string {
  const out = resolve(outDir);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new InputError(`--out ${outDir}: exists and is not a directory`);
  const parent = dirname(out);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new InputError(`--out ${outDir}: cannot create ${parent} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const tmp = mkdtempSync(join(parent, `.${basename(out)}.tmp-`));
  try {
    for (const [name, content] of files) writeFileSync(join(tmp, name), content);
    if (!existsSync(out)) {
      renameSync(tmp, out);
      return out;
    }
    for (const name of files.keys()) renameSync(join(tmp, name), join(out, name));
    rmSync(tmp, { recursive: true, force: true });
    return out;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}
