// Scheduling as upstream for extended resources (noderesources/fit.go), host ports
// (plugins/nodeports/node_ports.go), scheduling gates (plugins/schedulinggates) and pods created
// with spec.nodeName, which the scheduler never sees (pkg/scheduler/eventhandlers.go assignedPod).
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { NodePorts, portsConflict } from '../../src/scheduler/plugins/NodePorts.js';
import { cacheWith, node, nodes, pod } from './build.js';
import { createPods, fixture, placement, world } from './helpers.js';

describe('NodePorts: HostPortInfo.CheckConflict', () => {
  const hp = (ip: string, port: number, protocol: 'TCP' | 'UDP' = 'TCP') => ({ ip, port, protocol });
  const cases: Array<[string, ReturnType<typeof hp>, ReturnType<typeof hp>, boolean]> = [
    ['same port, both 0.0.0.0', hp('0.0.0.0', 80), hp('0.0.0.0', 80), true],
    ['0.0.0.0 against a specific IP', hp('0.0.0.0', 80), hp('10.0.0.1', 80), true],
    ['two different IPs', hp('10.0.0.1', 80), hp('10.0.0.2', 80), false],
    ['TCP and UDP', hp('0.0.0.0', 53), hp('0.0.0.0', 53, 'UDP'), false],
    ['different ports', hp('0.0.0.0', 80), hp('0.0.0.0', 81), false],
  ];
  for (const [name, a, b, want] of cases) it(name, () => expect(portsConflict(a, b)).toBe(want));

  it('rejects a node where a pod already binds the port, with upstream’s reason', () => {
    const old = pod('old');
    old.template.hostPorts = [hp('0.0.0.0', 80)];
    const { cache } = cacheWith(nodes(node('n1'), node('n2')), [[old, 0]]);
    const next = pod('new');
    next.template.hostPorts = [hp('0.0.0.0', 80)];
    const plugin = new NodePorts();
    expect([...plugin.filter(new CycleState(), new PodInfo(next), cache.nodes[0]).reasons]).toEqual(["node(s) didn't have free ports for the requested pod ports"]);
    expect(plugin.filter(new CycleState(), new PodInfo(next), cache.nodes[1]).ok).toBe(true);
  });
});

describe('scheduling in a world: GPUs, host ports, gates, nodeName', () => {
  it('places what fits and says why the rest waits, seed 1', () => {
    const { ctx } = world(fixture('gpu-ports-gates.yaml'));
    const train = createPods(ctx, 'deployment/default/train', 3);
    const edge = createPods(ctx, 'deployment/default/edge', 4);
    const gated = createPods(ctx, 'deployment/default/gated', 2);
    const pinned = createPods(ctx, 'deployment/default/pinned', 1);
    ctx.sim.run(20 * SEC);
    // 8 GPUs on z-b-r1-n1 hold two pods of 4; the third fits nowhere.
    const trainAt = placement(ctx, train);
    expect(trainAt.filter((n) => n === 'z-b-r1-n1')).toHaveLength(2);
    expect(trainAt.filter((n) => n === '')).toHaveLength(1);
    // Host port 80: one pod per node, 3 nodes for 4 pods.
    const edgeAt = placement(ctx, edge);
    expect(new Set(edgeAt.filter((n) => n !== '')).size).toBe(3);
    expect(edgeAt.filter((n) => n === '')).toHaveLength(1);
    const failed = ctx.events.byReason('FailedScheduling');
    const why = (prefix: string) => failed.find((e) => e.object.startsWith(prefix))?.message ?? 'no FailedScheduling event';
    // z-a's two nodes advertise no GPU; z-b's node has 8 − 8 = 0 left.
    expect(why('pod/default/train-')).toMatch(/^0\/3 nodes are available: 3 Insufficient nvidia\.com\/gpu\. /);
    expect(why('pod/default/edge-')).toMatch(/^0\/3 nodes are available: 3 node\(s\) didn't have free ports for the requested pod ports\. /);
    // Gated pods and a pod pinned to a node that does not exist are never attempted: no event, never bound.
    expect(placement(ctx, [...gated, ...pinned])).toEqual(['', '', '']);
    expect(failed.filter((e) => /gated|pinned/.test(e.object))).toEqual([]);
  });
});
