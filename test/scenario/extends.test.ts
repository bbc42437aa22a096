/**
 * Scenario variants: `extends:` merges a base's fields under the variant's (mappings by key, the
 * rest replaced, null removes), `patches:` merge-patch manifest objects by kind/name/namespace,
 * and every error keeps the file:line:col where its value was written — in the variant or the base.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { HOUR } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';

const DIR = fileURLToPath(new URL('./fixtures-extends/', import.meta.url));
const at = (f: string) => join(DIR, f);

function errorOf(file: string): InputError {
  try {
    loadScenario(at(file));
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error(`${file}: expected an InputError`);
}

describe('extends and patches', () => {
  it('merges the base under the variant and patches its manifests', () => {
    const base = loadScenario(at('base.yaml'));
    const five = loadScenario(at('variants/five.yaml'));
    expect(five.name).toBe('five');
    expect(five.durationUs).toBe(3 * HOUR);
    expect(base.seed).toBe(7);
    expect(five.seed).toBe(1); // seed: null removed the base's 7: the default seed applies
    expect(five.faults.scheduled.length).toBe(0);
    expect(base.faults.scheduled.length).toBe(1);
    expect(five.topology.nodes.length).toBe(base.topology.nodes.length);
    const web = (s: typeof base) => s.manifests.workloads.find((w) => w.key === 'deployment/default/web')!;
    expect(web(base).replicas).toBe(3);
    expect(web(five).replicas).toBe(5);
    // The SLO and the Service come from the base, its manifests read relative to the base's directory.
    expect(five.slo[0].objects).toEqual(['deployment/default/web']);
    expect(five.manifests.services.map((s) => s.key)).toEqual(['service/default/web']);
  });

  it('follows a chain of bases', () => {
    const s = loadScenario(at('variants/chain.yaml'));
    expect([s.name, s.seed, s.durationUs]).toEqual(['chain', 3, 3 * HOUR]);
    expect(s.manifests.workloads[0].replicas).toBe(5);
  });

  it.each([
    ['variants/bad-override.yaml', /variants\/bad-override\.yaml:4:13$/, /spec\.duration: expected a duration/],
    ['variants/of-bad-base.yaml', /fixtures-extends\/bad-base\.yaml:14:7$/, /minReadyy/],
    ['variants/base-error.yaml', /variants\/base-error\.yaml:5:17$/, /no deployment "default\/absent"/],
    ['variants/bad-target.yaml', /variants\/bad-target\.yaml:3:13$/, /target Deployment default\/nope matches no object/],
    ['variants/twice.yaml', /variants\/twice\.yaml:5:13$/, /target Deployment default\/web matches 2 objects/],
    ['variants/bad-namespace.yaml', /variants\/bad-namespace\.yaml:3:55$/, /target\.namespace: expected a namespace name/],
    ['variants/cycle-a.yaml', /variants\/cycle-b\.yaml:1:10$/, /a cycle/],
  ])('%s: the error points where the value was written', (file, where, what) => {
    const err = errorOf(file);
    const pos = err.pos ? `${err.pos.file}:${err.pos.line}:${err.pos.col}` : '';
    expect(pos).toMatch(where);
    expect(err.message).toMatch(what);
  });
});
