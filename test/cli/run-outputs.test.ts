/**
 * `kubeblast run`'s write path (src/cli/run-outputs.ts): the CSVs streamed during the run land
 * with summary.json and report.html as one set; a run that fails or is killed while it streams
 * leaves the previous set whole, and no temporary folder after the next write. The file sink
 * writes exactly the text it is given across its 1 MB chunks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnce } from '../../src/batch/figures.js';
import { recoverOutputs, writeOutputs } from '../../src/cli/outdir.js';
import { runWritingOutputs } from '../../src/cli/run-outputs.js';
import { CHUNK_BYTES, FileSink } from '../../src/metrics/sink.js';
import { loadScenario } from '../../src/scenario/load.js';
import { ROOT } from './run.js';

const root = mkdtempSync(join(tmpdir(), 'kubeblast-run-outputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const SET = ['summary.json', 'availability.csv', 'events.csv', 'report.html'];

/** A fresh --out holding a previous set whose files say "previous NAME". */
function previous(): string {
  const out = join(root, `case${n++}`, 'out');
  writeOutputs(out, new Map(SET.map((f) => [f, `previous ${f}\n`])));
  return out;
}

const unchanged = (out: string) => SET.map((f) => readFileSync(join(out, f), 'utf8') === `previous ${f}\n`);
const leftovers = (out: string) => readdirSync(dirname(out)).filter((e) => e !== 'out');

describe('run outputs as a set', () => {
  it('a complete run replaces the whole set, the streamed CSVs with the rest', () => {
    const out = previous();
    const s = loadScenario(fileURLToPath(new URL('../../scenarios/quickstart.yaml', import.meta.url)));
    const { ran, csvBytes } = runWritingOutputs(out, (outputs) => runOnce(s, undefined, { outputs, untilUs: 60e6 }));
    expect(unchanged(out), `seed ${s.seed}`).toEqual(SET.map(() => false));
    expect(readFileSync(join(out, 'events.csv')).length, `seed ${s.seed}`).toBe(csvBytes.events);
    expect(readFileSync(join(out, 'availability.csv')).length, `seed ${s.seed}`).toBe(csvBytes.availability);
    expect(readFileSync(join(out, 'events.csv'), 'utf8').split('\n').length - 2, `seed ${s.seed}`).toBe(ran.result.events.count);
    expect(leftovers(out)).toEqual([]);
  });

  it('a run that throws while streaming keeps the previous set and removes its temporary folder', () => {
    const out = previous();
    expect(() => runWritingOutputs(out, (outputs) => {
      outputs.eventsCsv!.write('time_s,type\n');
      throw new Error('run failed');
    })).toThrow('run failed');
    expect(unchanged(out)).toEqual(SET.map(() => true));
    expect(leftovers(out)).toEqual([]);
  });

  it('a run killed while streaming keeps the previous set; the next write removes what it left', () => {
    const out = previous();
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/cli/run-outputs-child.ts', out], { cwd: ROOT, encoding: 'utf8' });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(unchanged(out)).toEqual(SET.map(() => true));
    expect(leftovers(out).length, 'the killed run left its temporary folder').toBe(1);
    recoverOutputs(out);
    expect(unchanged(out)).toEqual(SET.map(() => true));
    expect(leftovers(out)).toEqual([]);
  }, 60_000);
});

describe('FileSink', () => {
  it('writes exactly the text given, across chunk boundaries and multi-byte characters', () => {
    const path = join(root, `sink${n++}.txt`);
    const sink = new FileSink(path);
    const parts: string[] = [];
    // Records of 1 to 199 characters with two- and three-byte characters, past three chunks, then
    // one text larger than a chunk on its own.
    for (let i = 0, chars = 0; chars < 3 * CHUNK_BYTES; i++) {
      parts.push(`${'é€x'.repeat(i % 67)}${i}\n`);
      chars += parts[i].length;
    }
    parts.push('ü'.repeat(CHUNK_BYTES), 'end\n');
    for (const p of parts) sink.write(p);
    sink.close();
    const want = Buffer.from(parts.join(''), 'utf8');
    const got = readFileSync(path);
    expect(sink.bytes).toBe(want.length);
    expect(got.equals(want)).toBe(true);
  });
});
