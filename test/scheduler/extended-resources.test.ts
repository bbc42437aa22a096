// Extended resources (pkg/scheduler/framework/plugins/noderesources/fit.go fitsRequest over
// ScalarResources; validation pkg/apis/core/validation ValidateResourceRequirements).
import { describe, expect, it } from 'vitest';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { NodeResourcesFit } from '../../src/scheduler/plugins/NodeResourcesFit.js';
import { deployment, load, loadError, only } from '../manifests/helpers.js';
import { cacheWith, node, nodes, pod } from './build.js';

const state = new CycleState();

function gpuPod(name: string, gpus: number, cpu = 0) {
  const p = pod(name, { cpu });
  p.template.requests.extended = { 'nvidia.com/gpu': gpus };
  return p;
}

describe('NodeResourcesFit: extended resources', () => {
  // Two nodes: a GPU node advertising 8 nvidia.com/gpu with 6 already requested, and a CPU node advertising none.
  const ns = nodes(node('gpu'), node('cpu'));
  ns[0].spec.capacity.extended = { 'nvidia.com/gpu': 8 };
  const { cache } = cacheWith(ns, [[gpuPod('old', 6), 0]]);
  const fit = new NodeResourcesFit();
  const cases: Array<{ name: string; gpus: number; cpu: number; node: number; reasons: string[] }> = [
    // 2 ≤ 8 − 6: fits exactly
    { name: 'fits what is left', gpus: 2, cpu: 0, node: 0, reasons: [] },
    // 3 > 8 − 6 = 2
    { name: 'one too many', gpus: 3, cpu: 0, node: 0, reasons: ['Insufficient nvidia.com/gpu'] },
    // a node that does not advertise the resource has 0 of it
    { name: 'node without it', gpus: 1, cpu: 0, node: 1, reasons: ['Insufficient nvidia.com/gpu'] },
    // cpu first, then the extended resource: 5000 > 4000 and 1 > 0
    { name: 'cpu and gpu short', gpus: 1, cpu: 5000, node: 1, reasons: ['Insufficient cpu', 'Insufficient nvidia.com/gpu'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = fit.filter(state, new PodInfo(gpuPod('new', c.gpus, c.cpu)), cache.nodes[c.node]);
      expect([...s.reasons]).toEqual(c.reasons);
    });
  }

  it('a pod leaving the node gives its units back', () => {
    // A node advertising 2: place a pod of 2, then remove it.
    const placed = gpuPod('placed', 2);
    const n = node('g3');
    n.spec.capacity.extended = { 'nvidia.com/gpu': 2 };
    const { cache: c3 } = cacheWith(nodes(n), []);
    const info = new PodInfo(placed);
    c3.add(info, 0, false);
    expect([...fit.filter(state, new PodInfo(gpuPod('next', 1)), c3.nodes[0]).reasons]).toEqual(['Insufficient nvidia.com/gpu']);
    c3.remove(info);
    expect([...fit.filter(state, new PodInfo(gpuPod('next', 1)), c3.nodes[0]).reasons]).toEqual([]);
  });
});

describe('extended resources in manifests', () => {
  it('a limit alone requests the same; containers add up; native names are not extended', () => {
    const spec = 'containers:\n  - name: a\n    image: i\n    resources: { limits: { nvidia.com/gpu: 2, ephemeral-storage: 1Gi } }\n  - name: b\n    image: i\n    resources: { requests: { nvidia.com/gpu: 1 }, limits: { nvidia.com/gpu: 1 } }';
    // 2 (a, from its limit) + 1 (b) = 3; ephemeral-storage has no '/': native, not counted
    expect(only(load(deployment(spec))).template.requests.extended).toEqual({ 'nvidia.com/gpu': 3 });
  });

  it('fractions and a request unequal to the limit are refused as the API server does', () => {
    const frac = 'containers:\n  - name: a\n    image: i\n    resources: { limits: { nvidia.com/gpu: 500m } }';
    expect(loadError(deployment(frac)).message).toMatch(/must be an integer \(extended resource nvidia\.com\/gpu\)/);
    const uneq = 'containers:\n  - name: a\n    image: i\n    resources: { requests: { nvidia.com/gpu: 1 }, limits: { nvidia.com/gpu: 2 } }';
    expect(loadError(deployment(uneq)).message).toMatch(/must be equal to the nvidia\.com\/gpu limit of 2/);
  });
});

describe('validate: a pod asking for more of an extended resource than any node has', () => {
  it('is reported as unplaceable, naming the resource', async () => {
    const { checkCapacity } = await import('../../src/scenario/capacity.js');
    const { fixture } = await import('./helpers.js');
    const s = fixture('gpu-ports-gates.yaml');
    // train asks 4 of the GPU node's 8: placeable
    expect(checkCapacity(s).unplaceable.find((u) => u.workload === 'deployment/default/train')).toBeUndefined();
    const train = s.manifests.workloads.find((w) => w.key === 'deployment/default/train')!;
    train.template = { ...train.template, requests: { ...train.template.requests, extended: { 'nvidia.com/gpu': 16 } } };
    expect(checkCapacity(s).unplaceable.find((u) => u.workload === 'deployment/default/train')?.reason).toBe('no node it may run on has 16 nvidia.com/gpu');
  });
});
