// Node import: control plane from node-role labels, racks from a named label, pools of equal shape,
// state taints left out (src/import/nodes.ts).
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/import/dump.js';
import { importNodes } from '../../src/import/nodes.js';

function node(name: string, zone: string, extra: { labels?: Record<string, string>; cpu?: string; taints?: Array<{ key: string; effect: string; value?: string }> } = {}): KubeObject {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/region': 'dc1', 'topology.kubernetes.io/zone': zone, ...(extra.labels ?? {}) } },
    spec: extra.taints ? { taints: extra.taints } : {},
    status: { allocatable: { cpu: extra.cpu ?? '4', memory: '16Gi', pods: '110' }, nodeInfo: { kubeletVersion: 'v1.31.2' } },
  };
}

describe('importNodes', () => {
  const nodes = [
    node('cp1', 'a', { labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('cp2', 'b', { labels: { 'node-role.kubernetes.io/control-plane': '' } }),
    node('cp3', 'c', { labels: { 'node-role.kubernetes.io/master': '' } }),
    node('w1', 'a', { labels: { rack: 'r1' } }),
    node('w2', 'a', { labels: { rack: 'r2' }, taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
    node('w3', 'a', { labels: { rack: 'r2' }, cpu: '8' }),
    node('w4', 'b', { labels: { rack: 'r3' } }),
  ];
  const t = importNodes(nodes, { rackLabel: 'rack', controlPlaneCount: 3 });

  it('control-plane nodes become control-plane hosts in their zones, not workers', () => {
    expect(t.controlPlane).toEqual({ hosts: ['a', 'b', 'c'], count: 3 });
    // zone c has only a control-plane node: it exists, with no pool.
    expect(t.regions[0].zones.map((z) => [z.name, z.pools.reduce((n, p) => n + p.nodes, 0)])).toEqual([['a', 3], ['b', 1], ['c', 0]]);
  });

  it('racks from the label; pools of equal shape, the rack label and state taints not part of it', () => {
    const a = t.regions[0].zones[0];
    expect(a.racks).toBe(2);
    // w1 and w2 share a shape (the unreachable taint is state, the rack label is dropped); w3 has 8 cpu.
    expect(a.pools.map((p) => [p.nodes, p.node.cpu])).toEqual([[2, '4'], [1, '8']]);
    expect(a.pools[0].node.taints).toBeUndefined();
    expect(t.minor).toBe(31);
  });
});
