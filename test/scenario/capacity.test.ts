import { describe, expect, it } from 'vitest';
import { checkCapacity } from '../../src/scenario/capacity.js';
import { load } from './helpers.js';

describe('checkCapacity', () => {
  it('sums requests, counting DaemonSet pods once per node', () => {
    const c = checkCapacity(load());
    // web 3 × 500m + api 2 × 1 + db 3 × 2 + agent 20 nodes × 100m = 11.5 cpu
    expect(c.requested.cpuMilli).toBe(11_500);
    // 3 × 256Mi + 2 × 1Gi + 3 × 4Gi + 20 × 128Mi = 768Mi + 2Gi + 12Gi + 2560Mi = 17Gi + 256Mi
    expect(c.requested.memoryBytes).toBe(17 * 2 ** 30 + 256 * 2 ** 20);
    expect(c.requested.pods).toBe(3 + 2 + 3 + 20);
    expect(c.daemonSetPods).toBe(20);
    expect(c.allocatable).toEqual({ cpuMilli: 20 * 8000, memoryBytes: 20 * 32 * 2 ** 30, pods: 20 * 110 });
    expect(c.unplaceable).toEqual([]);
    expect(c.overcommitted).toEqual([]);
    // The largest zone (first of the equal eu zones) has 6 nodes.
    expect(c.withoutLargestZone).toEqual({ zone: 'eu-a', allocatable: { cpuMilli: 14 * 8000, memoryBytes: 14 * 32 * 2 ** 30, pods: 14 * 110 } });
  });

  it('finds pods that fit on no node and totals over allocatable', () => {
    const s = load();
    s.manifests.workloads[1].template.requests.cpuMilli = 16_000;
    s.manifests.workloads[1].replicas = 20;
    const c = checkCapacity(s);
    expect(c.unplaceable).toEqual([{ workload: 'deployment/default/api', reason: 'its requests exceed the allocatable of every node it may run on' }]);
    // 20 × 16 cpu = 320 cpu > 160 cpu
    expect(c.overcommitted).toEqual(['cpuMilli']);
  });
});
