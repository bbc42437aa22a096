/** The fault entries the loader adds for the fault path: group names, profiles, and warnings about cuts. */
import { describe, expect, it } from 'vitest';
import { describeScenario } from '../../src/cli/commands/validate.js';
import { HOUR, YEAR } from '../../src/kernel/time.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load, loadError } from '../scenario/helpers.js';

/** The test topology (test/scenario/helpers.ts): 20 worker nodes (ids 0..19), then cp-1..cp-3 (20..22) in eu-a, eu-b, eu-c. */
function faults(...items: string[]): Scenario {
  return load(`  duration: 1y\n  faults:\n${items.map((i) => `    ${i}`).join('\n')}`);
}
const WORKERS = Array.from({ length: 20 }, (_, i) => i);
const CONTROL_PLANE = [20, 21, 22];

describe('group names', () => {
  it('control-plane and workers name every control-plane host and every worker node in partitions', () => {
    const t = faults('- { at: 1h, for: 5m, partition: { groups: [[control-plane]], cut: kubelet-apiserver } }').faults.scheduled[0].target;
    expect(t).toEqual({ type: 'partition', cut: 'kubelet-apiserver', oneWay: false, groups: [
      { names: ['control-plane'], hosts: CONTROL_PLANE },
      { names: ['(everything else)'], hosts: WORKERS },
    ] });
    const two = faults('- { at: 1h, partition: { groups: [[workers], [control-plane]] } }').faults.scheduled[0].target;
    expect(two.type === 'partition' && two.groups.map((g) => g.hosts)).toEqual([WORKERS, CONTROL_PLANE]);
  });

  it('a group mixes with topology names, and must not overlap them', () => {
    // Racks hold only worker nodes here (control-plane hosts are spread over zones, in no rack).
    const t = faults('- { at: 1h, partition: { groups: [[control-plane], [eu-c/r1, eu-c/r2]] } }').faults.scheduled[0].target;
    expect(t.type === 'partition' && t.groups[1].hosts).toEqual([12, 13, 14, 15, 16, 17]);
    expect(loadError('  faults:\n    - { at: 1h, partition: { groups: [[control-plane], [eu-c]] } }'))
      .toMatch(/"eu-c" overlaps group 1 \(host cp-3\); groups must be disjoint/);
  });

  it('workers stands for every node where a fault takes nodes; control-plane does not', () => {
    expect(faults('- { at: 1h, for: 1m, kubelet-stop: workers }').faults.scheduled[0].target).toEqual({ type: 'nodes', name: 'workers', nodes: WORKERS });
    expect(loadError('  faults:\n    - { at: 1h, cordon: control-plane }')).toMatch(/control-plane hosts are not worker nodes/);
    expect(loadError('  faults:\n    - { at: 1h, partition: { groups: [[masters]] } }')).toMatch(/no region, zone, rack or host named "masters"; .*groups: control-plane, workers/);
  });

  it('warns that an apiserver-etcd cut separates nothing in the stacked topology', () => {
    const s = faults('- { at: 1h, for: 5m, partition: { groups: [[eu-a]], cut: apiserver-etcd } }');
    expect(s.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/cut apiserver-etcd separates nothing: each API server talks only to the etcd member on its own host/)]);
  });
});

