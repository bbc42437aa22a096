// `kubeblast import`: dumps in the exact shape kubectl prints (test/fixtures/import/generate.py)
// → scenario and manifests that validate and converge to the dump's ready counts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDumps } from '../../src/import/dump.js';
import { importCluster } from '../../src/import/index.js';
import { dumpReadyCounts } from '../../src/import/workloads.js';
import { SEC } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/world/world.js';

const dumps = ['nodes.yaml', 'workloads.yaml'].map((f) => fileURLToPath(new URL(`../fixtures/import/${f}`, import.meta.url)));
const result = importCluster(dumps, { name: 'eks-shop', controlPlaneCount: 3 });
const dir = mkdtempSync(join(tmpdir(), 'kb-import-'));
for (const [name, text] of result.files) writeFileSync(join(dir, name), text);
const scenario = loadScenario(join(dir, 'scenario.yaml'));

describe('import: topology from the nodes', () => {
  it('3 zones with their unequal pools, the GPU pool with its extended resource and taint, a managed control plane', () => {
    const zones = scenario.topology.zones.map((z) => [z.name, z.nodes.map((id) => scenario.topology.nodes[id].capacity.cpuMilli)]);
    // a: 3 × m5.2xlarge (7910m); b: 2 × m5.2xlarge + 1 m5.4xlarge (15890m); c: 2 × m5.2xlarge + 1 p3.8xlarge (31850m)
    expect(zones).toEqual([['eu-west-1a', [7910, 7910, 7910]], ['eu-west-1b', [7910, 7910, 15890]], ['eu-west-1c', [7910, 7910, 31850]]]);
    const gpu = scenario.topology.nodes.find((n) => n.capacity.extended)!;
    expect(gpu.capacity.extended).toEqual({ 'nvidia.com/gpu': 4 });
    expect(gpu.taints).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }]);
    expect(gpu.labels.pool).toBe('gpu');
    expect(scenario.topology.controlPlane).toHaveLength(3);
    expect(scenario.kubernetesVersion).toBe('1.30');
  });
});

describe('import: workloads from their top-level owners, stripped', () => {
  it('keeps owners, drops what controllers made, says so', () => {
    expect(scenario.manifests.workloads.map((w) => w.key).sort()).toEqual([
      'cronjob/shop/report', 'daemonset/monitoring/node-exporter', 'deployment/ml/trainer', 'deployment/shop/api', 'deployment/shop/web', 'statefulset/shop/redis',
    ]);
    expect(result.summary).toContain('  Pod shop/web-7d9c6b8f5d-x2k8q: owned by ReplicaSet web-7d9c6b8f5d');
    expect(result.summary).toContain('  PersistentVolumeClaim shop/data-redis-0: created by StatefulSet redis from its volumeClaimTemplates');
    expect(result.summary).toContain('  PriorityClass system-cluster-critical: built into the API server');
    const text = result.files.get('manifests.yaml')!;
    for (const gone of ['managedFields', 'resourceVersion', 'uid:', 'status:', 'ownerReferences', 'last-applied-configuration', 'creationTimestamp', '172.20.']) {
      expect(text.includes(gone), gone).toBe(false);
    }
    // The headless Service stays headless; the PriorityClass the api pods use is kept.
    expect(scenario.manifests.services.find((s) => s.name === 'redis')!.headless).toBe(true);
    expect(scenario.manifests.workloads.find((w) => w.name === 'api')!.template.priority).toBe(1000000);
  });
});

describe('import round trip: the run converges to the dump’s ready counts (seed 42)', () => {
  const run = runScenario(scenario, { seed: 42, untilUs: 60 * SEC });
  it('every workload is as ready at t = 0 as the dump says', () => {
    const want = dumpReadyCounts(readDumps(dumps));
    expect(want.size).toBe(5);
    for (const [key, ready] of want) {
      const s = run.availability.all().find((x) => x.key === key);
      expect(s, `${key} (seed 42)`).toBeDefined();
      // Row 0 is t = 0 after the boot: [desired, ready, reported, endpoints, serving].
      expect(s!.values[1], `${key} ready at t = 0 (seed 42)`).toBe(ready);
    }
  });
});
