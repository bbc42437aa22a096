/** The `validate` report of a scenario with every kind of fault (in-process, through `describeScenario`). */
import { describe, expect, it } from 'vitest';
import { describeScenario } from '../../src/cli/commands/validate.js';
import { load } from '../scenario/helpers.js';

describe('describeScenario', () => {
  const s = load(`  duration: 1d
  kubernetesVersion: "1.31"
  controlPlane: { hosts: [eu-a/r1, eu-b, us-a] }
  slo:
    - { selector: tier=back, minReady: 2 }
  faults:
    - { every: 10m, count: 20, etcd-member-crash: etcd-leader, for: 30s }
    - { at: 2h, partition: { groups: [[eu-a], [eu-b]], cut: kubelet-apiserver, oneWay: true }, for: 5m }
    - { at: 3h, partition: { groups: [[us]] }, for: 5m }
    - { at: 4h, drain: { target: eu-b/r1, timeout: 10m } }
    - { at: 5h, scale: { workload: web, replicas: 6 } }
    - { at: 30h, node-crash: eu-a-r1-n1 }
    - random: { level: rack, mtbf: 8760h, mttr: { dist: weibull, shape: 0.8, scale: 2h } }`);
  const text = describeScenario(s);

  it('places control-plane hosts as written', () => {
    expect(text).toMatch(/cp-1 +zone eu-a +rack eu-a\/r1\n +cp-2 +zone eu-b +no rack/);
    expect(text).toContain('grace 40s');
  });

  it('expands repeated faults: the first few times and the count', () => {
    expect(text).toMatch(/10m–10m30s +etcd-member-crash +etcd-leader \(whichever host holds it then\); repeats every 10m, 20 times: 10m, 20m, 30m, … last at 3h20m/);
  });

  it('describes partitions, drains, scales, faults after the end and random faults', () => {
    expect(text).toMatch(/2h–2h5m +partition +\[eu-a\] \(7 hosts\) -\/-> \[eu-b\] \(7 hosts\), cut kubelet-apiserver/);
    // us: 2 nodes + cp-3 → 3 hosts; everything else: 23 − 3 = 20.
    expect(text).toMatch(/3h–3h5m +partition +\[us\] \(3 hosts\) \| everything else \(20 hosts\), cut all/);
    expect(text).toMatch(/4h +drain +eu-b\/r1 \(3 nodes\), timeout 10m, until the end/);
    expect(text).toMatch(/5h +scale +deployment\/default\/web, to 6 replicas/);
    expect(text).toMatch(/1d6h \(after the end: never\) +node-crash/);
    expect(text).toContain('random rack failures (rack-power): time to failure exponential(mean=365d), repair weibull(shape=0.8, scale=2h), for each rack');
    expect(text).toMatch(/Warnings: 1\n .*spec\.faults\[5\] starts at 1d6h, after the run ends \(1d\)/);
  });

  it('lists the workloads a selector SLO covers, PDBs and Services', () => {
    expect(text).toMatch(/deployment\/default\/api +min ready 2\n +statefulset\/data\/db +min ready 2/);
    expect(text).toMatch(/pdb\/data\/db +maxUnavailable 1 +→ statefulset\/data\/db/);
    expect(text).toMatch(/service\/data\/db +ClusterIP \(headless\) +→ statefulset\/data\/db/);
    expect(text).toMatch(/daemonset\/kube-system\/agent +one per node +100m cpu, 128Mi per pod/);
    expect(text).toContain('Capacity (requests vs allocatable; 20 DaemonSet pods counted per node):');
  });
});
