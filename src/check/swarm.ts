/**
 * The swarm (VOPR-style): for each seed, a whole scenario from `generate`, run with every checker
 * attached, faults then heal. A violating seed (or a generated scenario the loader refuses, which
 * is a bug too) is kept: its scenario and manifests go to `keepDir/seed-N/`, and the report gives
 * the `kubeblast run … --check` command that replays it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { InputError } from '../errors.js';
import { loadScenario } from '../scenario/load.js';
import { generate, type SwarmCase } from './generate.js';
import { runChecked } from './run.js';

/** The totals of a swarm run. */
export interface SwarmTotals {
  seeds: number;
  faults: number;
  violations: number;
}

function writeCase(dir: string, c: SwarmCase): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifests.yaml'), c.manifests);
  writeFileSync(join(dir, 'scenario.yaml'), c.scenario);
  return join(dir, 'scenario.yaml');
}

/** What one seed found: its violations (empty when clean) and its fault count. */
export function swarmSeed(seed: number): { c: SwarmCase; violations: string[] } {
  const c = generate(seed);
  const dir = mkdtempSync(join(tmpdir(), `kubeblast-swarm-${seed}-`));
  try {
    const scenario = loadScenario(writeCase(dir, c));
    return { c, violations: runChecked(scenario, seed).violations };
  } catch (err) {
    if (err instanceof InputError) return { c, violations: [`generated scenario refused: ${err.format()}`] };
    return { c, violations: [`run stopped: ${err instanceof Error ? err.message : String(err)}`] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs seeds `from`…`to`; `log` gets each violating seed's report and the closing line. `one`
 * runs a seed (tests pass a broken one).
 */
export function runSwarm(from: number, to: number, keepDir: string, log: (line: string) => void, one = swarmSeed): SwarmTotals {
  const totals: SwarmTotals = { seeds: 0, faults: 0, violations: 0 };
  for (let seed = from; seed <= to; seed++) {
    const { c, violations } = one(seed);
    totals.seeds++;
    totals.faults += c.faults;
    totals.violations += violations.length;
    if (violations.length === 0) continue;
    const file = writeCase(join(keepDir, `seed-${seed}`), c);
    log(`seed ${seed}: ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
    for (const v of violations.slice(0, 5)) log(`  ${v}`);
    log(`  replay: kubeblast run ${relative(process.cwd(), file) || file} --seed ${seed} --check`);
  }
  log(`${totals.seeds} seeds, ${totals.faults} faults, ${totals.violations} violations`);
  return totals;
}
