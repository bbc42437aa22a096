/**
 * Zone outages through faults in the scenario file, in a full run (kubernetes.md §2,
 * ground-truth.md §3): NoExecute taints 10 s apart in a zone that is fully down (FullDisruption,
 * node-eviction-rate 0.1/s) or healthy; 100 s apart (0.01/s) in a zone of more than 50 nodes with
 * ≥ 55 % unhealthy (PartialDisruption); none in a smaller zone in that state; and none at all
 * when every zone is cut off from the control plane (master disruption mode), during the cut or
 * after it. Taint times are watched on the API's Node objects; the rest is read from events.csv
 * and availability.csv.
 */
import { describe, expect, it } from 'vitest';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from '../../src/apiserver/objects.js';
import type { HostId } from '../../src/topology/types.js';
import type { World } from '../../src/world/world.js';
import { loadE2E, runE2E, type E2ERun, type EventRow } from './helpers.js';

const SEEDS = [1, 2, 3];
const DEPLOY = 'deployment/default/spread';
const SVC = 'service/default/spread';
const FAULT_S = 300;
const GRACE_S = 50;
/** Commit latencies of the real control plane, in seconds. */
const DELTA = 0.05;

/** Times (s) at which each node got a NoExecute not-ready/unreachable taint, and lost it. */
interface TaintLog {
  added: Map<HostId, number[]>;
  removed: Map<HostId, number[]>;
}

function watchTaints(w: World, log: TaintLog): void {
  const had = new Map<HostId, boolean>();
  w.ctx.store.onNode((n) => {
    const has = n.taints.some((t) => t.effect === 'NoExecute' && (t.key === TAINT_UNREACHABLE || t.key === TAINT_NOT_READY));
    if (has === (had.get(n.host) ?? false)) return;
    had.set(n.host, has);
    const m = has ? log.added : log.removed;
    m.set(n.host, [...(m.get(n.host) ?? []), (w.ctx.sim.now - w.originUs) / 1e6]);
  });
}

function run(name: string, seed: number): E2ERun & { taints: TaintLog; zone: (z: string) => HostId[] } {
  const scenario = loadE2E(name);
  const taints: TaintLog = { added: new Map(), removed: new Map() };
  const r = runE2E(scenario, { seed }, (w) => watchTaints(w, taints));
  const zone = (z: string) => scenario.topology.zones[scenario.topology.zoneByName.get(z)!].nodes;
  return { ...r, taints, zone };
}

function firstTaints(log: TaintLog, hosts: readonly HostId[]): number[] {
  return hosts.flatMap((h) => log.added.get(h)?.slice(0, 1) ?? []).sort((a, b) => a - b);
}

function gaps(ts: readonly number[]): number[] {
  return ts.slice(1).map((t, i) => t - ts[i]);
}

function zoneStates(events: EventRow[], zone: string): Array<{ t: number; state: string }> {
  return events.filter((e) => e.reason === 'ZoneStateChanged' && e.object === `zone/${zone}`).map((e) => ({ t: e.t, state: /in state (\w+)/.exec(e.message)![1] }));
}

/** Pods bound to `hosts` before `beforeS`, from the Scheduled events. */
function podsOn(r: E2ERun, hosts: readonly HostId[], beforeS: number): Map<string, HostId> {
  const byName = new Map(hosts.map((h) => [r.world.ctx.topology.hosts[h].name, h]));
  const m = new Map<string, HostId>();
  for (const e of r.events) {
    if (e.reason !== 'Scheduled' || e.t >= beforeS) continue;
    const node = byName.get(e.message.slice(e.message.lastIndexOf(' to ') + 4));
    if (node !== undefined) m.set(e.object, node);
  }
  return m;
}

/** Every eviction is its node's taint + 300 s (default toleration). */
function expectEvictionsFollowTaints(r: E2ERun & { taints: TaintLog }, hosts: readonly HostId[], endS: number, msg: string): number {
  const pods = podsOn(r, hosts, FAULT_S);
  const evicted = new Map(r.events.filter((x) => x.reason === 'TaintManagerEviction' && x.message.startsWith('Marking')).map((e) => [e.object, e.t]));
  let n = 0;
  for (const [pod, h] of pods) {
    const taint = r.taints.added.get(h)?.[0];
    const t = evicted.get(pod);
    if (taint === undefined || taint + 300 + DELTA > endS) {
      expect(t, `${msg}: ${pod} evicted with no taint 300 s before`).toBeUndefined();
      continue;
    }
    expect(t, `${msg}: ${pod} not evicted 300 s after its node's taint at ${taint} s`).toBeDefined();
    expect(t! - taint, `${msg}: ${pod} evicted ${t! - taint} s after its node's taint`).toBeGreaterThanOrEqual(300);
    expect(t! - taint, msg).toBeLessThanOrEqual(300 + DELTA);
    n++;
  }
  return n;
}

