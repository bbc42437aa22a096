// compileSelector: matching, canonical keys, nil/empty semantics per use, and invalid selectors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMapSelector, compileSelector, labelKeyProblem, SelectorError, type LabelSelectorLike } from '../../src/manifests/selector.js';

describe('matching', () => {
  const cases: Array<[string, LabelSelectorLike, Record<string, string>, boolean]> = [
    ['matchLabels equal', { matchLabels: { app: 'web' } }, { app: 'web', tier: 'x' }, true],
    ['matchLabels other value', { matchLabels: { app: 'web' } }, { app: 'db' }, false],
    ['matchLabels absent', { matchLabels: { app: 'web' } }, {}, false],
    ['In hit', { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }, { env: 'b' }, true],
    ['In miss', { matchExpressions: [{ key: 'env', operator: 'In', values: ['a', 'b'] }] }, { env: 'c' }, false],
    ['In absent', { matchExpressions: [{ key: 'env', operator: 'In', values: ['a'] }] }, {}, false],
    ['NotIn other', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, { env: 'b' }, true],
    ['NotIn listed', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, { env: 'a' }, false],
    ['NotIn absent matches', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] }, {}, true],
    ['Exists', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, { env: '' }, true],
    ['Exists absent', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, {}, false],
    ['DoesNotExist absent', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, { app: 'x' }, true],
    ['DoesNotExist present', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, { env: 'x' }, false],
    ['AND of all', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, { app: 'web', env: 'prod' }, false],
    ['inherited names are not labels', { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, {}, false],
  ];
  it.each(cases)('%s', (_name, ls, labels, want) => {
    expect(compileSelector(ls, 'labelSelector').matches(labels)).toBe(want);
  });
});

describe('nil and empty selectors, per use', () => {
  // ref: apimachinery LabelSelectorAsSelector; pkg/apis/policy/v1beta1/conversion.go; EndpointSlice controller
  const table: Array<[string, LabelSelectorLike | null | undefined, 'labelSelector' | 'pdbV1beta1' | 'service', 'nothing' | 'everything']> = [
    ['nil LabelSelector selects nothing', null, 'labelSelector', 'nothing'],
    ['undefined LabelSelector selects nothing', undefined, 'labelSelector', 'nothing'],
    ['{} LabelSelector (policy/v1 PDB, spread constraint) selects everything', {}, 'labelSelector', 'everything'],
    ['{matchLabels: {}} selects everything too', { matchLabels: {}, matchExpressions: [] }, 'labelSelector', 'everything'],
    ['policy/v1beta1 PDB {} selects nothing', {}, 'pdbV1beta1', 'nothing'],
    ['policy/v1beta1 PDB nil selects nothing', null, 'pdbV1beta1', 'nothing'],
    ['Service without selector selects nothing', null, 'service', 'nothing'],
    ['Service with {} selects nothing', { matchLabels: {} }, 'service', 'nothing'],
  ];
  it.each(table)('%s', (_name, ls, mode, want) => {
    const s = compileSelector(ls, mode);
    expect(s.nothing).toBe(want === 'nothing');
    expect(s.matches({ app: 'x' })).toBe(want === 'everything');
    expect(s.matches({})).toBe(want === 'everything');
  });

  it('a non-empty selector matches the same whatever the mode', () => {
    for (const mode of ['labelSelector', 'pdbV1beta1', 'service'] as const) {
      expect(compileSelector({ matchLabels: { app: 'x' } }, mode).matches({ app: 'x' })).toBe(true);
    }
  });

  it('compileMapSelector reads a Service selector map', () => {
    expect(compileMapSelector({ app: 'web' }).key).toBe('app=web');
    expect(compileMapSelector({}).nothing).toBe(true);
    expect(compileMapSelector(undefined).nothing).toBe(true);
  });
});

