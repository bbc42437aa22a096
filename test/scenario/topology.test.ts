import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { buildTopology, type TopologyInput, type ZoneInput } from '../../src/topology/build.js';
import { distance } from '../../src/topology/types.js';

const node = { capacity: { cpuMilli: 4000, memoryBytes: 16 * 2 ** 30, pods: 110 } };
const zone = (name: string, racks = 2, nodesPerRack = 3, extra: Partial<ZoneInput> = {}): ZoneInput => ({ name, racks, nodesPerRack, node, ...extra });
const twoRegions: TopologyInput = {
  regions: [
    { name: 'eu', zones: [zone('eu-a'), zone('eu-b')] },
    { name: 'us', zones: [zone('us-a', 1, 2)] },
  ],
};
const spread = { hosts: 'spread-zones' as const, defaultCount: 3 };

describe('buildTopology', () => {
  it('names racks ZONE/rK and nodes ZONE-rK-nM, worker ids first in region, zone, rack, node order', () => {
    const t = buildTopology(twoRegions, spread);
    // 2 zones × 2 racks × 3 nodes + 1 × 1 × 2 = 14 nodes
    expect(t.nodes.map((n) => n.name).slice(0, 7)).toEqual([
      'eu-a-r1-n1', 'eu-a-r1-n2', 'eu-a-r1-n3', 'eu-a-r2-n1', 'eu-a-r2-n2', 'eu-a-r2-n3', 'eu-b-r1-n1',
    ]);
    expect(t.nodes).toHaveLength(14);
    expect(t.nodes.at(-1)!.name).toBe('us-a-r1-n2');
    expect(t.nodes.map((n) => n.id)).toEqual([...Array(14).keys()]);
    expect(t.racks.map((r) => r.name)).toEqual(['eu-a/r1', 'eu-a/r2', 'eu-b/r1', 'eu-b/r2', 'us-a/r1']);
    expect(t.hostByName.get('eu-b-r2-n3')).toBe(11);
    expect(t.rackByName.get('eu-b/r2')).toBe(3);
    expect(t.zones[1].nodes).toEqual([6, 7, 8, 9, 10, 11]);
    expect(t.regions[0].zones).toEqual([0, 1]);
  });

  it('labels nodes with topology, rack, hostname, os and arch, plus user labels and taints', () => {
    const t = buildTopology({ regions: [{ name: 'eu', zones: [zone('eu-a', 1, 1, {
      node: { ...node, labels: { pool: 'gpu', 'kubernetes.io/arch': 'arm64' }, taints: [{ key: 'gpu', effect: 'NoSchedule' }] },
    })] }] }, spread);
    expect(t.nodes[0].labels).toEqual({
      'topology.kubernetes.io/region': 'eu',
      'topology.kubernetes.io/zone': 'eu-a',
      'kubeblast.io/rack': 'eu-a-r1',
      'kubernetes.io/hostname': 'eu-a-r1-n1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'arm64',
      pool: 'gpu',
    });
    expect(t.nodes[0].taints).toEqual([{ key: 'gpu', effect: 'NoSchedule' }]);
  });

  it('places control-plane hosts round-robin over zones after the workers, outside racks', () => {
    const t = buildTopology(twoRegions, { hosts: 'spread-zones', count: 5, defaultCount: 3 });
    // 5 hosts over 3 zones: eu-a, eu-b, us-a, eu-a, eu-b
    expect(t.controlPlane.map((h) => [h.name, h.id, t.zones[h.zone].name, h.rack])).toEqual([
      ['cp-1', 14, 'eu-a', -1], ['cp-2', 15, 'eu-b', -1], ['cp-3', 16, 'us-a', -1], ['cp-4', 17, 'eu-a', -1], ['cp-5', 18, 'eu-b', -1],
    ]);
    expect(t.zones[0].controlPlane).toEqual([14, 17]);
    expect(t.hosts).toHaveLength(19);
    expect(t.controlPlane[2].region).toBe(1);
  });

  it('places one host per named zone or rack; a rack placement puts the host in that rack', () => {
    const t = buildTopology(twoRegions, { hosts: ['eu-a/r2', 'eu-b', 'us-a/r1'], defaultCount: 3 });
    expect(t.controlPlane.map((h) => [h.name, t.zones[h.zone].name, h.rack])).toEqual([['cp-1', 'eu-a', 1], ['cp-2', 'eu-b', -1], ['cp-3', 'us-a', 4]]);
    expect(t.racks[1].hosts).toContain(14);
    expect(distance(t, 14, t.hostByName.get('eu-a-r2-n1')!)).toBe('rack');
    expect(distance(t, 15, t.hostByName.get('eu-b-r1-n1')!)).toBe('zone');
    expect(distance(t, 14, 15)).toBe('crossZone');
    expect(distance(t, 14, 16)).toBe('crossRegion');
  });

  it('defaults to three control-plane hosts', () => {
    expect(buildTopology(twoRegions, spread).controlPlane).toHaveLength(3);
  });

  const bad: Array<[string, TopologyInput, Parameters<typeof buildTopology>[1], RegExp]> = [
    ['duplicate zone names', { regions: [{ name: 'eu', zones: [zone('a'), zone('a')] }] }, spread, /duplicate name "a"/],
    ['a zone named like its region', { regions: [{ name: 'eu', zones: [zone('eu')] }] }, spread, /duplicate name "eu"/],
    ['no worker nodes', { regions: [{ name: 'eu', zones: [zone('a', 0, 3)] }] }, spread, /no worker nodes/],
    ['an unknown control-plane zone', twoRegions, { hosts: ['eu-a', 'nowhere', 'us-a'], defaultCount: 3 }, /no zone or rack named "nowhere"; zones: eu-a, eu-b, us-a/],
    ['count and list disagree', twoRegions, { hosts: ['eu-a'], count: 3, defaultCount: 3 }, /lists 1 placements but count is 3/],
    ['eight control-plane hosts', twoRegions, { hosts: 'spread-zones', count: 8, defaultCount: 3 }, /expected 1 to 7/],
    ['an upper-case zone name', { regions: [{ name: 'eu', zones: [zone('EU-A')] }] }, spread, /DNS label/],
    ['a zone named cp-1', { regions: [{ name: 'eu', zones: [zone('cp-1')] }] }, spread, /reserved/],
    ['a reserved label', { regions: [{ name: 'eu', zones: [zone('a', 1, 1, { node: { ...node, labels: { 'kubernetes.io/hostname': 'x' } } })] }] }, spread, /set by kubeblast/],
    ['a zone with nodes and no node shape', { regions: [{ name: 'eu', zones: [{ name: 'a', racks: 1, nodesPerRack: 1 }] }] }, spread, /expected "node"/],
  ];
  it.each(bad)('rejects %s', (_name, input, cp, message) => {
    expect(() => buildTopology(input, cp)).toThrow(InputError);
    expect(() => buildTopology(input, cp)).toThrow(message);
  });

  it('positions errors through the locate callback, with the path below spec', () => {
    const seen: unknown[] = [];
    try {
      buildTopology({ regions: [{ name: 'eu', zones: [zone('a'), zone('a')] }] }, spread, (p) => {
        seen.push(p);
        return { file: 's.yaml', line: 9, col: 11 };
      });
    } catch (err) {
      expect((err as InputError).format()).toBe('s.yaml:9:11: spec.topology.regions[0].zones[1].name: duplicate name "a": already used by zone a; names must be unique');
    }
    expect(seen).toEqual([['topology', 'regions', 0, 'zones', 1, 'name']]);
  });
});
