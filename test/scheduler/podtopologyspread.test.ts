import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { NodeObj, PodObj } from '../../src/apiserver/objects.js';
import type { ServiceSpec } from '../../src/manifests/types.js';
import { compileMapSelector } from '../../src/manifests/selector.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import type { Handle } from '../../src/scheduler/framework/handle.js';
import { PodTopologySpread } from '../../src/scheduler/plugins/PodTopologySpread.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../src/topology/types.js';
import { cacheWith, node, nodes, pod } from './build.js';

function constraint(key: string, maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}, hard = true): TopologySpreadConstraint {
  return { topologyKey: key, maxSkew, whenUnsatisfiable: hard ? 'DoNotSchedule' : 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } }, ...extra };
}

/** Zones a, b, c with two nodes each: a1 a2 b1 b2 c1 c2. */
function sixNodes(): NodeObj[] {
  return nodes(...['a', 'b', 'c'].flatMap((z) => [node(`${z}1`, { zone: z }), node(`${z}2`, { zone: z })]));
}

const X = { app: 'x' };
const at = (ns: NodeObj[], name: string): number => ns.findIndex((n) => n.name === name);

/** Runs PreFilter + Filter on every node; returns the names of the nodes that pass, or the reason of each. */
function filter(ns: NodeObj[], placed: Array<[PodObj, string]>, incoming: PodObj, minor = 33): Record<string, string> {
  const { cache, handle } = cacheWith(ns, placed.map(([p, n]) => [p, at(ns, n)]), minor);
  const pl = new PodTopologySpread(handle);
  const state = new CycleState();
  const info = new PodInfo(incoming);
  state.reset(info);
  expect(pl.preFilter(state, info).code).toBe(0);
  return Object.fromEntries(cache.nodes.map((n) => [n.node.name, pl.filter(state, info, n).reasons[0] ?? 'ok']));
}

const SKEW = "node(s) didn't match pod topology spread constraints";

