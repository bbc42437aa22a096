/**
 * The console's facts read from a real run: when etcd quorum and leaders were lost, and the
 * objects a boot that never converged left short at t = 0 (the `BootIncomplete` warning).
 */
import { describe, expect, it } from 'vitest';
import { runFacts } from '../../src/cli/describe/run-facts.js';
import { runE2E, scenarioWith } from '../e2e/helpers.js';

describe('runFacts', () => {
  it.each([1, 2])('a quorum loss from 100 s to about 160 s is one interval of the etcd quorum (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const r = runE2E(scenarioWith('crash', {
      duration: '10m',
      faults: [{ at: '100s', 'etcd-member-crash': 'cp-1', for: '60s' }, { at: '100s', 'etcd-member-crash': 'cp-2', for: '60s' }],
    }), { seed });
    const facts = runFacts(r.result);
    expect(facts.bootIncomplete, msg).toBeNull();
    const quorum = facts.lost.find((l) => l.role === 'etcd quorum')!;
    expect(quorum.intervals.length, msg).toBe(1);
    expect(quorum.intervals[0].startS, msg).toBe(100);
    // Quorum returns when the restarted members are connected again: at 160 s, within a second.
    expect(quorum.intervals[0].endS! - 160, msg).toBeGreaterThanOrEqual(0);
    expect(quorum.intervals[0].endS! - 160, msg).toBeLessThan(1);
    // The same figure as summary.json's noQuorumS.
    expect(quorum.intervals[0].endS! - 100, msg).toBeCloseTo(r.summary.controlPlane.etcd.noQuorumS, 6);
    expect(facts.lost.map((l) => l.role), msg).toEqual(['etcd leader', 'etcd quorum', 'controller-manager leader', 'scheduler leader']);
  });

  it('names the objects short at t = 0 when no web pod fits any node (seed 1)', () => {
    const zones = [0, 1, 2].map((z): [Array<string | number>, unknown] => [['topology', 'regions', 0, 'zones', z, 'node', 'cpu'], '400m']);
    const r = runE2E(scenarioWith('crash', { duration: '1m', faults: [], set: zones }), { seed: 1 });
    const facts = runFacts(r.result);
    expect(facts.bootIncomplete, 'seed 1').not.toBeNull();
    expect(facts.bootIncomplete!.objects, 'seed 1').toEqual(['deployment/default/web', 'service/default/web']);
    expect(facts.bootIncomplete!.reason, 'seed 1').toMatch(/2 object.* below their desired count/);
  });
});
