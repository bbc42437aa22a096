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
  it('refuses a negative or fractional uid', () => {
    const b = new UidBytes();
    expect(() => b.set(-1, 0)).toThrow(/uid -1/);
    expect(() => b.set(1.5, 0)).toThrow(/uid 1.5/);
  });
});
