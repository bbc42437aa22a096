// Differential test: the kernel and a plain reference loop (model-sim.ts) run the same randomized
// workload — events scheduling and cancelling events, timers re-armed from inside events, stops
// and resumed runs — and must produce the same trace, step for step.
import { describe, expect, it } from 'vitest';
import { Sim } from '../../src/kernel/sim.js';
import { MS, SEC } from '../../src/kernel/time.js';
import { ModelSim } from './model-sim.js';
import { actors } from './workload.js';

describe('Sim against the reference loop', () => {
  for (const [seed, count, until] of [[1, 40, 20 * SEC], [2, 5, 20 * SEC], [3, 200, 2 * SEC], [4, 1, 60 * SEC], [5, 40, 50 * MS]] as const) {
    it(`same trace for seed ${seed}, ${count} actors, ${until / SEC}s`, () => {
      const real = actors(new Sim(), seed, count, until);
      const model = actors(new ModelSim(), seed, count, until);
      expect(real.length).toBeGreaterThan(count);
      // Compare the first divergence rather than the whole arrays, so a failure is readable.
      const first = real.findIndex((line, i) => line !== model[i]);
      expect(first === -1 ? null : { at: first, real: real.slice(first, first + 3), model: model.slice(first, first + 3) }).toBeNull();
      expect(real.length).toBe(model.length);
    });
  }
});
