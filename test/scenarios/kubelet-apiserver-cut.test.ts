/**
 * scenarios/kubelet-apiserver-cut.yaml: the known mass-NotReady case (kubernetes.md §5): kubelets
 * cannot reach the API servers for 20 min while etcd, the API servers and the controller-manager
 * are healthy. Every node goes Unknown, every Service loses its endpoints while every pod still
 * runs, master disruption mode stops all evictions, and the cluster recovers without evicting.
 */
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

  it('endpoints are emptied while every pod still runs: ready = desired, serving 0', () => {
    for (const k of run.services()) {
      const desired = run.at(k, 'desired', START);
      expect(run.range(k, 'endpoints', DETECTED, END), k).toEqual({ min: 0, max: 0 });
      expect(run.range(k, 'ready', START, END), k).toEqual({ min: desired, max: desired });
      expect(run.object(k).availability.slo, k).toBeLessThan(0.85);
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
