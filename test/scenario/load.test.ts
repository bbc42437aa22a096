import { describe, expect, it } from 'vitest';
import { MS, SEC, HOUR } from '../../src/kernel/time.js';
import { InputError } from '../../src/errors.js';
import { load, loadError } from './helpers.js';

/** Like `loadError`, with the `file:line:col: ` position the CLI prints. */
function loadErrorAt(extra: string): string {
  try {
    load(extra);
  } catch (err) {
    if (err instanceof InputError) return err.format().split('\n')[0];
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('loadScenario: defaults by kubernetesVersion', () => {
  it('defaults to 1.33 with the 50 s node-monitor grace period', () => {
    const s = load();
    expect(s.kubernetesVersion).toBe('1.33');
    expect(s.kubernetesMinor).toBe(33);
    expect(s.nodeLifecycle.gracePeriodUs).toBe(50 * SEC);
    expect(s.durationUs).toBe(HOUR);
    expect(s.seed).toBe(1);
    expect(s.name).toBe('t');
  });

  it('uses 40 s before 1.32 and 50 s from 1.32', () => {
    expect(load('  kubernetesVersion: "1.31"').nodeLifecycle.gracePeriodUs).toBe(40 * SEC);
    expect(load('  kubernetesVersion: "1.25"').nodeLifecycle.gracePeriodUs).toBe(40 * SEC);
    expect(load('  kubernetesVersion: "1.32"').nodeLifecycle.gracePeriodUs).toBe(50 * SEC);
    expect(load('  kubernetesVersion: "1.35.1"').kubernetesMinor).toBe(35);
  });

  it('lets the scenario override a default', () => {
    const s = load('  kubernetesVersion: "1.30"\n  nodeLifecycle: { gracePeriod: 45s, evictionRate: 0.5 }');
    expect(s.nodeLifecycle.gracePeriodUs).toBe(45 * SEC);
    expect(s.nodeLifecycle.evictionRate).toBe(0.5);
    expect(s.nodeLifecycle.secondaryEvictionRate).toBe(0.01);
  });

  it('reads the controller-manager and scheduler API client rates', () => {
    const s = load();
    expect(s.controllerManager).toEqual({ kubeAPIQPS: 20, kubeAPIBurst: 30 });
    expect(s.scheduler).toMatchObject({ kubeAPIQPS: 50, kubeAPIBurst: 100 });
    const t = load('  controllerManager: { kubeAPIQPS: 7.5, kubeAPIBurst: 12 }\n  scheduler: { kubeAPIQPS: 200, kubeAPIBurst: 400 }');
    expect(t.controllerManager).toEqual({ kubeAPIQPS: 7.5, kubeAPIBurst: 12 });
    expect(t.scheduler).toMatchObject({ kubeAPIQPS: 200, kubeAPIBurst: 400, podInitialBackoffUs: SEC });
  });

  it('rejects bad API client rates at the field, and the removed dead settings', () => {
    // The scenario text puts `spec:` extras from line 17 on; the value's column is where the error points.
    expect(loadErrorAt('  controllerManager: { kubeAPIQPS: 0 }')).toMatch(/\.yaml:17:36: spec\.controllerManager\.kubeAPIQPS: expected a positive number of requests per second, got 0$/);
    expect(loadErrorAt('  scheduler:\n    kubeAPIBurst: 2.5')).toMatch(/\.yaml:18:19: spec\.scheduler\.kubeAPIBurst: expected a positive integer, got 2.5$/);
    expect(loadError('  controllerManager: { qps: 20 }')).toMatch(/qps/);
    expect(loadError('  kubelet: { crashLoopBackoff: { initial: 10s } }')).toMatch(/crashLoopBackoff/);
    expect(loadError('  nodeLifecycle: { startupGracePeriod: 60s }')).toMatch(/startupGracePeriod/);
  });

  it('derives etcd and kubelet values', () => {
    const s = load();
    // 3 control-plane hosts → 3 members; max = 2 × 1 s; request timeout = 5 s + 2 × 1 s.
    expect(s.etcd).toMatchObject({ members: 3, heartbeatIntervalUs: 100 * MS, electionTimeoutUs: SEC, electionTimeoutMaxUs: 2 * SEC, requestTimeoutUs: 7 * SEC, preVote: true, checkQuorum: true });
    // renew interval = 0.25 × 40 s.
    expect(s.kubelet.leaseRenewIntervalUs).toBe(10 * SEC);
    const t = load('  controlPlane:\n    count: 5\n    etcd: { electionTimeout: 2s, electionTimeoutMax: 3s, preVote: false }\n  kubelet: { nodeLeaseDuration: 60s }');
    expect(t.etcd).toMatchObject({ members: 5, electionTimeoutUs: 2 * SEC, electionTimeoutMaxUs: 3 * SEC, requestTimeoutUs: 9 * SEC, preVote: false });
    expect(t.kubelet.leaseRenewIntervalUs).toBe(15 * SEC);
  });

  it('reads distributions in every form', () => {
    const s = load('  kubelet: { imagePull: 5s, containerStart: { dist: normal, mean: 1s, stddev: 200ms } }',
      '    latency: { crossZone: { dist: uniform, min: 1ms, max: 3ms }, rack: 0 }');
    expect(s.kubelet.imagePull).toEqual({ dist: 'fixed', value: 5 * SEC });
    expect(s.kubelet.containerStart).toEqual({ dist: 'normal', mean: SEC, stddev: 200 * MS });
    expect(s.kubelet.bootTime).toEqual({ dist: 'lognormal', median: 45 * SEC, sigma: 0.3 });
    expect(s.latency.crossZone).toEqual({ dist: 'uniform', min: MS, max: 3 * MS });
    expect(s.latency.rack).toEqual({ dist: 'fixed', value: 0 });
    expect(s.latency.zone).toEqual({ dist: 'fixed', value: 500 });
  });

  it('rejects bad settings with what was expected', () => {
    expect(loadError('  kubernetesVersion: 1.30')).toMatch(/got the number 1.3/);
    expect(loadError('  kubernetesVersion: "1.36"')).toMatch(/unsupported Kubernetes version "1.36"; expected 1.25 to 1.35/);
    expect(loadError('  controlPlane: { etcd: { electionTimeout: 60s } }')).toMatch(/expected electionTimeout ≤ 50s/);
    expect(loadError('  controlPlane: { etcd: { heartbeatInterval: 300ms } }')).toMatch(/heartbeatInterval: expected electionTimeout \(1s\) ≥ 5 × heartbeatInterval/);
    expect(loadError('  controlPlane: { leaderElection: { retryPeriod: 9s } }')).toMatch(/retryPeriod: expected renewDeadline \(10s\) > 1.2 × retryPeriod \(10.8s\)/);
    expect(loadError('  controlPlane: { leaderElection: { renewDeadline: 20s } }')).toMatch(/renewDeadline: expected leaseDuration \(15s\) > renewDeadline \(20s\)/);
    expect(loadError('  controlPlane: { count: 9 }')).toMatch(/expected 1 to 7 control-plane hosts/);
    expect(loadError('  seed: -1')).toMatch(/spec.seed: expected a non-negative integer/);
    expect(loadError('  duration: 0s')).toMatch(/expected a positive duration/);
  });
});

describe('loadScenario: topology', () => {
  it('builds 20 workers then 3 control-plane hosts spread over zones', () => {
    const s = load();
    expect(s.topology.nodes).toHaveLength(20);
    expect(s.topology.controlPlane.map((h) => [h.name, h.id, s.topology.zones[h.zone].name])).toEqual([['cp-1', 20, 'eu-a'], ['cp-2', 21, 'eu-b'], ['cp-3', 22, 'eu-c']]);
    expect(s.topology.nodes[0].capacity).toEqual({ cpuMilli: 8000, memoryBytes: 32 * 2 ** 30, pods: 110 });
  });

  it('warns about an even control-plane count', () => {
    expect(load('  controlPlane: { count: 4 }').warnings.map((w) => w.message)).toEqual([expect.stringMatching(/4 etcd members tolerate no more failures than 3/)]);
  });
});

describe('loadScenario: empty sections', () => {
  it('reads a section left empty (every entry commented out) as absent', () => {
    const s = load('  faults:\n  slo:\n  kubelet:\n  controlPlane:\n    etcd:');
    expect(s.faults).toEqual({ scheduled: [], random: [] });
    expect(s.slo).toEqual([]);
    expect(s.etcd.members).toBe(3);
  });
});