describe('PodTopologySpread filter', () => {
  it('zone maxSkew 1: counts a=2 b=1 c=0, min 0 → only c passes', () => {
    // a: 2 + 1 − 0 = 3 > 1; b: 1 + 1 − 0 = 2 > 1; c: 0 + 1 − 0 = 1 ≤ 1
    const ns = sixNodes();
    const r = filter(ns, [[pod('p1', { labels: X }), 'a1'], [pod('p2', { labels: X }), 'a2'], [pod('p3', { labels: X }), 'b1']], pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1)] }));
    expect(r).toEqual({ a1: SKEW, a2: SKEW, b1: SKEW, b2: SKEW, c1: 'ok', c2: 'ok' });
  });

  it('minDomains above the domain count makes the global minimum 0', () => {
    // a=b=c=1, min 1: 1 + 1 − 1 = 1 ≤ 1 everywhere; with minDomains 4 > 3 domains min is 0: 1 + 1 − 0 = 2 > 1
    const ns = sixNodes();
    const placed: Array<[PodObj, string]> = [[pod('p1', { labels: X }), 'a1'], [pod('p2', { labels: X }), 'b1'], [pod('p3', { labels: X }), 'c1']];
    expect(Object.values(filter(ns, placed, pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1)] })))).toEqual(Array(6).fill('ok'));
    expect(Object.values(filter(sixNodes(), placed.map(([p, n]) => [pod(p.name, { labels: X }), n]), pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1, { minDomains: 4 })] })))).toEqual(Array(6).fill(SKEW));
  });

  it('a pod that does not match its own selector adds 0', () => {
    // a=2 b=1 c=1, min 1; incoming app=y: a: 2 + 0 − 1 = 1 ≤ 1
    const ns = sixNodes();
    const placed: Array<[PodObj, string]> = [[pod('p1', { labels: X }), 'a1'], [pod('p2', { labels: X }), 'a2'], [pod('p3', { labels: X }), 'b1'], [pod('p4', { labels: X }), 'c1']];
    expect(Object.values(filter(ns, placed, pod('new', { labels: { app: 'y' }, spread: [constraint(LABEL_ZONE, 1)] })))).toEqual(Array(6).fill('ok'));
  });

  it('terminating pods and pods of other namespaces do not count', () => {
    // a: 1 live + 1 terminating + 1 in ns "other" → 1; b=1, c=1: min 1, a: 1 + 1 − 1 = 1 ≤ 1
    const ns = sixNodes();
    const placed: Array<[PodObj, string]> = [
      [pod('p1', { labels: X }), 'a1'],
      [pod('gone', { labels: X, deleting: true }), 'a2'],
      [pod('elsewhere', { labels: X, ns: 'other' }), 'a2'],
      [pod('p3', { labels: X }), 'b1'],
      [pod('p4', { labels: X }), 'c1'],
    ];
    expect(filter(ns, placed, pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1)] })).a1).toBe('ok');
  });

  it('a node without the topology label is unresolvable', () => {
    const ns = nodes(node('a1', { zone: 'a' }), node('bare'));
    expect(filter(ns, [], pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1)] })).bare).toBe(`${SKEW} (missing required label)`);
  });

  it('nodeAffinityPolicy Honor counts only domains the pod may use; Ignore counts them all', () => {
    // nodeSelector zone ∈ {a, b} (via matchExpressions is not needed: a label "pool=ab" on a and b nodes).
    // Honor: domains a=1, b=1 → min 1; a: 1 + 1 − 1 = 1 ≤ 1. Ignore: c=0 joins → min 0; a: 2 > 1.
    const mk = (): NodeObj[] => nodes(node('a1', { zone: 'a', labels: { pool: 'ab' } }), node('b1', { zone: 'b', labels: { pool: 'ab' } }), node('c1', { zone: 'c' }));
    const placed = (): Array<[PodObj, string]> => [[pod('p1', { labels: X }), 'a1'], [pod('p2', { labels: X }), 'b1']];
    expect(filter(mk(), placed(), pod('new', { labels: X, nodeSelector: { pool: 'ab' }, spread: [constraint(LABEL_ZONE, 1)] })).a1).toBe('ok');
    expect(filter(mk(), placed(), pod('new', { labels: X, nodeSelector: { pool: 'ab' }, spread: [constraint(LABEL_ZONE, 1, { nodeAffinityPolicy: 'Ignore' })] })).a1).toBe(SKEW);
  });

  it('an empty cordoned node still counts as a hostname domain (global min stays 0)', () => {
    // a1=2, b1=2, c1 cordoned with 0: min 0 → a1: 2 + 1 − 0 = 3 > maxSkew 2
    const ns = nodes(node('a1', { zone: 'a' }), node('b1', { zone: 'b' }), node('c1', { zone: 'c', unschedulable: true }));
    const placed: Array<[PodObj, string]> = [[pod('p1', { labels: X }), 'a1'], [pod('p2', { labels: X }), 'a1'], [pod('p3', { labels: X }), 'b1'], [pod('p4', { labels: X }), 'b1']];
    expect(filter(ns, placed, pod('new', { labels: X, spread: [constraint(LABEL_HOSTNAME, 2)] }))).toEqual({ a1: SKEW, b1: SKEW, c1: 'ok' });
  });

  it('matchLabelKeys narrows the selector to the pod revision', () => {
    // Old revision h0 has 2 pods in a; the new pod (h1) counts only h1 pods: a=b=c=0 → everywhere 1 ≤ 1
    const ns = sixNodes();
    const old = { app: 'x', 'pod-template-hash': 'h0' };
    const r = filter(ns, [[pod('o1', { labels: old }), 'a1'], [pod('o2', { labels: old }), 'a2']], pod('new', { labels: { app: 'x', 'pod-template-hash': 'h1' }, spread: [constraint(LABEL_ZONE, 1, { matchLabelKeys: ['pod-template-hash'] })] }));
    expect(Object.values(r)).toEqual(Array(6).fill('ok'));
  });
});

