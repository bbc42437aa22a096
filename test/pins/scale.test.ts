/**
 * The 500-node bench cluster (bench/scale-scenario.ts, TENTH: ~15,000 pods, a year of random node
 * failures, rack power losses and a zone outage) gives the outputs pinned in the snapshot beside
 * this file: the speed work of issue 15 is checked against it (see helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { scaleScenario, TENTH } from '../../bench/scale-scenario.js';
import { pinsOf } from './helpers.js';

describe('500-node year: outputs pinned', () => {
  it('bench-scale-500, seed 1', () => {
    expect(pinsOf(scaleScenario(TENTH, true)), 'bench-scale-500, seed 1').toMatchSnapshot();
  }, 300_000);
});
