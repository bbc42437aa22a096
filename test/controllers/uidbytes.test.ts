// Per-uid bytes (src/controllers/uidbytes.ts): unset is −1, values survive growth past the
// initial size, and a uid that is not a non-negative integer is refused rather than dropped.
import { describe, expect, it } from 'vitest';
import { UidBytes } from '../../src/controllers/uidbytes.js';

describe('UidBytes', () => {
  it('reads −1 where nothing was set, including far beyond what was set and below 0', () => {
    const b = new UidBytes();
    expect([b.get(0), b.get(1), b.get(1e9), b.get(-1)]).toEqual([-1, -1, -1, -1]);
  });
  it('keeps every value through growth (uids 1..5000 set, then read back)', () => {
    const b = new UidBytes();
    for (let uid = 1; uid <= 5000; uid++) b.set(uid, uid % 4);
    for (let uid = 1; uid <= 5000; uid++) if (b.get(uid) !== uid % 4) expect.fail(`uid ${uid}: ${b.get(uid)}`);
    b.set(70_000, 2);
    expect([b.get(70_000), b.get(4999), b.get(69_999)]).toEqual([2, 4999 % 4, -1]);
    b.set(3, -1);
    expect(b.get(3)).toBe(-1);
  });
  it('keeps a uid far beyond the array aside, without growing to it, until the array reaches it', () => {
    const b = new UidBytes(); // 1,024 uids at first
    b.set(1e9, 3);
    b.set(1500, 2); // within twice the length: the array grows to 2,048
    b.set(5000, 1); // beyond twice 2,048: kept aside
    b.set(4000, 0); // grows to 4,096; 5,000 is still beyond
    b.set(4097, 1); // grows to 8,192, taking 5,000 in
    expect([b.get(1e9), b.get(1500), b.get(5000), b.get(4000), b.get(4097), b.get(4999)]).toEqual([3, 2, 1, 0, 1, -1]);
    b.set(5000, -1);
    b.set(1e9, -1);
    expect([b.get(5000), b.get(1e9)]).toEqual([-1, -1]);
  });
  it('refuses a negative or fractional uid', () => {
    const b = new UidBytes();
    expect(() => b.set(-1, 0)).toThrow(/uid -1/);
    expect(() => b.set(1.5, 0)).toThrow(/uid 1.5/);
  });
});
