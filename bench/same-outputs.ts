/**
 * Checks that a change (an optimisation) left every output byte-identical:
 *
 *   tsx bench/same-outputs.ts record DIR [SCENARIO ...]   # before: run each scenario into DIR/<name>
 *   tsx bench/same-outputs.ts check DIR [SCENARIO ...]    # after: run again, compare with DIR
 *
 * SCENARIO defaults to every scenarios/*.yaml; `--skip NAME` leaves one out (fleet-year takes
 * minutes). Each run is `kubeblast run X --out ...` in a child process, as a user runs it, whole
 * (no `--until`). Compared byte for byte: availability.csv, events.csv, and summary.json with
 * `sim.wallMs` removed (the one figure that reads the wall clock). report.html is not compared: it
 * is drawn from the same data. Exit status 1 when anything differs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILES = ['availability.csv', 'events.csv', 'summary.json'];

function scenarios(names: string[], skip: string[]): string[] {
  const all = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
  return (names.length > 0 ? names : all).filter((n) => !skip.includes(n));
}

function run(name: string, out: string): void {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'run', join(ROOT, 'scenarios', `${name}.yaml`), '--out', out], {
    cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`same-outputs: ${name} exited with ${r.status}`);
  process.stderr.write(`same-outputs: ${name} ran in ${Math.round(performance.now() - started)} ms\n`);
}

/** The bytes compared: summary.json without its wall-clock figure. */
function comparable(dir: string, file: string): Buffer {
  const bytes = readFileSync(join(dir, file));
  if (file !== 'summary.json') return bytes;
  return Buffer.from(bytes.toString('utf8').replace(/\n\s*"wallMs": [0-9.e+-]+,?/, ''));
}

function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const line = a.subarray(0, i).toString('utf8').split('\n').length;
  return `sizes ${a.length} / ${b.length}, first difference at line ${line}`;
}

function main(): number {
  const [mode, dir, ...rest] = process.argv.slice(2);
  const skip: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--skip') skip.push(rest[++i]);
    else names.push(basename(rest[i], '.yaml'));
  }
  if ((mode !== 'record' && mode !== 'check') || dir === undefined) {
    process.stderr.write('usage: tsx bench/same-outputs.ts record|check DIR [--skip NAME] [SCENARIO ...]\n');
    return 2;
  }
  let differ = 0;
  for (const name of scenarios(names, skip)) {
    if (mode === 'record') {
      run(name, join(dir, name));
      continue;
    }
    if (!existsSync(join(dir, name))) throw new Error(`same-outputs: nothing recorded for ${name} in ${dir}`);
    const out = join(mkdtempSync(join(tmpdir(), 'kubeblast-same-')), name);
    run(name, out);
    for (const file of FILES) {
      const [a, b] = [comparable(join(dir, name), file), comparable(out, file)];
      if (a.equals(b)) continue;
      differ++;
      process.stdout.write(`DIFFERENT ${name}/${file}: ${firstDifference(a, b)} (${join(dir, name, file)} vs ${join(out, file)})\n`);
    }
    process.stdout.write(`${name}: ${differ === 0 ? 'identical so far' : `${differ} file(s) differ so far`}\n`);
  }
  if (mode === 'check') process.stdout.write(differ === 0 ? 'same-outputs: all byte-identical\n' : `same-outputs: ${differ} file(s) differ\n`);
  return differ === 0 ? 0 : 1;
}

process.exit(main());