describe('canonical key', () => {
  it.each([
    [{ matchLabels: { tier: 'a', app: 'zk' } }, 'app=zk,tier=a'],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a', 'b'] }] }, 'tier in (a,b)'],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] }, 'tier=a'],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['b', 'a'] }] }, 'tier notin (a,b)'],
    [{ matchExpressions: [{ key: 'x', operator: 'Exists' }, { key: 'a', operator: 'DoesNotExist' }] }, '!a,x'],
    [{ matchLabels: { app: 'zk' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['zk'] }] }, 'app=zk'],
  ] as Array<[LabelSelectorLike, string]>)('%j → %s', (ls, key) => {
    expect(compileSelector(ls, 'labelSelector').key).toBe(key);
  });

  it('matchLabels and the equivalent single-value In expressions have the same key', () => {
    const a = compileSelector({ matchLabels: { app: 'web', tier: 'fe' } }, 'labelSelector');
    const b = compileSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }, { key: 'app', operator: 'In', values: ['web'] }] }, 'labelSelector');
    expect(a.key).toBe(b.key);
  });
});

describe('invalid selectors', () => {
  const bad: Array<[string, LabelSelectorLike, string, Array<string | number>]> = [
    ['unknown operator', { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, 'expected In, NotIn, Exists or DoesNotExist, got "Equals"', ['matchExpressions', 0, 'operator']],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, 'operator In needs at least one value', ['matchExpressions', 0, 'values']],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'operator Exists takes no values', ['matchExpressions', 0, 'values']],
    ['bad key', { matchLabels: { 'bad key': 'x' } }, 'invalid label key "bad key"', ['matchLabels', 'bad key']],
    ['bad value', { matchLabels: { app: 'has space' } }, 'invalid label value "has space"', ['matchLabels', 'app']],
  ];
  it.each(bad)('%s', (_name, ls, message, path) => {
    let err: unknown;
    try {
      compileSelector(ls, 'labelSelector');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SelectorError);
    expect((err as SelectorError).message).toContain(message);
    expect((err as SelectorError).path).toEqual(path);
  });

  it('label keys: prefix must be a DNS subdomain, name at most 63 characters', () => {
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeNull();
    expect(labelKeyProblem('Upper.Case/name')).not.toBeNull();
    expect(labelKeyProblem('x'.repeat(64))).not.toBeNull();
    expect(labelKeyProblem('/name')).not.toBeNull();
  });
});

describe('properties', () => {
  const name = fc.stringMatching(/^[a-z]([a-z0-9-]{0,6}[a-z0-9])?$/);
  const labels = fc.dictionary(name, name, { maxKeys: 5 });

  it('a selector made of a label set matches that set and every superset', () => {
    fc.assert(
      fc.property(labels, labels, (ls, extra) => {
        const sel = compileSelector({ matchLabels: ls }, 'labelSelector');
        expect(sel.matches(ls)).toBe(true);
        expect(sel.matches({ ...extra, ...ls })).toBe(true);
      }),
    );
  });

  it('the key does not depend on the order of requirements', () => {
    const expr = fc.record({ key: name, operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'), values: fc.array(name, { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(expr, { maxLength: 5 }), (exprs) => {
        const fixed = exprs.map((e) => (e.operator === 'Exists' || e.operator === 'DoesNotExist' ? { ...e, values: [] } : e));
        const a = compileSelector({ matchExpressions: fixed }, 'labelSelector');
        const b = compileSelector({ matchExpressions: [...fixed].reverse() }, 'labelSelector');
        expect(a.key).toBe(b.key);
      }),
    );
  });

  it('In and NotIn with the same values split the labelled pods exactly', () => {
    fc.assert(
      fc.property(name, fc.array(name, { minLength: 1, maxLength: 3 }), labels, (key, values, ls) => {
        const inSel = compileSelector({ matchExpressions: [{ key, operator: 'In', values }] }, 'labelSelector');
        const notIn = compileSelector({ matchExpressions: [{ key, operator: 'NotIn', values }] }, 'labelSelector');
        expect(inSel.matches(ls)).toBe(!notIn.matches(ls));
      }),
    );
  });

  it('Exists and DoesNotExist are complements', () => {
    fc.assert(
      fc.property(name, labels, (key, ls) => {
        const e = compileSelector({ matchExpressions: [{ key, operator: 'Exists' }] }, 'labelSelector');
        const d = compileSelector({ matchExpressions: [{ key, operator: 'DoesNotExist' }] }, 'labelSelector');
        expect(e.matches(ls)).toBe(!d.matches(ls));
        expect(e.matches(ls)).toBe(key in ls);
      }),
    );
  });
});