describe('random profiles', () => {
  it('fleet-2009 expands to node, rack and zone entries with the published rates', () => {
    const r = faults('- random: { profile: fleet-2009 }').faults.random;
    expect(r.map((e) => [e.level, e.kind, e.start, e.index])).toEqual([
      ['node', 'node-crash', 'equilibrium', 0], ['rack', 'rack-power', 'equilibrium', 1], ['zone', 'zone-outage', 'equilibrium', 2],
    ]);
    // 1,000 machine failures per 1,800 machines a year: 1.8 y per node.
    expect(r[0].mtbf).toEqual({ dist: 'exponential', mean: 1.8 * YEAR });
    expect(r[0].mttr).toEqual({ dist: 'lognormal', median: 2 * HOUR, sigma: 1 });
    // 20 rack failures over 1,800 / 60 = 30 racks a year: 1.5 y per rack; 1–6 h to recover.
    expect(r[1].mtbf).toEqual({ dist: 'exponential', mean: 1.5 * YEAR });
    expect(r[1].mttr).toEqual({ dist: 'uniform', min: HOUR, max: 6 * HOUR });
    // 1 PDU failure a year over 1,800 / 750 = 2.4 PDUs, a PDU per zone: 2.4 y per zone; 6 h to recover.
    expect(r[2].mtbf).toEqual({ dist: 'exponential', mean: 2.4 * YEAR });
    expect(r[2].mttr).toEqual({ dist: 'fixed', value: 6 * HOUR });
    expect(r.every((e) => e.profile?.name === 'fleet-2009' && e.profile.scale === 1)).toBe(true);
  });

  it('scale multiplies the failure rates; levels keeps some; later entries keep counting', () => {
    const r = faults('- random: { profile: fleet-2009, scale: 4, levels: [rack] }', '- random: { level: node, mtbf: 100h, mttr: 1h }').faults.random;
    expect(r.map((e) => [e.level, e.index])).toEqual([['rack', 0], ['node', 1]]);
    expect(r[0].mtbf).toEqual({ dist: 'exponential', mean: (1.5 * YEAR) / 4 });
    expect(r[0].mttr).toEqual({ dist: 'uniform', min: HOUR, max: 6 * HOUR });
    expect(r[1].start).toBe('equilibrium');
    expect(r[1].profile).toBeUndefined();
  });

  it('validate prints the expanded entries, their basis and the failures to expect', () => {
    const text = describeScenario(faults('- random: { profile: fleet-2009, scale: 2 }', '- { at: 1h, for: 5m, partition: { groups: [[control-plane]], cut: kubelet-apiserver } }'));
    expect(text).toContain('random failures from profile fleet-2009 (Dean, LADIS 2009 / Google I/O 2008: per ~1,800-machine cluster-year, failure rates × 2):');
    expect(text).toMatch(/random node failures \(node-crash\): time to failure exponential\(mean=328d12h\), repair lognormal\(median=2h, sigma=1\), for each node/);
    // 20 nodes × 1 y / (0.9 y + 3.3 h) ≈ 22.2.
    expect(text).toMatch(/≈ 22 expected in 365d over 20 nodes/);
    // 2.4 y / 2 = 1.2 y = 438 d per zone, whatever its size.
    expect(text).toMatch(/random zone failures \(zone-outage\): time to failure exponential\(mean=438d\), repair 6h, for each zone/);
    expect(text).toMatch(/partition +\[control-plane\] \(3 hosts\) \| everything else \(20 hosts\), cut kubelet-apiserver/);
  });

  it('start: equilibrium by default, new on request, for an entry or a profile; anything else is an error', () => {
    const r = faults('- random: { level: node, mtbf: 100h, mttr: 1h }', '- random: { level: rack, mtbf: 100h, mttr: 1h, start: new }',
      '- random: { profile: fleet-2009, levels: [zone], start: new }', '- random: { level: zone, mtbf: 100h, mttr: 1h, start: equilibrium }').faults.random;
    expect(r.map((e) => [e.level, e.start])).toEqual([['node', 'equilibrium'], ['rack', 'new'], ['zone', 'new'], ['zone', 'equilibrium']]);
    const e = (item: string) => loadError(`  faults:\n    ${item}`);
    expect(e('- random: { level: node, mtbf: 100h, mttr: 1h, start: fresh }'))
      .toMatch(/random\.start: expected equilibrium \(each domain up or down with its long-run odds, part-way through, the default\) or new \(every domain freshly repaired at t = 0\), got "fresh"/);
    expect(e('- random: { profile: fleet-2009, start: 0 }')).toMatch(/random\.start: expected equilibrium .* or new .*, got 0/);
  });

  it('rejects unknown profiles, levels the profile lacks, and a profile mixed with mtbf', () => {
    const e = (item: string) => loadError(`  faults:\n    ${item}`);
    expect(e('- random: { profile: fleet-2010 }')).toMatch(/random\.profile: unknown profile "fleet-2010"; expected one of fleet-2009/);
    expect(e('- random: { profile: fleet-2009, levels: [region] }')).toMatch(/random\.levels\[0\]: profile fleet-2009 has no region level; its levels: node, rack, zone/);
    expect(e('- random: { profile: fleet-2009, scale: 0 }')).toMatch(/random\.scale: expected a positive number, got 0/);
    expect(e('- random: { profile: fleet-2009, mtbf: 1h }')).toMatch(/mtbf/);
  });
});
