/**
 * A sweep's directory: `sweep.json` (the manifest: arguments and scenario content hashes) and
 * `runs/NAME/SEED.json`, one file per finished (scenario, seed), each written atomically (a
 * temporary file, then rename) the moment its run completes. A restarted sweep reads what is
 * there and runs the rest; arguments that do not match the manifest are refused.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirs } from '../cli/outdir.js';
import { InputError } from '../errors.js';
import type { RunFigures } from './figures.js';
import type { SeedRange, Shard } from './plan.js';

/** The manifest of a sweep directory. */
export interface SweepManifest {
  kubeblast: 'sweep';
  schemaVersion: 1;
  scenarios: Array<{ name: string; file: string; sha256: string }>;
  seeds: SeedRange;
  /** `--until` as given, or null (each scenario's duration). */
  until: string | null;
  shard: Shard | null;
}

export const MANIFEST = 'sweep.json';

/**
 * Writes `content` to `path` atomically: a temporary file beside it, flushed to the disk (so that
 * a power loss after the rename cannot leave an empty or partial file under the final name),
 * then renamed. A full disk fails the write before the rename: the final name never holds less.
 */
export function writeAtomic(path: string, content: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function runsDir(dir: string, name: string): string {
  return join(dir, 'runs', encodeURIComponent(name));
}

/** Reads a directory's manifest, or null when it has none. */
export function readManifest(dir: string): SweepManifest | null {
  const p = join(dir, MANIFEST);
  if (!existsSync(p)) return null;
  let m: Partial<SweepManifest> | null = null;
  try {
    m = JSON.parse(readFileSync(p, 'utf8')) as Partial<SweepManifest> | null;
  } catch {
    // Reported below with the other ways of not being a manifest.
  }
  // Written by this file only (atomically), so anything else is another tool's file or a hand edit.
  const ok = m !== null && typeof m === 'object' && m.kubeblast === 'sweep' && m.schemaVersion === 1 && Array.isArray(m.scenarios)
    && m.scenarios.every((s) => typeof s?.name === 'string' && typeof s.sha256 === 'string')
    && Number.isInteger(m.seeds?.from) && Number.isInteger(m.seeds?.to);
  if (!ok) throw new InputError(`${p}: not a kubeblast sweep manifest (kubeblast: sweep, schemaVersion 1); give another --out, or remove the directory`);
  return m as SweepManifest;
}

/** What differs between two manifests, ignoring the file paths as written ("" when they agree). */
export function manifestDifference(a: SweepManifest, b: SweepManifest, ignoreShard = false): string {
  const names = (m: SweepManifest) => m.scenarios.map((s) => s.name).join(', ');
  if (names(a) !== names(b)) return `scenarios ${names(a)} vs ${names(b)}`;
  for (const [i, s] of a.scenarios.entries()) {
    if (s.sha256 !== b.scenarios[i].sha256) return `scenario ${s.name} has changed (content hash ${s.sha256.slice(0, 12)} vs ${b.scenarios[i].sha256.slice(0, 12)})`;
  }
  if (a.seeds.from !== b.seeds.from || a.seeds.to !== b.seeds.to) return `seeds ${a.seeds.from}..${a.seeds.to} vs ${b.seeds.from}..${b.seeds.to}`;
  if (a.until !== b.until) return `--until ${a.until ?? '(none)'} vs ${b.until ?? '(none)'}`;
  const shard = (m: SweepManifest) => (m.shard ? `${m.shard.index}/${m.shard.count}` : 'none');
  if (!ignoreShard && shard(a) !== shard(b)) return `--shard ${shard(a)} vs ${shard(b)}`;
  return '';
}

/**
 * Opens `dir` for a sweep described by `m`: creates it with the manifest, or checks that the
 * manifest already there matches (a sweep being resumed). A mismatch is an `InputError`.
 */
export function openSweepDir(dir: string, m: SweepManifest): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`--out ${dir}: exists and is not a directory`);
  const existing = readManifest(dir);
  if (existing) {
    const diff = manifestDifference(existing, m);
    if (diff) throw new InputError(`--out ${dir} holds a different sweep (${diff}); give the same arguments to resume it, or another --out`);
  } else {
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new InputError(`--out ${dir}: not empty and not a sweep directory (no ${MANIFEST})`);
    try {
      makeDirs(dir);
    } catch (err) {
      throw new InputError(`--out ${dir}: cannot create the folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    writeAtomic(join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
  }
  for (const s of m.scenarios) makeDirs(runsDir(dir, s.name));
}

/** Stores one finished run. */
export function writeRun(dir: string, f: RunFigures): void {
  const path = join(runsDir(dir, f.scenario), `${f.seed}.json`);
  try {
    writeAtomic(path, `${JSON.stringify(f)}\n`);
  } catch (err) {
    // A full disk or a directory gone is the user's to mend, not a bug: say so, and how to resume.
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    rmSync(`${path}.tmp-${process.pid}`, { force: true });
    throw new InputError(`--out ${dir}: cannot store ${f.scenario} seed ${f.seed} (${code === 'ENOSPC' ? 'no space left on the device, ENOSPC' : code}); `
      + 'the runs stored so far are kept: mend it and run the same command again to resume');
  }
}

/**
 * A stored run's text as figures, or null when it is not a whole run of `name`, seed `seed`
 * (truncated or damaged by a crash, a full disk or a hand edit): such a file is never trusted.
 */
export function parseRun(text: string, name: string, seed: number): RunFigures | null {
  let f: Partial<RunFigures> | null;
  try {
    f = JSON.parse(text) as Partial<RunFigures> | null;
  } catch {
    return null;
  }
  const whole = f !== null && typeof f === 'object' && f.scenario === name && f.seed === seed && typeof f.durationS === 'number'
    && Array.isArray(f.objects) && f.objects.every((o) => typeof o?.object === 'string' && typeof o.availability?.slo === 'number' && Array.isArray(o.recoveriesS))
    && typeof f.controlPlane?.etcd?.noQuorumS === 'number' && typeof f.controlPlane.apiserver?.unavailableS === 'number';
  return whole ? (f as RunFigures) : null;
}

/**
 * The seeds of `name` already stored in `dir`. Leftover temporary files of a killed sweep are
 * removed, and so is a stored run that does not read back whole (`parseRun`): its seed is run
 * again, and `onRedo` is told its path.
 */
export function doneSeeds(dir: string, name: string, onRedo?: (path: string) => void): Set<number> {
  const d = runsDir(dir, name);
  const done = new Set<number>();
  if (!existsSync(d)) return done;
  for (const f of readdirSync(d)) {
    const m = /^(\d+)\.json$/.exec(f);
    if (m && parseRun(readFileSync(join(d, f), 'utf8'), name, Number(m[1]))) done.add(Number(m[1]));
    else if (m || f.includes('.tmp-')) {
      rmSync(join(d, f), { force: true });
      if (m) onRedo?.(join(d, f));
    }
  }
  return done;
}

/** Reads one stored run; one that does not read back whole is an `InputError` naming the file. */
export function readRun(dir: string, name: string, seed: number): RunFigures {
  const path = runPath(dir, name, seed);
  const f = parseRun(readFileSync(path, 'utf8'), name, seed);
  if (!f) throw new InputError(`${path}: not a whole stored run of ${name} seed ${seed} (truncated or damaged); run that sweep or shard again with the same arguments: it runs damaged seeds again`);
  return f;
}

/** The path of a stored run (for merge, which copies them). */
export function runPath(dir: string, name: string, seed: number): string {
  return join(runsDir(dir, name), `${seed}.json`);
}