describe('zone outage in a 3-zone cluster of 10-node zones', () => {
  it.each(SEEDS)('dark zone: taints 10 s apart; 7 of 10 down in a ≤ 50-node zone: tainting stops; healthy zone untouched (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const r = run('zones', seed);
    const [a, b, c] = ['r1-a', 'r1-b', 'r1-c'].map(r.zone);
    // r1-b: FullDisruption (perhaps after a pass in PartialDisruption, rate 0, while the last
    // renewals ran out), every node tainted at 0.1 nodes/s from then on.
    const full = zoneStates(r.events, 'r1-b').find((s) => s.state === 'FullDisruption')!;
    expect(full, msg).toBeDefined();
    // Grace after the last renewal (≤ the fault), or after a new controller-manager leader's first
    // pass when the outage took the leader's host (cp-2) with it: its node lifecycle controller
    // starts with no heartbeat history and gives every node a fresh grace period.
    const kcm = r.events.filter((e) => e.reason === 'LeaderElection' && e.object === 'lease/kube-system/kube-controller-manager' && e.t > FAULT_S);
    const floor = Math.max(FAULT_S, ...kcm.map((e) => e.t));
    expect(full.t - floor, msg).toBeLessThanOrEqual(GRACE_S + 10 + DELTA);
    const tb = firstTaints(r.taints, b);
    expect(tb.length, msg).toBe(10);
    const fullTaints = tb.filter((t) => t >= full.t);
    expect(tb.length - fullTaints.length, `${msg}: r1-b nodes tainted while the zone still looked Normal`).toBeLessThanOrEqual(2);
    for (const g of gaps(fullTaints)) {
      expect(g, `${msg}: gap ${g} s`).toBeGreaterThanOrEqual(10 - DELTA);
      expect(g, `${msg}: gap ${g} s`).toBeLessThanOrEqual(10.1 + DELTA);
    }
    // r1-c: PartialDisruption in a zone of ≤ 50 nodes: no taint once the zone is in that state.
    const partial = zoneStates(r.events, 'r1-c').find((s) => s.state === 'PartialDisruption')!;
    expect(partial, msg).toBeDefined();
    const tc = firstTaints(r.taints, c).filter((t) => t < FAULT_S + 20 * 60);
    expect(tc.filter((t) => t >= partial.t), msg).toEqual([]);
    expect(tc.length, `${msg}: nodes tainted while r1-c still looked Normal`).toBeLessThanOrEqual(2);
    // r1-a: nothing.
    expect(zoneStates(r.events, 'r1-a'), msg).toEqual([]);
    expect(firstTaints(r.taints, a), msg).toEqual([]);
    // Pods go 300 s after their node's taint (before the nodes return): all of r1-b's, those of the ≤ 2 early r1-c nodes.
    expect(expectEvictionsFollowTaints(r, b, FAULT_S + 20 * 60, msg), msg).toBe(podsOn(r, b, FAULT_S).size);
    expectEvictionsFollowTaints(r, c, FAULT_S + 20 * 60, msg);
    // After the outage (25 min) every node is back and the Deployment has converged.
    expect(r.avail.at(DEPLOY, 40 * 60), msg).toMatchObject({ desired: 30, ready: 30, reported: 30 });
    expect(r.avail.at(SVC, 40 * 60), msg).toMatchObject({ endpoints: 30, serving: 30 });
  });
});

