import { describe, expect, it } from 'vitest';
import { defaultsFor } from '../../src/scenario/defaults.js';
import { MS, SEC, MIN } from '../../src/kernel/time.js';

describe('defaultsFor', () => {
  it('uses a 50 s node-monitor grace period from 1.32 and 40 s before (PR #126287)', () => {
    expect(defaultsFor(31).nodeLifecycle.gracePeriodUs).toBe(40 * SEC);
    expect(defaultsFor(32).nodeLifecycle.gracePeriodUs).toBe(50 * SEC);
    expect(defaultsFor(25).nodeLifecycle.gracePeriodUs).toBe(40 * SEC);
    expect(defaultsFor(35).nodeLifecycle.gracePeriodUs).toBe(50 * SEC);
  });

  it('carries the reference defaults', () => {
    const d = defaultsFor(33);
    expect(d.etcd).toMatchObject({ heartbeatIntervalUs: 100 * MS, electionTimeoutUs: 1000 * MS, preVote: true, checkQuorum: true, requestTimeoutBaseUs: 5 * SEC });
    expect(d.etcd.diskFsync).toEqual({ dist: 'lognormal', median: 2 * MS, sigma: 0.5 });
    expect(d.leaderElection).toEqual({ leaseDurationUs: 15 * SEC, renewDeadlineUs: 10 * SEC, retryPeriodUs: 2 * SEC, jitterFactor: 1.2, restartDelay: { dist: 'fixed', value: 10 * SEC } });
    expect(d.nodeLifecycle).toMatchObject({ monitorPeriodUs: 5 * SEC, evictionRate: 0.1, secondaryEvictionRate: 0.01, unhealthyZoneThreshold: 0.55, largeClusterSizeThreshold: 50 });
    expect(d.kubelet).toMatchObject({ nodeLeaseDurationUs: 40 * SEC, nodeStatusUpdateFrequencyUs: 10 * SEC });
    // Dead settings removed: nothing in kubeblast crash-loops containers, and every node has posted Ready.
    expect(d.kubelet).not.toHaveProperty('crashLoopBackoffInitialUs');
    expect(d.nodeLifecycle).not.toHaveProperty('startupGracePeriodUs');
    expect(d.leaseRenewFraction).toBe(0.25);
    // controller-manager/config/v1alpha1 defaults.go: QPS 20, burst 30; scheduler config v1 defaults.go: 50/100.
    expect(d.controllerManager).toEqual({ kubeAPIQPS: 20, kubeAPIBurst: 30 });
    expect(d.scheduler).toEqual({ kubeAPIQPS: 50, kubeAPIBurst: 100, percentageOfNodesToScore: 0, podInitialBackoffUs: 1 * SEC, podMaxBackoffUs: 10 * SEC, podMaxInUnschedulablePodsDurationUs: 5 * MIN });
    expect(d.apiserver).toEqual({ defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 });
    expect(d.latency.crossZone).toEqual({ dist: 'fixed', value: 2 * MS });
    expect(d.controlPlaneCount).toBe(3);
  });
});
