/**
 * The fault path in full runs (`runScenario`): every scheduled kind of design.md §3 has its effect
 * on the simulated cluster and is recorded; random failures at every level are recorded, end with
 * `endS: null` when the run ends first, and draw the same timeline for a seed whatever else the
 * scenario holds.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultRecord } from '../../src/faults/injector.js';
import { FAULT_KINDS } from '../../src/faults/types.js';
import { SEC, toSeconds } from '../../src/kernel/time.js';
import { DESIRED, READY } from '../../src/metrics/availability.js';
import type { SimEvent } from '../../src/metrics/events.js';
import { buildSummary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/world/world.js';
import { fixture, loadEdited } from './helpers.js';

const everyKind = loadEdited(fixture('every-kind.yaml'));
const run = runScenario(everyKind);
const events = run.events.rows;

/** Events of `reason` (about `object` when given) in [fromS, toS]. */
function within(reason: string, fromS: number, toS: number, object?: string): SimEvent[] {
  return events.filter((e) => e.reason === reason && toSeconds(e.time) >= fromS && toSeconds(e.time) <= toS && (object === undefined || e.object === object));
}
/** Names of the nodes of a rack, zone or region in the every-kind topology. */
function nodes(prefix: string): string[] {
  return everyKind.topology.nodes.map((n) => n.name).filter((n) => n.startsWith(prefix));
}
/** The nodes `reason` names in [fromS, toS], sorted (NodeNotReady also names pods). */
function objects(reason: string, fromS: number, toS: number): string[] {
  return [...new Set(within(reason, fromS, toS).map((e) => e.object).filter((o) => o.startsWith('node/')))].sort();
}
const nodeObjects = (names: string[]) => names.map((n) => `node/${n}`).sort();
// ref: kubernetes.md §1 — Unknown within grace (50 s) + one monitor period (5 s) of the last renewal (≤ 10 s before).
const DETECT_S = 50 + 5 + 10;

