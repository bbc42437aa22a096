/**
 * The 7 published manifests of test/fixtures/manifests run in full (real control plane) on a
 * cluster large enough for them (3 zones × 6 nodes of 8 CPU): every workload reaches its
 * desired Ready count and every Service serves it; the DaemonSet runs on every node; the
 * karpenter example's 50 replicas respect both DoNotSchedule spread constraints (hostname
 * maxSkew 2, zone maxSkew 5) at every bind and in the final placement; kinds kubeblast does not
 * simulate are listed as ignored. ZooKeeper's published anti-affinity selects `app in (zk)`,
 * which its pods (labelled `app.kubernetes.io/name: zk`) do not carry, so — as in real
 * Kubernetes — it constrains nothing: on 2 nodes all 3 replicas run.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { PodObj } from '../../src/apiserver/objects.js';
import { MIN } from '../../src/kernel/time.js';
import { LABEL_ZONE } from '../../src/topology/types.js';
import { E2E_DIR, loadE2E, runE2E, type E2ERun } from './helpers.js';

const SEEDS = [1, 2, 3];
const SPREAD = 'deployment/default/host-zone-spread';
const DAEMON = 'daemonset/kube-system/fluentd-elasticsearch';
const SIMULATED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Pod', 'Service', 'Job', 'PodDisruptionBudget']);

/** Every workload and Service at the end of the run: all desired replicas ready, reported, and served. */
function expectAllReady(r: E2ERun, msg: string): void {
  const end = r.result.durationUs / 1e6;
  for (const w of r.world.scenario.manifests.workloads) {
    const row = r.avail.at(w.key, end);
    const desired = w.kind === 'DaemonSet' ? r.world.scenario.topology.nodes.length : w.replicas;
    expect(row, `${msg}: ${w.key}`).toMatchObject({ desired, ready: desired, reported: desired });
  }
  for (const s of r.world.scenario.manifests.services) {
    const row = r.avail.at(s.key, end);
    expect(row.desired, `${msg}: ${s.key} selects nothing`).toBeGreaterThan(0);
    expect(row, `${msg}: ${s.key}`).toMatchObject({ ready: row.desired, endpoints: row.desired, serving: row.desired });
  }
}

/** Pods of a workload per node (every node, zeros included) and per zone. */
function counts(r: E2ERun, key: string): { perNode: number[]; perZone: Map<string, number> } {
  const nodes = r.world.ctx.store.nodes;
  const perNode = nodes.map(() => 0);
  const perZone = new Map<string, number>(nodes.map((n) => [n.labels[LABEL_ZONE], 0]));
  for (const p of r.world.ctx.store.pods.values()) {
    if (p.workloadKey !== key || p.node < 0 || p.deletionTimestamp >= 0) continue;
    perNode[p.node]++;
    const z = nodes[p.node].labels[LABEL_ZONE];
    perZone.set(z, perZone.get(z)! + 1);
  }
  return { perNode, perZone };
}

const skew = (xs: Iterable<number>) => Math.max(...xs) - Math.min(...xs);

describe('the published manifests in a full run', () => {
  it.each(SEEDS)('zookeeper, fluentd DaemonSet, php-apache, Online Boutique, cockroachdb and the karpenter spread example together (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const scenario = loadE2E('public');
    let worstDuring = { node: 0, zone: 0 };
    const r = runE2E(scenario, { seed }, (w) => {
      w.ctx.store.onPod((p: PodObj, change) => {
        if (change !== 'bound' || p.workloadKey !== SPREAD) return;
        const c = counts({ world: w } as E2ERun, SPREAD);
        worstDuring = { node: Math.max(worstDuring.node, skew(c.perNode)), zone: Math.max(worstDuring.zone, skew(c.perZone.values())) };
      });
    });
    expectAllReady(r, msg);
    // Karpenter's example: 50 replicas, hostname maxSkew 2 and zone maxSkew 5, both DoNotSchedule.
    const { perNode, perZone } = counts(r, SPREAD);
    expect(perNode.reduce((a, b) => a + b, 0), msg).toBe(50);
    expect(skew(perNode), `${msg}: per node ${perNode.join(',')}`).toBeLessThanOrEqual(2);
    expect(skew(perZone.values()), `${msg}: per zone ${[...perZone.values()].join(',')}`).toBeLessThanOrEqual(5);
    expect(worstDuring.node, msg).toBeLessThanOrEqual(2);
    expect(worstDuring.zone, msg).toBeLessThanOrEqual(5);
    // The DaemonSet: one Ready pod on every node.
    const ds = [...r.world.ctx.store.pods.values()].filter((p) => p.workloadKey === DAEMON);
    expect(ds.map((p) => p.node).sort((a, b) => a - b), msg).toEqual(r.world.ctx.store.nodes.map((n) => n.host));
    expect(ds.every((p) => p.ready), msg).toBe(true);
    // Nothing failed to schedule for good, nothing was evicted or restarted.
    expect(r.events.filter((e) => ['TaintManagerEviction', 'Killing', 'NodeNotReady'].includes(e.reason)), msg).toEqual([]);
    console.log(`seed ${seed}: host-zone-spread per zone ${[...perZone.values()].join('/')}, per node ${Math.min(...perNode)}–${Math.max(...perNode)}`);
  });

  it('lists the kinds it does not simulate as ignored (the Online Boutique’s ServiceAccounts)', () => {
    const scenario = loadE2E('public');
    const expected = scenario.manifests.files.flatMap((f) => parseAllDocuments(readFileSync(resolve(E2E_DIR, f), 'utf8'))
      .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } } | null)
      .filter((o) => o?.kind !== undefined && !SIMULATED.has(o.kind))
      .map((o) => `${o!.kind}/${o!.metadata?.name}`));
    expect(expected.length).toBe(11);
    expect(scenario.manifests.ignored.map((o) => `${o.kind}/${o.name}`)).toEqual(expected);
  });

  it('the guestbook on its own (seed 1)', () => {
    const r = runE2E(loadE2E('public-guestbook'), { seed: 1 });
    expectAllReady(r, 'seed 1');
    expect(r.world.scenario.manifests.ignored).toEqual([]);
  });

  it.each(SEEDS)('zookeeper as published on 2 nodes: its anti-affinity matches no pod, so 3 replicas run on 2 nodes (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const r = runE2E(loadE2E('public-zookeeper-2nodes'), { seed, untilUs: 5 * MIN });
    expectAllReady(r, msg);
    const zk = [...r.world.ctx.store.pods.values()].filter((p) => p.workloadKey === 'statefulset/default/zk');
    expect(zk.map((p) => p.name).sort(), msg).toEqual(['zk-0', 'zk-1', 'zk-2']);
    expect(new Set(zk.map((p) => p.node)).size, `${msg}: two zk pods share a node`).toBe(2);
    expect(r.events.filter((e) => e.reason === 'FailedScheduling'), msg).toEqual([]);
  });
});
