/**
 * fast-check properties (issue 14): a valid scenario and its manifests, mutated at a random place —
 * a key deleted, a value swapped for another type, a huge, negative or fractional number, an odd
 * string (empty, control characters, path climbing, 10,000 characters, non-ASCII) — always load
 * to a Scenario or fail with an `InputError` that names a file, line and column. Anything else
 * (a TypeError, a RangeError, a hang) fails the property, which prints the seed and the mutation.
 * loadScenario is called in process, for speed.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import { generate } from '../../src/check/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeblast-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SEED = 20261206;
const RUNS = 150;

/** A valid case: the swarm's scenario 5 (every workload kind, faults of several kinds). */
const base = generate(5);
const baseScenario = parse(base.scenario) as unknown;
const baseManifests = base.manifests.split(/^---\n/m).map((d) => parse(d) as unknown);

type Json = unknown;

/** Every path to a value inside `v` (keys and indexes). */
function paths(v: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
      out.push([...prefix, k]);
      paths(x, [...prefix, k], out);
    }
  }
  return out;
}

const odd = fc.oneof(
  fc.constantFrom('', ' ', '../../etc', '/abs', 'a\u0000b', '\u001b[31mred', 'x'.repeat(10_000), 'ünïcødé', '1e999', '-1', 'NaN', '~', '*', '&a', '- x', '{', '10000000000y'),
  fc.string({ maxLength: 40 }),
);
const replacement = fc.oneof(
  fc.constant(undefined), // delete
  fc.constantFrom(null, true, false, [], {}, [1, 2], { a: 1 }),
  fc.constantFrom(0, -1, 1.5, -0.5, 1e9, 1e15, 2 ** 53 + 1, 1e308, -1e308),
  fc.integer(),
  fc.double({ noNaN: true }),
  odd,
);

function mutate(doc: Json, path: Array<string | number>, value: unknown): Json {
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** Loads the case; returns what happened, or throws when the outcome is neither a Scenario nor a positioned InputError. */
function loadCase(scenario: Json, manifests: Json[]): 'loaded' | 'input-error' {
  writeFileSync(join(dir, 'manifests.yaml'), manifests.map((m) => stringify(m)).join('---\n'));
  writeFileSync(join(dir, 'scenario.yaml'), stringify(scenario));
  try {
    loadScenario(join(dir, 'scenario.yaml'));
    return 'loaded';
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.pos, err.format()).toBeDefined();
    expect(err.pos!.line, err.format()).toBeGreaterThanOrEqual(1);
    expect(err.pos!.col, err.format()).toBeGreaterThanOrEqual(1);
    expect(err.format().split('\n').length, err.format()).toBeLessThanOrEqual(2);
    return 'input-error';
  }
}

describe('mutated scenarios and manifests', () => {
  it('the unmutated case loads', () => {
    expect(loadCase(baseScenario, baseManifests)).toBe('loaded');
  });

  it('a mutated scenario loads or is an InputError with a position', () => {
    const all = paths(baseScenario);
    fc.assert(fc.property(fc.integer({ min: 0, max: all.length - 1 }), replacement, (i, value) => {
      loadCase(mutate(baseScenario, all[i], value), baseManifests);
    }), { seed: SEED, numRuns: RUNS });
  });

  it('a mutated manifest loads or is an InputError with a position', () => {
    const docs = baseManifests.map((d) => paths(d));
    fc.assert(fc.property(fc.integer({ min: 0, max: docs.length - 1 }), fc.nat(), replacement, (d, k, value) => {
      const path = docs[d][k % docs[d].length];
      const manifests = baseManifests.map((m, j) => (j === d ? mutate(m, path, value) : m));
      loadCase(baseScenario, manifests);
    }), { seed: SEED, numRuns: RUNS });
  });

  it('two mutations at once, anywhere, load or are an InputError with a position', () => {
    const all = paths(baseScenario);
    const docs = baseManifests.map((d) => paths(d));
    fc.assert(fc.property(fc.nat(), replacement, fc.nat(), replacement, (i, a, k, b) => {
      const d = k % docs.length;
      const manifests = baseManifests.map((m, j) => (j === d ? mutate(m, docs[d][k % docs[d].length], b) : m));
      loadCase(mutate(baseScenario, all[i % all.length], a), manifests);
    }), { seed: SEED + 1, numRuns: RUNS });
  });
});
