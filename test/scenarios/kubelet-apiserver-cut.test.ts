/**
 * scenarios/kubelet-apiserver-cut.yaml: the known mass-NotReady case (kubernetes.md §5): kubelets
 * cannot reach the API servers for 20 min while etcd, the API servers and the controller-manager
 * are healthy. Every node goes Unknown, every Service loses its endpoints in the API while every
 * pod still runs, master disruption mode stops all evictions, and the cluster recovers without
 * evicting. kube-proxy on the cut nodes keeps the rules it last programmed (pkg/proxy/config/config.go:
 * its handlers run only on informer events, none arrive while the watch is broken), so in-cluster
 * traffic keeps flowing through the cut; at the heal it re-lists the emptied slices and programs
 * them, and each Service serves nothing until its pod is reported Ready again.
 */
import { MIN_SYNC_PERIOD_US } from '../../src/kubeproxy/kubeproxy.js';
import { describe, expect, it } from 'vitest';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('kubelet-apiserver-cut');
const run = new ScenarioRun(s);
const START = 1800;
const END = START + 1200;
const graceS = s.nodeLifecycle.gracePeriodUs / 1e6;
// Last renewal ≤ 10 s before the cut, then grace, then the next 5 s monitor pass.
const DETECTED = START + graceS + 5;
const nodes = s.topology.nodes.map((n) => `node/${n.name}`).sort();
const nodeEvents = (reason: string, from: number, to: number) => [...new Set(run.events(reason, from, to, 'node/').map((e) => e.object))].sort();

describe('kubelet-apiserver-cut: every kubelet cut from the API servers for 20 min', () => {
  it('every node goes NotReady within grace; every zone is fully disrupted', () => {
    expect(nodeEvents('NodeNotReady', START, DETECTED)).toEqual(nodes);
    const full = run.events('ZoneStateChanged', START, END).filter((e) => /FullDisruption/.test(e.message)).map((e) => e.object);
    expect(new Set(full)).toEqual(new Set(s.topology.zones.map((z) => `zone/${z.name}`)));
    const cp = run.result.controlPlane;
    expect([cp.etcd.leaderChanges, cp.apiserver.unavailableS, cp.controllerManager.leaderChanges]).toEqual([0, 0, 0]);
  });

  it('endpoints are emptied in the API while every pod still runs, and the cut nodes keep serving them', () => {
    for (const k of run.services()) {
      const desired = run.at(k, 'desired', START);
      expect(desired, k).toBeGreaterThan(0);
      expect(run.range(k, 'endpoints', DETECTED, END), k).toEqual({ min: 0, max: 0 });
      expect(run.range(k, 'ready', START, END), k).toEqual({ min: desired, max: desired });
      // Every node is cut, so every client node's rules are the ones programmed before the cut.
      expect(run.range(k, 'serving', START, END), k).toEqual({ min: desired, max: desired });
    }
  });

  it('at the heal the re-listed empty slices take the Service down until the pods are Ready again', () => {
    for (const k of run.services()) {
      const outages = run.intervals(k, (r) => r.serving < r.desired, START);
      expect(outages.length, k).toBe(1);
      const [from, to] = outages[0];
      // kube-proxy re-lists and syncs at once (its last sync is long past) ...
      expect(from, k).toBe(END);
      // ... and the endpoints come back after the kubelet's status and the slice writes, then one sync.
      const back = run.intervals(k, (r) => r.endpoints < r.desired, START)[0][1];
      expect(to, k).toBeGreaterThanOrEqual(back);
      expect(to - back, k).toBeLessThanOrEqual(MIN_SYNC_PERIOD_US / 1e6 + 0.01);
      expect(run.object(k).downtimeS, k).toBeCloseTo(to - from, 3);
    }
  });

  it('no eviction during the cut (master disruption mode) nor after it heals', () => {
    expect(run.events('TaintManagerEviction', START, Infinity)).toEqual([]);
    expect(run.events('SuccessfulCreate', START, Infinity)).toEqual([]);
    expect(run.events('SuccessfulDelete', START, Infinity)).toEqual([]);
  });

  it('recovers within seconds of the heal: nodes Ready, endpoints back', () => {
    expect(nodeEvents('NodeReady', END, END + 15)).toEqual(nodes);
    for (const k of run.services()) {
      const [out] = run.intervals(k, (r) => r.endpoints < r.desired, START);
      expect(out[1] - END, k).toBeGreaterThan(0);
      expect(out[1] - END, k).toBeLessThan(15);
    }
  });
});