describe('a 60-node zone with 40 nodes down', () => {
  it.each(SEEDS)('PartialDisruption in a zone of > 50 nodes: taints 100 s apart, evictions 300 s after each (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const r = run('zones-60', seed);
    const [a, b, c] = ['r1-a', 'r1-b', 'r1-c'].map(r.zone);
    const states = zoneStates(r.events, 'r1-a');
    const partial = states.find((s) => s.state === 'PartialDisruption')!;
    expect(partial, msg).toBeDefined();
    // The zone turns PartialDisruption at the first pass that sees ≥ 55 % of it not ready
    // (⌈0.55 × 60⌉ = 33); the 40 dead nodes' grace periods expire over one or two passes.
    const seen = /\((\d+) of 60 nodes not ready\)/.exec(r.events.find((e) => e.t === partial.t && e.object === 'zone/r1-a')!.message);
    expect(seen, msg).not.toBeNull();
    expect(Number(seen![1]), msg).toBeGreaterThanOrEqual(33);
    expect(Number(seen![1]), msg).toBeLessThanOrEqual(40);
    const ta = firstTaints(r.taints, a);
    const after = ta.filter((t) => t >= partial.t);
    expect(ta.length - after.length, `${msg}: taints while r1-a still looked Normal`).toBeLessThanOrEqual(2);
    // 25 min run: (1500 − 351) s at 0.01/s.
    expect(after.length, msg).toBeGreaterThanOrEqual(10);
    // The controller decides a taint every 100 s (0.01/s); the write then waits its turn in the
    // node-controller client's rate limiter (20 qps, burst 30), which the 40 nodes' condition,
    // MarkPodsNotReady and NoSchedule writes (3 × 40 = 120) fill for up to (120 − 30) / 20 = 4.5 s
    // after the zone goes dark. Commits are therefore 100 s apart within ±4.5 s.
    const QUEUE_S = 4.5;
    for (const g of gaps(after)) {
      expect(g, `${msg}: gap ${g} s`).toBeGreaterThanOrEqual(100 - QUEUE_S - DELTA);
      expect(g, `${msg}: gap ${g} s`).toBeLessThanOrEqual(100.1 + QUEUE_S + DELTA);
    }
    // Once the queue has drained, the spacing is exact.
    for (const g of gaps(after).slice(2)) expect(g, `${msg}: later gap ${g} s`).toBeGreaterThanOrEqual(100 - DELTA);
    expectEvictionsFollowTaints(r, a, 25 * 60, msg);
    expect([...firstTaints(r.taints, b), ...firstTaints(r.taints, c)], msg).toEqual([]);
    expect(zoneStates(r.events, 'r1-b'), msg).toEqual([]);
    console.log(`seed ${seed}: r1-a PartialDisruption at ${partial.t} s, ${after.length} taints after it, gaps ${Math.min(...gaps(after)).toFixed(3)}–${Math.max(...gaps(after)).toFixed(3)} s`);
  });
});

describe('every zone cut off from the control plane', () => {
  it.each(SEEDS)('master disruption mode: all nodes NotReady, no pod evicted during the cut or after it (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const r = run('zones-cut', seed);
    const all = r.world.ctx.topology.nodes.map((n) => n.id);
    const notReady = r.events.filter((e) => e.reason === 'NodeNotReady' && e.object.startsWith('node/'));
    expect(notReady.length, msg).toBe(30);
    for (const e of notReady) {
      expect(e.t - FAULT_S, `${msg}: ${e.object}`).toBeGreaterThanOrEqual(GRACE_S - 10);
      expect(e.t - FAULT_S, `${msg}: ${e.object}`).toBeLessThanOrEqual(GRACE_S + 5 + DELTA);
    }
    // Every zone fully disrupted → master disruption mode from the pass that saw the last one.
    const full = ['r1-a', 'r1-b', 'r1-c'].map((z) => zoneStates(r.events, z).find((s) => s.state === 'FullDisruption')!);
    expect(full.every((s) => s !== undefined), msg).toBe(true);
    const masterS = Math.max(...full.map((s) => s.t));
    // A taint set before the last zone went down is removed when the mode is entered; none after.
    for (const h of all) {
      const added = r.taints.added.get(h) ?? [];
      const removed = r.taints.removed.get(h) ?? [];
      expect(added.filter((t) => t >= masterS), msg).toEqual([]);
      expect(removed.length, msg).toBe(added.length);
      for (const t of removed) expect(t - masterS, msg).toBeLessThan(DELTA);
    }
    // No eviction, no replacement, no pod stopped: the truth never moved.
    expect(r.events.filter((e) => e.reason === 'TaintManagerEviction' && e.message.startsWith('Marking')), msg).toEqual([]);
    expect(r.events.filter((e) => (e.reason === 'SuccessfulCreate' && e.t > FAULT_S) || e.reason === 'Killing'), msg).toEqual([]);
    const measured = r.avail.rows(DEPLOY).filter((x) => x.t >= 60);
    expect(Math.min(...measured.map((x) => x.ready)), msg).toBe(30);
    // …but the API reports every pod NotReady and the endpoints are empty. kube-proxy on every node
    // is cut off too and keeps the rules it last programmed (pkg/proxy/config/config.go: handlers run
    // only on informer events): in-cluster clients still reach all 30.
    const cut = r.avail.at(SVC, FAULT_S + 9 * 60);
    expect(cut, msg).toMatchObject({ ready: 30, reported: 0, endpoints: 0, serving: 30 });
    // After the heal (15 min): fresh grace, no node goes NotReady again, everything is reported Ready.
    expect(notReady.filter((e) => e.t > FAULT_S + 10 * 60), msg).toEqual([]);
    expect(r.avail.at(SVC, 30 * 60), msg).toMatchObject({ ready: 30, reported: 30, endpoints: 30, serving: 30 });
    const back = r.avail.first(SVC, FAULT_S + 10 * 60, (x) => x.endpoints === 30)!;
    console.log(`seed ${seed}: master disruption from ${masterS} s; endpoints 0 of 30 during the cut; all 30 back ${(back.t - FAULT_S - 600).toFixed(3)} s after the heal`);
  });
});