/** PreScore + Score + NormalizeScore over every node as feasible. */
function scores(handle: Handle, incoming: PodObj): Record<string, number> {
  const pl = new PodTopologySpread(handle);
  const state = new CycleState();
  const info = new PodInfo(incoming);
  state.reset(info);
  const all = handle.cache.nodes;
  const feasible = Int32Array.from(all.map((n) => n.index));
  expect(pl.preScore(state, info, feasible, feasible.length).code).toBe(0);
  const s = Float64Array.from(all.map((n) => pl.score(state, info, n)));
  pl.normalizeScore(state, info, s, feasible, feasible.length);
  return Object.fromEntries(all.map((n, k) => [n.node.name, s[k]]));
}

describe('PodTopologySpread score', () => {
  const three = (): NodeObj[] => nodes(node('a1', { zone: 'a' }), node('b1', { zone: 'b' }), node('c1', { zone: 'c' }));
  const placed = (ns: NodeObj[]): Array<[PodObj, number]> => [[pod('p1', { labels: X }), at(ns, 'a1')], [pod('p2', { labels: X }), at(ns, 'a1')], [pod('p3', { labels: X }), at(ns, 'b1')]];

  it('zone, maxSkew 1: raw = count × ln(3 + 2)', () => {
    // w = ln 5 = 1.609; raw a = round(2w) = 3, b = round(w) = 2, c = 0
    // normalized 100·(max + min − raw)/max with max 3, min 0: a 0, b 33 (33.3), c 100
    const ns = three();
    const { handle } = cacheWith(ns, placed(ns));
    expect(scores(handle, pod('new', { labels: X, spread: [constraint(LABEL_ZONE, 1, {}, false)] }))).toEqual({ a1: 0, b1: 33, c1: 100 });
  });

  it('hostname, maxSkew 3: raw = count × ln(nodes + 2) + 2', () => {
    // w = ln 5; raw a1 = round(2w + 2) = 5, b1 = round(w + 2) = 4, c1 = 2
    // max 5, min 2: a1 100·2/5 = 40, b1 100·3/5 = 60, c1 100·5/5 = 100
    const ns = three();
    const { handle } = cacheWith(ns, placed(ns));
    expect(scores(handle, pod('new', { labels: X, spread: [constraint(LABEL_HOSTNAME, 3, {}, false)] }))).toEqual({ a1: 40, b1: 60, c1: 100 });
  });

  it('system defaults from a Service selecting the pod: hostname 3 + zone 5', () => {
    // Nodes a1, a2 (zone a), b1 (zone b); one app=x pod on a1.
    // hostname: 3 nodes → w_h = ln 5 = 1.609; zone: 2 domains → w_z = ln 4 = 1.386
    // a1: (1·w_h + 2) + (1·w_z + 4) = 8.996 → 9;  a2: 2 + 5.386 → 7;  b1: 2 + 4 = 6
    // max 9, min 6: a1 100·6/9 = 66, a2 100·8/9 = 88, b1 100·9/9 = 100
    const ns = nodes(node('a1', { zone: 'a' }), node('a2', { zone: 'a' }), node('b1', { zone: 'b' }));
    const { cache } = cacheWith(ns, [[pod('p1', { labels: X }), 0]]);
    const svc: ServiceSpec = { namespace: 'default', name: 'x', key: 'service/default/x', selector: compileMapSelector(X), type: 'ClusterIP', headless: false, publishNotReadyAddresses: false, source: { file: '', line: 0, col: 0 } };
    const handle: Handle = { cache, services: new Map([[svc.key, svc]]), workloads: new Map(), kubernetesMinor: 33 };
    const incoming = pod('new', { labels: X });
    incoming.services = [svc.key];
    expect(scores(handle, incoming)).toEqual({ a1: 66, a2: 88, b1: 100 });
  });

  it('a pod selected by nothing has no default constraints (Skip)', () => {
    const ns = three();
    const { handle } = cacheWith(ns);
    const pl = new PodTopologySpread(handle);
    const state = new CycleState();
    const info = new PodInfo(pod('lonely', { labels: X }));
    state.reset(info);
    expect(pl.preScore(state, info, new Int32Array([0, 1, 2]), 3).code).toBe(3);
  });
});
