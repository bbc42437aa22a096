import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import {
  gridAtOrAfter, gridAtOrBefore, isRenewing, lastRenewal, renewingSinceForever, restartLoop, resumeRenewing, stopRenewing,
} from '../../src/kubelet/lease.js';

const I = 10 * SEC;

describe('analytic node lease renewal', () => {
  it('renews on the phase grid while renewing', () => {
    const s = renewingSinceForever(3 * SEC, I);
    // grid: 3 s, 13 s, 23 s, …
    expect(lastRenewal(s, I, 0)).toBe(-7 * SEC);
    expect(lastRenewal(s, I, 3 * SEC)).toBe(3 * SEC);
    expect(lastRenewal(s, I, 12_999_999)).toBe(3 * SEC);
    expect(lastRenewal(s, I, 13 * SEC)).toBe(13 * SEC);
    expect(gridAtOrBefore(s.anchorUs, I, 25 * SEC)).toBe(23 * SEC);
    expect(gridAtOrAfter(s.anchorUs, I, 25 * SEC)).toBe(33 * SEC);
  });

  it('freezes at the last renewal before the stop; one due at the stop instant does not happen', () => {
    const s = renewingSinceForever(3 * SEC, I);
    stopRenewing(s, I, 23 * SEC); // the renewal due at 23 s is pre-empted by whatever stopped it
    expect(isRenewing(s)).toBe(false);
    expect(lastRenewal(s, I, 100 * SEC)).toBe(13 * SEC);
  });

  it('after a reconnection renews at the next point of the same grid', () => {
    const s = renewingSinceForever(3 * SEC, I);
    stopRenewing(s, I, 20 * SEC);
    resumeRenewing(s, 45 * SEC);
    expect(lastRenewal(s, I, 52 * SEC)).toBe(13 * SEC); // 53 s is the first renewal after 45 s
    expect(lastRenewal(s, I, 53 * SEC)).toBe(53 * SEC);
  });

  it('a restarted kubelet renews at once and then every interval from its start', () => {
    const s = renewingSinceForever(3 * SEC, I);
    stopRenewing(s, I, 20 * SEC);
    restartLoop(s, 71_500_000);
    resumeRenewing(s, 71_500_000);
    expect(lastRenewal(s, I, 71_500_000)).toBe(71_500_000);
    expect(lastRenewal(s, I, 90 * SEC)).toBe(81_500_000);
  });
});
