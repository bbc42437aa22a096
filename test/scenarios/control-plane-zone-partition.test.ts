/**
 * scenarios/control-plane-zone-partition.yaml: the workers of eu-west-c lose their path to every
 * control-plane host for 30 min; nothing else is cut. The pods there keep running, yet their
 * Services stop sending them traffic once the nodes are Unknown, until replacements elsewhere
 * are ready after the 300 s toleration; the control plane itself is untouched.
 */
import { describe, expect, it } from 'vitest';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('control-plane-zone-partition');
const run = new ScenarioRun(s);
const START = 3600;
const END = START + 1800;
const graceS = s.nodeLifecycle.gracePeriodUs / 1e6;
const zoneC = s.topology.nodes.filter((n) => n.name.startsWith('eu-west-c-')).map((n) => `node/${n.name}`).sort();
const notReady = [...new Set(run.events('NodeNotReady', START, END, 'node/').map((e) => e.object))].sort();

describe('control-plane-zone-partition: eu-west-c workers cut from the control plane for 30 min', () => {
  it('only the zone\'s nodes go NotReady; etcd, API servers and leases are untouched', () => {
    expect(notReady).toEqual(zoneC);
    const first = Math.min(...run.events('NodeNotReady', START, END, 'node/').map((e) => e.time / 1e6));
    expect(first - START).toBeLessThanOrEqual(graceS + 5);
    const cp = run.result.controlPlane;
    expect([cp.etcd.leaderChanges, cp.apiserver.unavailableS, cp.controllerManager.leaderChanges]).toEqual([0, 0, 0]);
  });

  it('pods in the zone keep running but leave their Services until replacements are ready', () => {
    // Services whose only endpoint sat in eu-west-c: endpoints go to 0 while the pod still runs.
    const hit = run.services().filter((k) => run.range(k, 'endpoints', START, END).min === 0);
    expect(hit.length).toBeGreaterThan(0);
    for (const k of hit) {
      const [out] = run.intervals(k, (r) => r.serving < r.desired, START);
      expect(out[0] - START, k).toBeGreaterThanOrEqual(graceS - 10);
      expect(out[0] - START, k).toBeLessThanOrEqual(graceS + 5);
      // While cut off, the pods are truly ready: the outage is the control plane's view alone.
      expect(run.at(k, 'ready', out[0] + 1), k).toBe(run.at(k, 'desired', out[0] + 1));
      // 300 s toleration, the zone's taint queue (0.1 node/s over 8 nodes) and a restart elsewhere.
      expect(out[1] - out[0], k).toBeGreaterThanOrEqual(300);
      expect(out[1] - out[0], k).toBeLessThanOrEqual(300 + 10 * 7 + 30);
    }
  });

  it('the evicted pods run on until the partition heals, then stop: one replica each again', () => {
    // An evicted pod cannot be stopped by a kubelet that never hears of it: old and new both run.
    const doubled = run.result.availability.all().filter((x) => x.key.startsWith('deployment/') && run.range(x.key, 'ready', START, END).max > 1).map((x) => x.key);
    expect(doubled.length).toBeGreaterThan(0);
    for (const w of doubled) {
      expect(run.range(w, 'ready', START, END).min, w).toBeGreaterThanOrEqual(1);
      expect(run.at(w, 'ready', END + 60), w).toBe(1);
    }
    expect(run.events('TaintManagerEviction', START, END).length).toBe(doubled.length);
  });
});
