/**
 * The sweep's statistics against things known independently:
 * - k-of-n closed form (ground-truth.md §2, test/e2e/markov.ts): 3 nodes failing at random
 *   (exponential, MTTF 200 h, MTTR 10 h, equilibrium start), a 3-replica Deployment pinned one per
 *   node, SLO "at least 2 ready". A replica is up with probability A = MTTF / (MTTF + MTTR), so
 *   the SLO holds a fraction atLeast(3, 2, A) of the time. Each replica is also down for its pod's
 *   start-up after the repair (≈1 min, test/e2e/availability.test.ts), which moves the
 *   unavailability by ≈ 2ε/MTTR ≈ 0.3 % of itself: far inside the interval, so it is not modelled.
 *   The formula must lie in the sweep's 95 % interval (over 40 seeds × 30 days ≈ 38 outages).
 * - Common random numbers: a 1-replica and a 3-replica variant on the same seeds, hit by the same
 *   node and whole-zone failures: the paired interval of their difference must exclude 0 and be
 *   narrower than the unpaired (Welch) one, the point of running variants on the same seeds.
 * - The same seed draws the same random failures in every variant wherever the domains agree,
 *   also where a shared domain sits at another index of its level (rep3-zone-first): streams are
 *   named by domain, not by position.
 * Seeds are fixed, so each assertion is deterministic; the messages name the seeds.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce } from '../../src/batch/figures.js';
import { sweep } from '../../src/batch/sweep.js';
import type { SweepSummary } from '../../src/batch/aggregate.js';
import { loadScenario } from '../../src/scenario/load.js';
import { atLeast } from '../e2e/markov.js';
import { ROOT } from './build-dist.js';

const fixture = (name: string) => join(ROOT, 'test/batch/fixtures', name);
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `kubeblast-stats-${name}-`));

async function summaryOf(files: string[], to: number): Promise<SweepSummary> {
  const r = await sweep({ files: files.map(fixture), seeds: { from: 1, to }, outDir: tmp('s'), workers: 2 });
  return JSON.parse(r.outputs!.get('summary.json')!) as SweepSummary;
}

describe('sweep statistics', () => {
  it('k-of-n: the 2-of-3 formula lies in the sweep\'s 95 % interval (seeds 1..40, 30 d each)', async () => {
    const s = await summaryOf(['small30.yaml'], 40);
    const web = s.scenarios[0].objects.find((o) => o.object === 'deployment/default/web')!;
    const expected = atLeast(3, 2, 200 / 210);
    const [lo, hi] = web.availability.slo.ci95!;
    process.stdout.write(`k-of-n: formula ${expected.toFixed(6)}, sweep mean ${web.availability.slo.mean} CI [${lo}, ${hi}] (seeds 1..40)\n`);
    expect(expected, `seeds 1..40: formula outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
    expect(expected, `seeds 1..40: formula outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
  });

  it('1 vs 3 replicas on the same failures: the paired interval excludes 0 and is narrower than the unpaired one (seeds 1..40)', async () => {
    const s = await summaryOf(['rep1.yaml', 'rep3.yaml'], 40);
    const c = s.comparisons.find((x) => x.object === 'deployment/default/web' && x.scenario === 'rep3')!;
    const paired = c.availabilitySloDiff.ci95!;
    const unpaired = c.availabilitySloDiff.unpairedCi95!;
    process.stdout.write(`rep3 − rep1: mean ${c.availabilitySloDiff.mean}, paired CI [${paired.join(', ')}], unpaired CI [${unpaired.join(', ')}] (seeds 1..40)\n`);
    expect(paired[0], 'seeds 1..40: paired interval should exclude 0').toBeGreaterThan(0);
    expect(paired[1] - paired[0], 'seeds 1..40: paired narrower than unpaired').toBeLessThan(unpaired[1] - unpaired[0]);
  });

  it('common random numbers: seed N fails the same domains at the same times in every variant', () => {
    const variants = ['rep1.yaml', 'rep3.yaml', 'rep3-4nodes.yaml', 'rep3-zone-first.yaml'].map((f) => loadScenario(fixture(f)));
    for (const seed of [1, 2, 3, 4, 5]) {
      const faults = variants.map((v) => runOnce(v, seed).summary.faults.filter((f) => f.origin === 'random'));
      expect(faults[0].length, `seed ${seed}: some random failures to compare`).toBeGreaterThan(0);
      expect(faults[1], `seed ${seed}: rep1 vs rep3`).toEqual(faults[0]);
      // The 4-node variant has one more domain; the three shared nodes and the zone fail alike.
      const shared = faults[2].filter((f) => f.target !== 'r1-a-r1-n4');
      expect(shared, `seed ${seed}: rep3 vs rep3-4nodes on shared domains`).toEqual(faults[0]);
      // Zone r1-0 comes first there: every shared domain has another index, the same name.
      const named = faults[3].filter((f) => !f.target.startsWith('r1-0'));
      expect(named, `seed ${seed}: rep3 vs rep3-zone-first on shared domains`).toEqual(faults[0]);
    }
  });
});
