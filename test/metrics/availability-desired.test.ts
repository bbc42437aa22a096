// A Service's desired count follows the workloads it selects through every setDesired, repeated
// reports of an unchanged count included (setDesired returns early for those), and a workload's
// first report counts even when it equals the count it was registered with.
import { describe, expect, it } from 'vitest';
import { AvailabilityRecorder, DESIRED } from '../../src/metrics/availability.js';

function recorder(): AvailabilityRecorder {
  const m = new AvailabilityRecorder();
  m.register('deploy/a', false, 3);
  m.register('deploy/b', false, 0);
  m.register('svc/s', true, 0);
  // The Service selects one pod of b's (a per-pod Service's share) and all of a's.
  m.linkService('svc/s', ['deploy/a', 'deploy/b'], 0, new Map([['deploy/b', (d: number) => Math.min(1, d)]]));
  return m;
}

describe('desired counts of Services', () => {
  it('are the sum of their workloads’ shares after changed and repeated reports', () => {
    const m = recorder();
    expect(m.value('svc/s', DESIRED)).toBe(3);
    const steps: Array<[string, number, number]> = [
      ['deploy/b', 4, 4], ['deploy/b', 4, 4], ['deploy/a', 3, 4], ['deploy/a', 5, 6], ['deploy/a', 5, 6], ['deploy/b', 0, 5], ['deploy/b', 0, 5],
    ];
    let t = 1;
    for (const [key, desired, service] of steps) {
      m.setDesired(key, desired, t++);
      expect(m.value(key, DESIRED), `${key} at t=${t - 1}`).toBe(desired);
      expect(m.value('svc/s', DESIRED), `svc/s after ${key} = ${desired}`).toBe(service);
    }
  });

  it('writes no row for a repeated report, and marks the first report as known even when unchanged', () => {
    const m = recorder();
    expect(m.desiredKnown('deploy/a')).toBe(false);
    m.setDesired('deploy/a', 3, 5);
    expect(m.desiredKnown('deploy/a')).toBe(true);
    const rows = m.rowCount;
    m.setDesired('deploy/a', 3, 6);
    expect(m.rowCount).toBe(rows);
  });
});
