/**
 * What each node buys: with `--seeds A..B`, every count from the answer upward (`steps` more) runs
 * the scenario's own random failures (its `random` fault entries; scheduled faults dropped, as
 * they were written for one topology) on every seed, and each object's SLO availability is
 * averaged over seeds with a 95 % interval (stats.ts `meanCi`: independent replications). Against
 * each count's monthly price this is the cost of each additional nine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import { round6 } from '../metrics/summary.js';
import type { RunFigures } from './figures.js';
import type { SeedRange } from './plan.js';
import { meanCi } from './stats.js';
import { costPerMonth } from './capacity-probe.js';
import { variantYaml, type CountPer } from './variant.js';

/** One object's availability at one count. */
export interface CostObject {
  object: string;
  mean: number;
  ci95: [number, number] | null;
  /** −log10(1 − mean): 3 for 99.9 %; null at 100 %. */
  nines: number | null;
}

/** One count of the cost curve. */
export interface CostPoint {
  count: number;
  nodes: number;
  costPerMonth: number | null;
  seeds: number;
  objects: CostObject[];
}

/** Runs one (scenario file, seed) and returns its figures (in-process or on the pool's `figures` kind). */
export type FiguresRunner = (path: string, seed: number) => Promise<RunFigures>;

/** What the sweep needs. */
export interface CostSweep {
  file: string;
  workDir: string;
  per: CountPer;
  counts: number[];
  seeds: SeedRange;
  run: FiguresRunner;
}

/** The file name of a count's sweep scenario. */
export function sweepFileName(count: number): string {
  return `availability-${count}.yaml`;
}

/** Availability per object (objects the scenario gives an SLO) at each count, over the seeds. */
export async function costCurve(o: CostSweep): Promise<CostPoint[]> {
  const seeds = Array.from({ length: o.seeds.to - o.seeds.from + 1 }, (_, i) => o.seeds.from + i);
  return Promise.all(o.counts.map(async (count) => {
    const path = join(o.workDir, sweepFileName(count));
    const header = `kubeblast capacity --seeds: ${count} node${count === 1 ? '' : 's'} per ${o.per}, under the scenario's random failures only.`;
    writeFileSync(path, variantYaml(o.file, { count: { per: o.per, n: count }, randomFaultsOnly: true, header }, o.workDir));
    const s = loadScenario(path);
    const runs = await Promise.all(seeds.map((seed) => o.run(path, seed)));
    const keys = runs[0]?.objects.filter((x) => x.hasSlo).map((x) => x.object) ?? [];
    const objects = keys.map((object) => {
      const xs = runs.map((r) => r.objects.find((x) => x.object === object)?.availability.slo ?? 0);
      const { mean, ci95 } = meanCi(xs);
      return { object, mean, ci95, nines: mean >= 1 ? null : round6(-Math.log10(1 - mean)) };
    });
    return { count, nodes: s.topology.nodes.length, costPerMonth: costPerMonth(s), seeds: seeds.length, objects };
  }));
}
