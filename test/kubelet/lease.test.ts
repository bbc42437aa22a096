import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import {
  gridAtOrAfter, gridAtOrBefore, isRenewing, lastRenewal, losePath, renewingSinceForever, restartLoop, resumeRenewing, retryRenewal,
  stopRenewing,
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
    resumeRenewing(s, 45 * SEC, 10 * SEC);
    expect(lastRenewal(s, I, 52 * SEC)).toBe(13 * SEC); // 53 s is the first renewal after 45 s
    expect(lastRenewal(s, I, 53 * SEC)).toBe(53 * SEC);
  });

  it('a restarted kubelet renews at once and then every interval from its start', () => {
    const s = renewingSinceForever(3 * SEC, I);
    stopRenewing(s, I, 20 * SEC);
    restartLoop(s, 71_500_000);
    resumeRenewing(s, 71_500_000, 10 * SEC);
    expect(lastRenewal(s, I, 71_500_000)).toBe(71_500_000);
    expect(lastRenewal(s, I, 90 * SEC)).toBe(81_500_000);
  });
});

describe('retryRenewal: a renewal sent with no path, the path returning later (client timeout 10 s)', () => {
  const T = 10 * SEC;
  /** The same rule step by step: 5 Updates of T each, then GETs of T separated by 200 ms, 400 ms, … ≤ 7 s. */
  function stepwise(sent: number, ret: number): { commitUs: number; failed: number } {
    let t = sent;
    let failed = 0;
    for (let i = 0; i < 5; i++, t += T, failed++) if (ret <= t + T) return { commitUs: Math.max(ret, t), failed };
    let sleep = 100_000;
    for (;;) {
      if (ret <= t + T) return { commitUs: Math.max(ret, t), failed };
      failed++;
      sleep = Math.min(2 * sleep, 7 * SEC);
      t += T + sleep;
      if (ret <= t) return { commitUs: t, failed };
    }
  }
  const cases: Array<[number, number, number, number]> = [
    // [sent, return, commit, failed]
    [0, 3 * SEC, 3 * SEC, 0], // a 3 s blip: the request in flight commits at the return
    [0, 10 * SEC, 10 * SEC, 0], // at its deadline exactly: still in time
    [0, 14 * SEC, 14 * SEC, 1], // the first Update timed out at 10 s, the retry sent then commits
    [0, 50 * SEC, 50 * SEC, 4],
    [0, 59 * SEC, 59 * SEC, 5], // the 5 Updates failed by 50 s; the first GET (50–60 s) is in flight
    [0, 60_100_000, 60_200_000, 6], // during the 200 ms back-off sleep: the next GET at 60.2 s
    [0, 60_500_000, 60_500_000, 6], // that GET (60.2–70.2 s) is in flight
    [0, 123 * SEC, 123 * SEC, 11], // GETs at 50, 60.2, 70.6, 81.4, 93, 106.2, 122.6 s
    [0, 121 * SEC, 122_600_000, 11], // in the 6.4 s sleep 116.2–122.6 s
  ];
  for (const [sent, ret, commit, failed] of cases) {
    it(`sent ${sent / SEC} s, path back at ${ret / SEC} s → commits at ${commit / SEC} s after ${failed} timeouts`, () => {
      expect(retryRenewal(sent, ret, T)).toEqual({ commitUs: commit, failed });
    });
  }

  it('matches the step-by-step rule for outages up to a day (the 7 s cycles are skipped in bulk)', () => {
    for (let ret = 1; ret < 86_400 * SEC; ret = Math.ceil(ret * 1.37) + 12_345) {
      expect(retryRenewal(0, ret, T), `return at ${ret} µs`).toEqual(stepwise(0, ret));
    }
  });

  it('a renewal waiting across the return re-anchors the grid there; one not yet due keeps the grid', () => {
    const s = renewingSinceForever(3 * SEC, I); // grid 3, 13, 23 …
    losePath(s, I, 12 * SEC); // the renewal due at 13 s waits
    resumeRenewing(s, 15 * SEC, T); // path back 2 s after it was sent
    expect(lastRenewal(s, I, 14_999_999)).toBe(3 * SEC);
    expect(lastRenewal(s, I, 15 * SEC)).toBe(15 * SEC);
    expect(lastRenewal(s, I, 25 * SEC)).toBe(25 * SEC); // sliding: the period starts at the commit
    expect(s.failedAttempts).toBe(0);
    const u = renewingSinceForever(3 * SEC, I);
    losePath(u, I, 4 * SEC);
    resumeRenewing(u, 7 * SEC, T); // nothing was due between 4 s and 7 s
    expect(lastRenewal(u, I, 12 * SEC)).toBe(3 * SEC);
    expect(lastRenewal(u, I, 13 * SEC)).toBe(13 * SEC);
  });

  it('a process that stops drops its waiting renewal', () => {
    const s = renewingSinceForever(3 * SEC, I);
    losePath(s, I, 12 * SEC);
    stopRenewing(s, I, 14 * SEC);
    expect(Number.isNaN(s.waitingSinceUs)).toBe(true);
  });
});
