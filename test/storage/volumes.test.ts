/**
 * Persistent volumes in full runs (src/storage/volumes.ts, src/scheduler/plugins/VolumeBinding.ts):
 * - a zone outage keeps a single-replica database on a zonal disk down for the whole outage — the
 *   bound volume's node affinity (volumebinding, volumezone) admits only its zone — while one on a
 *   regional disk moves once its old pod is gone (here: the out-of-service taint, KEP-2268, whose
 *   pods pod GC force-deletes and whose volumes the attach-detach controller detaches at once);
 * - a ReadWriteOnce volume on a dead node holds its replacement pod (Multi-Attach) until the
 *   attach-detach controller force-detaches it, reconcilerMaxWaitForUnmountDuration = 6 min after
 *   the old pod is gone (pkg/controller/volume/attachdetach/attach_detach_controller.go,
 *   reconciler/reconciler.go), also when the Node is deleted (pod GC removes the pod after its 40 s
 *   quarantine; the deleted Node's last volumesInUse still says mounted).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { MIN, toSeconds } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import { MAX_WAIT_FOR_UNMOUNT_US } from '../../src/storage/volumes.js';
import { placementAt, runE2E } from '../e2e/helpers.js';

const DIR = fileURLToPath(new URL('../fixtures/scenarios/storage/', import.meta.url));

/** A storage fixture, with `faults` in place of its own when given (a copy next to nothing: manifests made absolute). */
function fixture(name: string, faults?: unknown[]): Scenario {
  if (!faults) return loadScenario(join(DIR, `${name}.yaml`));
  const doc = parseDocument(readFileSync(join(DIR, `${name}.yaml`), 'utf8'));
  doc.setIn(['spec', 'manifests'], [join(DIR, 'manifests', 'databases.yaml')]);
  doc.setIn(['spec', 'faults'], faults);
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-storage-'));
  try {
    writeFileSync(join(dir, `${name}.yaml`), doc.toString());
    return loadScenario(join(dir, `${name}.yaml`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const OUTAGE_S = 300;
const OOS_S = 900;
const BACK_S = 3900;
const ZONAL = 'deployment/default/db-zonal';
const REGIONAL = 'deployment/default/db-regional';
/** Attach (and detach) draws from lognormal(10 s, σ 0.5): its 4σ quantile is 74 s; two of them plus a pod start. */
const ATTACH_BOUND_S = 2 * 74 + 30;

describe('zone outage: zonal vs regional disk of a single-replica database', () => {
  for (const seed of [1, 2, 3]) {
    it(`the zonal one is down for the whole outage, the regional one moves after out-of-service (seed ${seed})`, () => {
      const msg = `seed ${seed}`;
      const r = runE2E(fixture('zone-db'), { seed });
      const inA = (node: string) => node.startsWith('r1-a-');
      // Both start in zone r1-a (their preferred node affinity), so both are hit.
      expect(r.avail.at(ZONAL, OUTAGE_S - 1).ready, msg).toBe(1);
      expect(r.avail.at(REGIONAL, OUTAGE_S - 1).ready, msg).toBe(1);
      expect(r.avail.at(ZONAL, OUTAGE_S + 1).ready, msg).toBe(0);
      expect(r.avail.between(ZONAL, OUTAGE_S, BACK_S).filter((x) => x.ready > 0), `${msg}: zonal ready during the outage`).toEqual([]);
      expect(r.events.some((e) => e.reason === 'FailedScheduling' && /volume node affinity conflict/.test(e.message)), msg).toBe(true);
      // WaitForFirstConsumer: each claim provisioned where its first pod landed (zone, or region for the regional class).
      const provisioned = (claim: string) => r.events.find((e) => e.reason === 'ProvisioningSucceeded' && e.object === `persistentvolumeclaim/default/${claim}`)?.message;
      expect(provisioned('data-zonal'), msg).toMatch(/ in r1-a$/);
      expect(provisioned('data-regional'), msg).toMatch(/ in r1$/);
      const zonalBack = r.avail.first(ZONAL, BACK_S, (x) => x.ready === 1);
      expect(zonalBack, `${msg}: zonal back after the zone`).toBeDefined();
      // Regional: stuck on Multi-Attach while the old pod exists, up soon after out-of-service removed it.
      expect(r.events.some((e) => e.reason === 'FailedAttachVolume' && e.object.startsWith('pod/default/db-regional') && e.t < OOS_S), msg).toBe(true);
      expect(r.avail.at(REGIONAL, OUTAGE_S + 1).ready, msg).toBe(0);
      expect(r.avail.between(REGIONAL, OUTAGE_S, OOS_S).filter((x) => x.ready > 0), msg).toEqual([]);
      const back = r.avail.first(REGIONAL, OOS_S, (x) => x.ready === 1)!;
      expect(back.t - OOS_S, msg).toBeGreaterThan(0);
      expect(back.t - OOS_S, msg).toBeLessThan(ATTACH_BOUND_S);
      const node = [...r.world.ctx.store.pods.values()].find((p) => p.workloadKey === REGIONAL && p.node >= 0)!;
      expect(inA(r.world.ctx.topology.hosts[node.node].name), `${msg}: regional pod's node after the move`).toBe(false);
      // The VolumeBinding filter at the end: the zonal disk admits only zone r1-a's nodes, the regional one every node of r1.
      const { volumes, topology, store } = r.world.ctx;
      const podOf = (w: string) => [...store.pods.values()].find((p) => p.workloadKey === w)!;
      const admits = (w: string) => topology.nodes.filter((n) => volumes!.conflict(podOf(w), n.id) === null).map((n) => n.name);
      expect(admits(ZONAL), msg).toEqual(topology.nodes.map((n) => n.name).filter(inA));
      expect(admits(REGIONAL), msg).toEqual(topology.nodes.map((n) => n.name));
    });
  }
});

/** pg-0's volume force-detached `maxWaitForUnmountDuration` after `fromS` (the request), within the detach latency's 4σ quantile; pg-0 ready again only after it. */
function expectForceDetach(r: ReturnType<typeof runE2E>, fromS: number, msg: string) {
  const forced = r.events.find((e) => e.reason === 'ForceDetach' && e.object === 'persistentvolumeclaim/default/data-pg-0');
  expect(forced, `${msg}: force detach`).toBeDefined();
  const waitS = toSeconds(MAX_WAIT_FOR_UNMOUNT_US);
  expect(forced!.t - fromS, msg).toBeGreaterThanOrEqual(waitS);
  expect(forced!.t - fromS, msg).toBeLessThan(waitS + 74);
  const back = r.avail.first('statefulset/default/pg', fromS, (x) => x.ready === 1);
  expect(back, `${msg}: pg back`).toBeDefined();
  expect(back!.t, msg).toBeGreaterThan(forced!.t);
  return { forced: forced!, back: back! };
}

describe('ReadWriteOnce volume on a dead node', () => {
  for (const seed of [1, 2]) {
    it(`holds the StatefulSet's replacement until the 6-minute force detach after its old pod is gone (seed ${seed})`, () => {
      const msg = `seed ${seed}`;
      const base = fixture('sts-crash');
      const node = placementAt(base, seed, 60).get('statefulset/default/pg')![0].node;
      const CRASH_S = 120;
      const s = fixture('sts-crash', [{ at: `${CRASH_S}s`, 'node-crash': node, for: '30m' }]);
      let deletedUs = -1;
      const r = runE2E(s, { seed }, (w) => {
        w.ctx.hosts.onDown((h) => {
          if (w.ctx.topology.hosts[h].name !== node) return;
          // The operator's `kubectl delete pod pg-0 --force --grace-period=0`, 10 min after the crash.
          w.ctx.sim.after(10 * MIN, 'test force delete', () => {
            for (const p of [...w.ctx.store.podsOnNode[h]]) if (p.workloadKey === 'statefulset/default/pg') w.ctx.store.removePod(p);
            deletedUs = w.ctx.sim.now;
          });
        });
      });
      const deletedS = toSeconds(deletedUs - r.world.originUs);
      expect(deletedS - CRASH_S, msg).toBeCloseTo(600, 3);
      const STS = 'statefulset/default/pg';
      // Not replaced before the force deletion (a StatefulSet never runs two pg-0).
      expect(r.avail.at(STS, CRASH_S + 1).ready, msg).toBe(0);
      expect(r.avail.between(STS, CRASH_S, deletedS).filter((x) => x.ready > 0), msg).toEqual([]);
      const { forced, back } = expectForceDetach(r, deletedS, msg);
      const waitS = toSeconds(MAX_WAIT_FOR_UNMOUNT_US);
      expect(back.t - deletedS, msg).toBeLessThan(waitS + ATTACH_BOUND_S);
      expect(r.events.some((e) => e.reason === 'FailedAttachVolume' && e.object === 'pod/default/pg-0' && e.t > deletedS && e.t < forced.t), msg).toBe(true);
    });
  }

  it('is force-detached 6 min after pod GC removed the pod of a deleted dead node, not at the deletion (seed 1)', () => {
    const seed = 1;
    const base = fixture('sts-crash');
    const node = placementAt(base, seed, 60).get('statefulset/default/pg')![0].node;
    const CRASH_S = 120;
    const DELETE_S = CRASH_S + 600;
    let removedUs = -1;
    const r = runE2E(fixture('sts-crash', [{ at: `${CRASH_S}s`, 'node-crash': node, for: '30m' }, { at: `${DELETE_S}s`, 'node-delete': node }]), { seed }, (w) => {
      w.ctx.store.onPod((p, change) => {
        if (change === 'removed' && p.name === 'pg-0' && removedUs < 0 && w.ctx.topology.hosts[p.node]?.name === node) removedUs = w.ctx.sim.now;
      });
    });
    const msg = `seed ${seed}`;
    const STS = 'statefulset/default/pg';
    expect(r.avail.between(STS, CRASH_S, DELETE_S).filter((x) => x.ready > 0), msg).toEqual([]);
    // Pod GC removes the pod of a deleted Node after its 40 s quarantine (pkg/controller/podgc).
    const removedS = toSeconds(removedUs - r.world.originUs);
    expect(removedS - DELETE_S, `${msg}: pod GC after the deletion`).toBeGreaterThanOrEqual(40);
    // The deleted Node's last volumesInUse still says mounted (attach_detach_controller.go nodeDelete), and a
    // Node that is not found is not healthy: the reconciler forces the detach 6 min after the request.
    expectForceDetach(r, removedS, msg);
  });

  it('restarts the 6-minute wait when a new controller-manager leader takes over meanwhile (seed 1)', () => {
    const seed = 1;
    const node = placementAt(fixture('sts-crash'), seed, 60).get('statefulset/default/pg')![0].node;
    const CRASH_S = 120;
    const KCM_CRASH_S = CRASH_S + 600 + 120;
    const r = runE2E(fixture('sts-crash', [
      { at: `${CRASH_S}s`, 'node-crash': node, for: '30m' },
      { at: `${KCM_CRASH_S}s`, 'control-plane-crash': 'controller-manager-leader', for: '5m' },
    ]), { seed }, (w) => {
      w.ctx.hosts.onDown((h) => {
        if (w.ctx.topology.hosts[h].name !== node) return;
        w.ctx.sim.after(10 * MIN, 'test force delete', () => {
          for (const p of [...w.ctx.store.podsOnNode[h]]) if (p.workloadKey === 'statefulset/default/pg') w.ctx.store.removePod(p);
        });
      });
    });
    const elected = r.events.find((e) => e.reason === 'LeaderElection' && e.object === 'lease/kube-system/kube-controller-manager' && e.t > KCM_CRASH_S);
    expect(elected, `seed ${seed}: a new controller-manager leader`).toBeDefined();
    const forced = r.events.find((e) => e.reason === 'ForceDetach' && e.object === 'persistentvolumeclaim/default/data-pg-0')!;
    expect(forced, `seed ${seed}`).toBeDefined();
    // The old leader's wait (from the deletion, 2 min before the crash) would have ended 4 min after it.
    const waitS = toSeconds(MAX_WAIT_FOR_UNMOUNT_US);
    expect(forced.t - elected!.t, `seed ${seed}`).toBeGreaterThanOrEqual(waitS);
    expect(forced.t - elected!.t, `seed ${seed}`).toBeLessThan(waitS + 74);
  });
});

describe('access modes (pkg/volume/util/util.go IsMultiAttachAllowed)', () => {
  for (const seed of [1, 2]) {
    it(`a ReadWriteMany claim serves replicas on several nodes; a ReadWriteOnce one holds all but one node's (seed ${seed})`, () => {
      const msg = `seed ${seed}`;
      const r = runE2E(fixture('shared'), { seed });
      const nodesOf = (w: string) => new Set([...r.world.ctx.store.pods.values()].filter((p) => p.workloadKey === w && p.node >= 0).map((p) => p.node));
      expect(nodesOf('deployment/default/web-files').size, msg).toBe(3);
      expect(r.avail.at('deployment/default/web-files', 300).ready, msg).toBe(3);
      expect(r.events.filter((e) => e.reason === 'FailedAttachVolume' && e.object.startsWith('pod/default/web-files')), msg).toEqual([]);
      // Two nodes want the exclusive disk: the second waits on Multi-Attach for as long as the first pod runs.
      expect(nodesOf('deployment/default/web-disk').size, msg).toBe(2);
      expect(r.avail.at('deployment/default/web-disk', 120).ready, msg).toBe(1);
      expect(r.avail.between('deployment/default/web-disk', 120, 600).filter((x) => x.ready !== 1), msg).toEqual([]);
      expect(r.events.some((e) => e.reason === 'FailedAttachVolume' && e.object.startsWith('pod/default/web-disk') && /Multi-Attach/.test(e.message)), msg).toBe(true);
    });
  }
});
