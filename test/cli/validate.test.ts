/** `kubeblast validate` on the bundled quick start, through the real CLI. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runAll, type CliRun } from './run.js';

describe('kubeblast validate scenarios/quickstart.yaml', () => {
  let r: CliRun;
  let help: CliRun;
  let early: CliRun;
  let zero: CliRun;
  beforeAll(async () => {
    [r, help, early, zero] = await runAll([
      ['validate', 'scenarios/quickstart.yaml'], ['--help'],
      ['validate', 'scenarios/quickstart.yaml', '--until', '1h10m'], ['validate', 'scenarios/quickstart.yaml', '--until', '0s'],
    ]);
  });

  it('exits 0 with nothing on stderr', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints the topology: 3 zones × 2 racks × 4 nodes', () => {
    expect(r.stdout).toContain('Scenario quickstart (scenarios/quickstart.yaml)');
    expect(r.stdout).toContain('Kubernetes 1.33, seed 1, duration 3h');
    expect(r.stdout).toContain('Topology: 1 region, 3 zones, 6 racks, 24 nodes');
    for (const z of ['a', 'b', 'c']) expect(r.stdout).toMatch(new RegExp(`zone us-central1-${z} +2 racks × 4 = 8 nodes +node 4 cpu, 16Gi, 110 pods +zone 32 cpu, 128Gi, 880 pods`));
    expect(r.stdout).toContain('allocatable: 96 cpu, 384Gi, 2640 pods');
  });

  it('prints the control plane: 3 hosts spread over the zones, etcd and leader election', () => {
    expect(r.stdout).toContain('Control plane: 3 hosts');
    expect(r.stdout).toMatch(/cp-1 +zone us-central1-a/);
    expect(r.stdout).toMatch(/cp-3 +zone us-central1-c/);
    expect(r.stdout).toContain('etcd: 3 members, quorum 2, tolerates 1 failure');
    expect(r.stdout).toContain('heartbeat 100ms, election timeout 1s–2s, pre-vote on, check-quorum on, request timeout 7s');
    expect(r.stdout).toContain('lease 15s, renew deadline 10s, retry 2s (jitter 1.2)');
    expect(r.stdout).toContain('grace 50s');
  });

  it('prints 12 Deployments with their requests, the Services and what they select, ignored objects', () => {
    expect(r.stdout).toContain('Workloads: 12 (12 Deployments)');
    expect(r.stdout).toMatch(/deployment\/default\/frontend +1 replica +100m cpu, 64Mi per pod/);
    expect(r.stdout).toContain('Services: 12');
    expect(r.stdout).toMatch(/service\/default\/frontend-external +LoadBalancer +→ deployment\/default\/frontend/);
    expect(r.stdout).toContain('PodDisruptionBudgets: none');
    expect(r.stdout).toMatch(/ServiceAccount ×11/);
  });

  it('says the workloads fit, with the totals', () => {
    // Sum of the 12 requests: 1570m cpu, 1368Mi.
    expect(r.stdout).toMatch(/cpu +1\.57 of 96 +1\.6%/);
    expect(r.stdout).toMatch(/memory +1368Mi of 384Gi/);
    expect(r.stdout).toMatch(/pods +12 of 2640/);
    expect(r.stdout).toContain('fits: totals within allocatable and every pod fits on at least one node');
  });

  it('prints the fault timeline and the SLOs', () => {
    expect(r.stdout).toContain('Faults: 1 scheduled, 0 random');
    expect(r.stdout).toMatch(/1h–1h30m +zone-outage +us-central1-b \(8 nodes, 1 control-plane host\)/);
    expect(r.stdout).toContain('SLOs: 2');
    expect(r.stdout).toMatch(/service\/default\/frontend +min ready 1/);
    expect(r.stdout).toContain('Warnings: none');
  });

  it('with --until shorter than a fault, says the fault is cut', () => {
    expect(early.status, early.stderr).toBe(0);
    expect(early.stdout).toMatch(/Warnings: 1\n {2}scenarios\/quickstart\.yaml:\d+:\d+: fault zone-outage at 1h for 30m: the run ends at 1h10m \(--until\); it is cut to 10m/);
  });

  it('refuses --until 0 as it refuses duration: 0s', () => {
    expect(zero.status).toBe(2);
    expect(zero.stderr).toBe('kubeblast: --until: expected a positive duration such as 30s, got "0s"\n');
    expect(zero.stdout).toBe('');
  });

  it('lists validate in --help', () => {
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/validate \[options\] <scenario>/);
  });
});
