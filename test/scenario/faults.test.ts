import { describe, expect, it } from 'vitest';
import { HOUR, MIN, SEC } from '../../src/kernel/time.js';
import { occurrenceCount, occurrences } from '../../src/scenario/faults.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load, loadError } from './helpers.js';

/** Loads a scenario whose `faults` are the given YAML list items (each starting `- `). */
function faults(...items: string[]): Scenario['faults'] {
  return load(`  duration: 6h\n  faults:\n${items.map((i) => `    ${i}`).join('\n')}`).faults;
}
const one = (item: string) => faults(item).scheduled[0];

describe('scheduled faults', () => {
  it('reads timing: at and for, every with at defaulting to every, count', () => {
    expect(one('- { at: 1h, zone-outage: eu-b, for: 30m }')).toMatchObject({ kind: 'zone-outage', atUs: HOUR, forUs: 30 * MIN, everyUs: null, count: null });
    expect(one('- { every: 10m, count: 20, etcd-member-crash: etcd-leader, for: 30s }')).toMatchObject({ atUs: 10 * MIN, everyUs: 10 * MIN, count: 20, forUs: 30 * SEC });
    expect(one('- { at: 1h, node-crash: eu-a-r1-n1 }').forUs).toBeNull();
  });

  it('expands repeated faults within the run', () => {
    const f = one('- { at: 5m, every: 10m, count: 3, node-reboot: eu-a-r1-n1, for: 1m }');
    expect(occurrences(f, 6 * HOUR)).toEqual([5 * MIN, 15 * MIN, 25 * MIN]);
    const g = one('- { every: 1h, node-reboot: eu-a-r1-n1 }');
    // 1h, 2h, 3h, 4h, 5h start before the 6h end.
    expect(occurrenceCount(g, 6 * HOUR)).toBe(5);
    expect(occurrences(g, 6 * HOUR, 2)).toEqual([HOUR, 2 * HOUR]);
  });

  it('resolves node, rack, zone and region names to worker nodes', () => {
    expect(one('- { at: 1h, node-crash: eu-a-r2-n3 }').target).toEqual({ type: 'nodes', name: 'eu-a-r2-n3', nodes: [5] });
    expect(one('- { at: 1h, kubelet-stop: eu-b/r1 }').target).toEqual({ type: 'nodes', name: 'eu-b/r1', nodes: [6, 7, 8] });
    expect(one('- { at: 1h, cordon: us-a }').target).toEqual({ type: 'nodes', name: 'us-a', nodes: [18, 19] });
    expect(one('- { at: 1h, node-reboot: us }').target).toEqual({ type: 'nodes', name: 'us', nodes: [18, 19] });
  });

  it('resolves domains with their control-plane hosts', () => {
    // eu-b: nodes 6..11 and cp-2 (host 21).
    expect(one('- { at: 1h, zone-outage: eu-b, for: 30m }').target).toEqual({ type: 'domain', level: 'zone', name: 'eu-b', index: 1, hosts: [6, 7, 8, 9, 10, 11, 21] });
    expect(one('- { at: 1h, rack-power: eu-c/r2 }').target).toEqual({ type: 'domain', level: 'rack', name: 'eu-c/r2', index: 5, hosts: [15, 16, 17] });
    const region = one('- { at: 1h, region-outage: eu }').target;
    expect(region.type === 'domain' && region.hosts.length).toBe(18 + 3);
  });

  it('resolves control-plane hosts and moving targets', () => {
    expect(one('- { at: 1h, control-plane-crash: cp-2 }').target).toEqual({ type: 'control-plane', name: 'cp-2', host: 21 });
    expect(one('- { at: 1h, etcd-member-crash: etcd-leader }').target).toEqual({ type: 'moving', role: 'etcd-leader' });
    expect(one('- { at: 1h, control-plane-crash: scheduler-leader }').target).toEqual({ type: 'moving', role: 'scheduler-leader' });
  });

  it('reads partitions; one group is cut from everything else', () => {
    const two = one('- { at: 1h, partition: { groups: [[eu-a], [eu-b, cp-3]], cut: etcd-etcd, oneWay: true } }').target;
    expect(two).toEqual({ type: 'partition', cut: 'etcd-etcd', oneWay: true, groups: [
      { names: ['eu-a'], hosts: [0, 1, 2, 3, 4, 5, 20] },
      { names: ['eu-b', 'cp-3'], hosts: [6, 7, 8, 9, 10, 11, 21, 22] },
    ] });
    const single = one('- { at: 1h, for: 5m, partition: { groups: [[us]] } }').target;
    expect(single.type === 'partition' && single.cut).toBe('all');
    expect(single.type === 'partition' && single.groups[1].names).toEqual(['(everything else)']);
    expect(single.type === 'partition' && single.groups[1].hosts).toHaveLength(23 - 2);
  });

  it('resolves workloads for rollout and scale, in long and short forms', () => {
    expect(one('- { at: 1h, rollout: deployment/default/web }').target).toEqual({ type: 'workload', key: 'deployment/default/web' });
    expect(one('- { at: 1h, rollout: deployment/web }').target).toEqual({ type: 'workload', key: 'deployment/default/web' });
    expect(one('- { at: 1h, rollout: db }').target).toEqual({ type: 'workload', key: 'statefulset/data/db' });
    const r = one('- { at: 1h, rollout: { workload: statefulset/data/db, image: "db:2" } }');
    expect(r.params).toEqual({ image: 'db:2' });
    const s = one('- { at: 1h, scale: { workload: api, replicas: 5 } }');
    expect(s).toMatchObject({ target: { type: 'workload', key: 'deployment/default/api' }, params: { replicas: 5 }, forUs: null });
    const d = one('- { at: 1h, drain: { target: eu-a/r1, parallel: true, timeout: 5m } }');
    expect(d).toMatchObject({ target: { type: 'nodes', nodes: [0, 1, 2] }, params: { parallel: true, timeoutUs: 5 * MIN } });
    expect(one('- { at: 1h, drain: eu-a-r1-n1 }').params).toEqual({ parallel: false });
  });

  it('warns about a fault that starts after the run', () => {
    const s = load('  duration: 1h\n  faults:\n    - { at: 2h, node-crash: eu-a-r1-n1 }');
    expect(s.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/starts at 2h, after the run ends \(1h\)/)]);
  });

  it('rejects what cannot be simulated, naming what exists', () => {
    const e = (item: string) => loadError(`  faults:\n    ${item}`);
    expect(e('- { at: 1h, zone-outage: eu-d }')).toBe('spec.faults[0].zone-outage: no zone named "eu-d"; zones: eu-a, eu-b, eu-c, us-a; did you mean "eu-a"?');
    expect(e('- { at: 1h, rack-power: eu-a }')).toMatch(/no rack named "eu-a"; racks are ZONE\/rK, e.g. eu-a\/r1/);
    expect(e('- { at: 1h, node-crash: cp-1 }')).toMatch(/a control-plane host: use control-plane-crash/);
    expect(e('- { at: 1h, rollout: daemonset/kube-system/agent }')).toMatch(/kind one of deployment, statefulset/);
    expect(e('- { at: 1h, scale: { workload: deployment/nope, replicas: 2 } }')).toMatch(/no deployment "default\/nope"; workloads: deployment\/default\/web/);
    expect(e('- { at: 1h, rollout: web, for: 1m }')).toMatch(/a rollout is instantaneous and takes no "for"/);
    expect(e('- { every: 1m, for: 2m, node-crash: eu-a-r1-n1 }')).toMatch(/expected for \(2m\) shorter than every \(1m\)/);
    expect(e('- { at: 1h, partition: { groups: [[eu-a, eu-b, eu-c, us-a]] } }')).toMatch(/holds every host/);
    expect(e('- { at: 1h, partition: { groups: [[eu-a]], cut: some } }')).toMatch(/partition.cut/);
    expect(e('- { random: { level: node, mtbf: 100h, mttr: 1h }, at: 1h }')).toMatch(/a random entry takes no "at"/);
    expect(e('- { random: { level: host, mtbf: 100h, mttr: 1h } }')).toMatch(/random.level/);
    expect(e('- { for: 1h }')).toMatch(/expected a fault kind/);
  });
});

describe('random faults', () => {
  it('reads a plain mtbf/mttr as an exponential mean and picks the fault kind by level', () => {
    const f = faults('- random: { level: node, mtbf: 4000h, mttr: { dist: lognormal, median: 2h, sigma: 1 } }',
      '- random: { level: zone, mtbf: 1y, mttr: 30m }', '- random: { level: control-plane, mtbf: 1000h, mttr: { dist: fixed, value: 5m } }');
    expect(f.random.map((r) => [r.level, r.kind, r.index])).toEqual([['node', 'node-crash', 0], ['zone', 'zone-outage', 1], ['control-plane', 'control-plane-crash', 2]]);
    expect(f.random[0].mtbf).toEqual({ dist: 'exponential', mean: 4000 * HOUR });
    expect(f.random[0].mttr).toEqual({ dist: 'lognormal', median: 2 * HOUR, sigma: 1 });
    expect(f.random[1].mttr).toEqual({ dist: 'exponential', mean: 30 * MIN });
    expect(f.random[2].mttr).toEqual({ dist: 'fixed', value: 5 * MIN });
    expect(f.scheduled).toEqual([]);
  });
});
