/** The terminal summary of `kubeblast run`: the boot line and how faults with and without an end read. */
import { describe, expect, it } from 'vitest';
import { describeRun } from '../../src/cli/describe/run-summary.js';
import type { SummaryJson } from '../../src/metrics/summary.js';

function summary(faults: SummaryJson['faults'], bootS = 26): SummaryJson {
  const leader = { leaderChanges: 0, noLeaderS: 0 };
  return {
    schemaVersion: 1, scenario: 's', seed: 3, kubernetesVersion: '1.33', durationS: 7200, objects: [],
    controlPlane: { etcd: { members: 3, leaderChanges: 0, noLeaderS: 0, noQuorumS: 0 }, apiserver: { unavailableS: 0 }, controllerManager: leader, scheduler: leader } as unknown as SummaryJson['controlPlane'],
    faults, sim: { events: 10, bootS, wallMs: 5 },
  };
}

describe('describeRun', () => {
  it('says how long the boot took and that t = 0 is its end', () => {
    expect(describeRun(summary([], 31.5)).join('\n')).toContain('boot: 31.5s from an empty cluster to t = 0');
  });

  it('reads long spans in days', () => {
    const s = summary([]);
    s.durationS = 365 * 86400;
    expect(describeRun(s)[0]).toContain('365.0d simulated');
  });

  it('gives a window to faults that ended, "→end" to those still on, nothing to instantaneous ones', () => {
    const lines = describeRun(summary([
      { kind: 'zone-outage', target: 'a', startS: 3600, endS: 5400, origin: 'faults[0]' },
      { kind: 'node-crash', target: 'n1', startS: 4000, endS: null, origin: 'faults[1]' },
      { kind: 'rollout', target: 'deployment/default/x', startS: 4200, endS: null, origin: 'faults[2]' },
    ]));
    const f = lines.find((l) => l.startsWith('faults (3)')) ?? '';
    expect(f).toContain('zone-outage a 60.0m→90.0m');
    expect(f).toContain('node-crash n1 66.7m→end');
    expect(f).toMatch(/rollout deployment\/default\/x 70\.0m(;|$)/);
  });
});
