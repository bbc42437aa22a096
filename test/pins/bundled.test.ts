/**
 * Every bundled scenario (scenarios/**.yaml) gives the outputs pinned in the snapshot beside this
 * file (see helpers.ts for when and how to update them).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { pinsOf } from './helpers.js';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const FILES = readdirSync(DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('manifests'))
  .sort();

describe('bundled scenarios: outputs pinned', () => {
  it('finds the bundled scenarios', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(10);
  });
  for (const f of FILES) {
    it(f, () => {
      const scenario = loadScenario(join(DIR, f));
      expect(pinsOf(scenario), `${f}, seed ${scenario.seed}`).toMatchSnapshot();
    });
  }
});
