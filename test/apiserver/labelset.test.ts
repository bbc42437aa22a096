// Interned pod labels and the caches keyed by them (issue 15): sharing one labels object per
// ReplicaSet must give exactly the answers a fresh copy per pod gave.
import { describe, expect, it } from 'vitest';
import { LabelSetCache, labelSetKey } from '../../src/apiserver/objects.js';
import { withLabel } from '../../src/manifests/podlabels.js';

describe('withLabel', () => {
  const base = { app: 'web', tier: 'front' };
  it('is the base plus the label, frozen, equal to a spread copy key for key and in order', () => {
    const l = withLabel(base, 'pod-template-hash', 'abc');
    expect(Object.entries(l)).toEqual(Object.entries({ ...base, 'pod-template-hash': 'abc' }));
    expect(Object.isFrozen(l)).toBe(true);
  });
  it('returns one object per (base, key, value) and distinct ones otherwise', () => {
    expect(withLabel(base, 'pod-template-hash', 'abc')).toBe(withLabel(base, 'pod-template-hash', 'abc'));
    expect(withLabel(base, 'pod-template-hash', 'xyz')).not.toBe(withLabel(base, 'pod-template-hash', 'abc'));
    expect(withLabel({ ...base }, 'pod-template-hash', 'abc')).not.toBe(withLabel(base, 'pod-template-hash', 'abc'));
  });
  it('overrides a key the base already has in place, as a spread does', () => {
    expect(Object.entries(withLabel({ a: '1', b: '2' }, 'a', '3'))).toEqual([['a', '3'], ['b', '2']]);
  });
});

describe('LabelSetCache', () => {
  it('computes once per namespace and label set, whether the labels object is shared or a copy', () => {
    let calls = 0;
    const cache = new LabelSetCache<string>((ns, l) => `${++calls}:${labelSetKey(ns, l)}`);
    const shared = { app: 'web' };
    const a = cache.get('default', shared);
    expect(cache.get('default', shared)).toBe(a);
    expect(cache.get('default', { app: 'web' })).toBe(a);
    expect(calls).toBe(1);
    // Same object, another namespace: its own answer, and the first namespace's still holds.
    const b = cache.get('other', shared);
    expect(b).not.toBe(a);
    expect(cache.get('default', shared)).toBe(a);
    expect(calls).toBe(2);
    cache.clear();
    expect(cache.get('default', shared)).not.toBe(a);
    expect(calls).toBe(3);
  });
});