describe('every scheduled fault kind in a full run', () => {
  it('is recorded, announced and ended', () => {
    expect(new Set(run.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
    // 21 entries, one of them repeated 4 times.
    expect(run.faults).toHaveLength(25);
    expect(within('FaultStarted', 0, Infinity)).toHaveLength(25);
    // rollout, scale, node-delete, rollback and pod-kill are instantaneous: no end.
    expect(within('FaultEnded', 0, Infinity)).toHaveLength(20);
    expect(run.faults.filter((f) => f.endS === null).map((f) => f.kind)).toEqual(['rollout', 'scale', 'node-delete', 'rollback', 'pod-kill']);
    expect(buildSummary(run, 0).faults).toEqual(run.faults.map((f) => ({ ...f })));
  });

  it('node-crash, node-reboot, kubelet-stop: the node goes NotReady; only power faults reboot it', () => {
    expect(within('NodeNotReady', 600, 600 + DETECT_S, 'node/r-a-r1-n1')).toHaveLength(1);
    expect(within('Rebooted', 1200, 1300, 'node/r-a-r1-n1')).toHaveLength(1);
    expect(within('Rebooted', 1500, 1600, 'node/r-a-r1-n2')).toHaveLength(1);
    // kubelet-stop: the host stays up (no reboot); the kubelet starts again when the fault ends.
    expect(within('NodeNotReady', 2400, 2400 + DETECT_S, 'node/r-a-r1-n3')).toHaveLength(1);
    expect(within('Rebooted', 0, Infinity, 'node/r-a-r1-n3')).toEqual([]);
    expect(within('Starting', 3000, 3010, 'node/r-a-r1-n3')).toHaveLength(1);
  });

  it('rack-power, zone-outage, region-outage: every node of the domain goes NotReady; one zone keeps etcd quorum', () => {
    expect(objects('NodeNotReady', 3300, 3300 + DETECT_S)).toEqual(nodeObjects(nodes('r-b-r1-')));
    expect(objects('NodeNotReady', 4200, 4200 + DETECT_S)).toEqual(nodeObjects(nodes('r-c-')));
    expect(within('EtcdQuorumLost', 4200, 4800)).toEqual([]);
    expect(objects('NodeNotReady', 5100, 5100 + DETECT_S)).toEqual(nodeObjects(nodes('s-')));
  });

  it('partitions cut what they name: etcd-etcd between every member loses quorum; kubelet-apiserver makes every node NotReady without evictions', () => {
    expect(within('EtcdQuorumLost', 6000, 6000)).toHaveLength(1);
    expect(within('EtcdQuorumRestored', 6060, 6060)).toHaveLength(1);
    expect(within('EtcdLeaderElected', 6060, 6065)).toHaveLength(1);
    expect(objects('NodeNotReady', 6600, 6600 + DETECT_S)).toEqual(nodeObjects(nodes('')));
    // All zones fully disrupted: master disruption mode, no taint, no eviction (kubernetes.md §2).
    expect(within('TaintManagerEviction', 6600, 6900 + 600)).toEqual([]);
    expect(objects('NodeReady', 6900, 6900 + 20)).toEqual(nodeObjects(nodes('')));
  });

  it('etcd-member-crash and control-plane-crash hit whichever host holds the role', () => {
    const crash = within('FaultStarted', 8100, 8100)[0];
    const host = /\((cp-\d)\)/.exec(crash.message)![1];
    expect(within('EtcdLeaderLost', 8100, 8100, `etcd/${host}`)).toHaveLength(1);
    expect(within('EtcdLeaderElected', 8100, 8103)).toHaveLength(1);
    const kcm = /\((cp-\d)\)/.exec(within('FaultStarted', 8700, 8700)[0].message)![1];
    expect(within('LeaderElectionLost', 8700, 8700, 'lease/kube-system/kube-controller-manager')[0].message).toMatch(new RegExp(`^${kcm}_.*host down`));
    expect(within('LeaderElection', 8700, 8760, 'lease/kube-system/kube-controller-manager')).toHaveLength(1);
    const sched = /\((cp-\d)\)/.exec(within('FaultStarted', 9300, 9300)[0].message)![1];
    expect(within('LeaderElectionLost', 9300, 9300, 'lease/kube-system/kube-scheduler')[0].message).toMatch(new RegExp(`^${sched}_.*host down`));
  });

  it('cordon and drain cordon the nodes, drain evicts their pods, both uncordon at the end', () => {
    expect(objects('NodeNotSchedulable', 9900, 9901)).toEqual(nodeObjects(nodes('r-b-r2-')));
    expect(objects('NodeSchedulable', 10500, 10501)).toEqual(nodeObjects(nodes('r-b-r2-')));
    expect(objects('NodeNotSchedulable', 10800, 10801)).toEqual(nodeObjects(nodes('r-a-')));
    expect(objects('NodeDrained', 10800, 11400)).toEqual(nodeObjects(nodes('r-a-')));
    expect(within('Evicted', 10800, 11400).length).toBeGreaterThan(0);
    expect(objects('NodeSchedulable', 11400, 11401)).toEqual(nodeObjects(nodes('r-a-')));
  });

  it('rollout and scale change the Deployment', () => {
    expect(within('ScalingReplicaSet', 11700, 11701, 'deployment/default/frontend')[0].message).toMatch(/^Scaled up replica set frontend-\w+ from 0 to 1$/);
    const s = run.availability.all().find((x) => x.key === 'deployment/default/frontend')!;
    const at = (tS: number, col: number) => {
      let i = 0;
      while (i + 1 < s.times.length && s.times[i + 1] <= tS * SEC) i++;
      return s.values[i * 5 + col];
    };
    // The scale is a kubectl write: it commits a few milliseconds after 12600 s.
    expect([at(12599, DESIRED), at(12601, DESIRED), at(12700, READY)]).toEqual([3, 5, 5]);
  });

  it('out-of-service evicts the pods of a node; node-delete leaves no pod on it', () => {
    // The taint is NoExecute and no guestbook pod tolerates it: taint eviction deletes them at once.
    const onNode = new Set(within('Scheduled', 0, 16800).filter((e) => e.message.endsWith(' to s-a-r1-n1')).map((e) => e.object));
    const evicted = within('TaintManagerEviction', 16800, 16801).map((e) => e.object);
    expect(evicted.length).toBeGreaterThan(0);
    for (const p of evicted) expect(onNode.has(p), p).toBe(true);
    // After node-delete nothing is scheduled to the node again (its kubelet never restarts).
    expect(within('Scheduled', 17400, Infinity).filter((e) => e.message.endsWith(' to s-a-r1-n2'))).toEqual([]);
  });

  it('rollback, pod-kill and container-crash act on the frontend', () => {
    expect(within('DeploymentRollback', 17520, 17521, 'deployment/default/frontend')).toHaveLength(1);
    const killed = within('Killing', 17640, 17641).filter((e) => e.object.startsWith('pod/default/frontend-'));
    expect(killed).toHaveLength(1);
    expect(within('BackOff', 17760, 17880).filter((e) => e.object.startsWith('pod/default/frontend-')).length).toBeGreaterThan(0);
  });

  it('every/count repeats the crash of whichever host leads etcd, each followed by an election', () => {
    for (const t of [14400, 15000, 15600, 16200]) {
      expect(within('FaultStarted', t, t)[0].message).toMatch(/^etcd-member-crash etcd-leader \(cp-\d\) for 20s$/);
      expect(within('EtcdLeaderElected', t, t + 3), `election after ${t}s`).toHaveLength(1);
    }
  });
});

const MICROSERVICES = fileURLToPath(new URL('../fixtures/manifests/microservices-demo.yaml', import.meta.url));
const randomOnly = (faults: FaultRecord[]) => faults.filter((f) => f.origin === 'random').map(({ kind, target, startS, endS }) => ({ kind, target, startS, endS }));

describe('random failures in a full run', () => {
  const base = loadEdited(fixture('random-levels.yaml'));
  const baseRun = runScenario(base);
  const timeline = randomOnly(baseRun.faults);

  it('happen at every level and are recorded with their events', () => {
    expect(new Set(timeline.map((f) => f.kind))).toEqual(new Set(['node-crash', 'rack-power', 'zone-outage', 'region-outage', 'control-plane-crash']));
    expect(baseRun.events.byReason('FaultStarted')).toHaveLength(timeline.length);
  });

  it('draw the same timeline for a seed whatever the workloads, other faults and control-plane settings', () => {
    const variants = {
      workloads: loadEdited(fixture('random-levels.yaml'), (t) => t.replace(/manifests: \[.*\]/, `manifests: [${JSON.stringify(MICROSERVICES)}]`)),
      'other faults': loadEdited(fixture('random-levels.yaml'), (t) => t.replace('faults:\n', `faults:
    - { at: 2d, zone-outage: r-a, for: 1h }
    - { at: 3d, every: 10m, count: 30, etcd-member-crash: etcd-leader, for: 30s }
    - { at: 5d, partition: { groups: [[control-plane]], cut: kubelet-apiserver }, for: 20m }
`)),
      'control-plane settings': loadEdited(fixture('random-levels.yaml'), (t) => t
        .replace('controlPlane: { hosts: [r-a, r-b, r-c] }', 'controlPlane: { hosts: [r-a, r-b, r-c], etcd: { electionTimeout: 3s, heartbeatInterval: 300ms }, leaderElection: { leaseDuration: 30s, renewDeadline: 20s } }')
        .replace('seed: 5', 'seed: 5\n  kubernetesVersion: "1.30"\n  nodeLifecycle: { gracePeriod: 20s }')),
    };
    for (const [what, s] of Object.entries(variants)) {
      expect(randomOnly(runScenario(s).faults), `${what}, seed ${base.seed}`).toEqual(timeline);
    }
    expect(randomOnly(runScenario(base, { controlPlane: 'ideal' }).faults), `ideal control plane, seed ${base.seed}`).toEqual(timeline);
    // Another seed draws another timeline.
    expect(randomOnly(runScenario(base, { seed: base.seed + 1 }).faults)).not.toEqual(timeline);
  });

  it('a failure still under repair when the run ends is recorded with endS null', () => {
    const cut = timeline[timeline.length >> 1];
    const untilUs = Math.round((cut.startS + 1) * 1e6);
    const shorter = runScenario(base, { untilUs });
    const got = randomOnly(shorter.faults);
    const expected = timeline.filter((f) => f.startS < cut.startS + 1).map((f) => (f.endS !== null && f.endS > cut.startS + 1 ? { ...f, endS: null } : f));
    expect(got, `seed ${base.seed}`).toEqual(expected);
    expect(got.find((f) => f.startS === cut.startS)?.endS).toBeNull();
    const summary = buildSummary(shorter, 0);
    expect(summary.faults.filter((f) => f.endS === null).length).toBeGreaterThan(0);
    expect(shorter.events.byReason('FaultEnded')).toHaveLength(got.filter((f) => f.endS !== null).length);
  });
});
