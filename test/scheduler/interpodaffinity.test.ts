import type { Affinity, PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { NodeObj, PodObj } from '../../src/apiserver/objects.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { InterPodAffinity } from '../../src/scheduler/plugins/InterPodAffinity.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../src/topology/types.js';
import { cacheWith, node, nodes, pod } from './build.js';

const term = (key: string, labels: Record<string, string>, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ topologyKey: key, labelSelector: { matchLabels: labels }, ...extra });
const anti = (...terms: PodAffinityTerm[]): Affinity => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });
const affinity = (...terms: PodAffinityTerm[]): Affinity => ({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } });

/** Zones a and b with two nodes each: a1 a2 b1 b2. */
const four = (): NodeObj[] => nodes(node('a1', { zone: 'a' }), node('a2', { zone: 'a' }), node('b1', { zone: 'b' }), node('b2', { zone: 'b' }));
const at = (ns: NodeObj[], name: string): number => ns.findIndex((n) => n.name === name);

function filter(ns: NodeObj[], placed: Array<[PodObj, string]>, incoming: PodObj): Record<string, string> {
  const { cache, handle } = cacheWith(ns, placed.map(([p, n]) => [p, at(ns, n)]));
  const pl = new InterPodAffinity(handle);
  const state = new CycleState();
  const info = new PodInfo(incoming);
  state.reset(info);
  if (pl.preFilter(state, info).code === 3) return Object.fromEntries(cache.nodes.map((n) => [n.node.name, 'skip']));
  return Object.fromEntries(cache.nodes.map((n) => [n.node.name, pl.filter(state, info, n).reasons[0] ?? 'ok']));
}

const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";
const AFF = "node(s) didn't match pod affinity rules";
const ZK = { app: 'zk' };

describe('InterPodAffinity filter', () => {
  it('required anti-affinity on hostname keeps a second zk pod off the first one’s node', () => {
    const r = filter(four(), [[pod('zk-0', { labels: ZK }), 'a1']], pod('zk-1', { labels: ZK, affinity: anti(term(LABEL_HOSTNAME, ZK)) }));
    expect(r).toEqual({ a1: ANTI, a2: 'ok', b1: 'ok', b2: 'ok' });
  });

  it('required anti-affinity on zone rejects the whole zone', () => {
    const r = filter(four(), [[pod('zk-0', { labels: ZK }), 'a1']], pod('zk-1', { labels: ZK, affinity: anti(term(LABEL_ZONE, ZK)) }));
    expect(r).toEqual({ a1: ANTI, a2: ANTI, b1: 'ok', b2: 'ok' });
  });

  it('an existing pod’s anti-affinity repels an incoming pod it selects, even one without affinity', () => {
    const r = filter(four(), [[pod('guard', { labels: { app: 'guard' }, affinity: anti(term(LABEL_ZONE, { app: 'web' })) }), 'b2']], pod('web', { labels: { app: 'web' } }));
    expect(r).toEqual({ a1: 'ok', a2: 'ok', b1: EXISTING, b2: EXISTING });
  });

  it('terms count pods of their own namespace unless they name others', () => {
    const other = pod('zk-x', { labels: ZK, ns: 'other' });
    expect(filter(four(), [[other, 'a1']], pod('zk-1', { labels: ZK, affinity: anti(term(LABEL_HOSTNAME, ZK)) })).a1).toBe('ok');
    const named = pod('zk-1', { labels: ZK, affinity: anti(term(LABEL_HOSTNAME, ZK, { namespaces: ['other'] })) });
    expect(filter(four(), [[pod('zk-x', { labels: ZK, ns: 'other' }), 'a1']], named).a1).toBe(ANTI);
  });

  it('required affinity needs a matching pod in the node’s domain', () => {
    const r = filter(four(), [[pod('db', { labels: { app: 'db' } }), 'b1']], pod('api', { labels: { app: 'api' }, affinity: affinity(term(LABEL_ZONE, { app: 'db' })) }));
    expect(r).toEqual({ a1: AFF, a2: AFF, b1: 'ok', b2: 'ok' });
  });

  it('the first pod of a self-affine group may go anywhere that has the key', () => {
    const ns = nodes(node('a1', { zone: 'a' }), node('bare'));
    const r = filter(ns, [], pod('db-0', { labels: { app: 'db' }, affinity: affinity(term(LABEL_ZONE, { app: 'db' })) }));
    expect(r).toEqual({ a1: 'ok', bare: AFF });
  });

  it('a pod with no affinity and no anti-affinity around skips the plugin', () => {
    expect(filter(four(), [[pod('a', { labels: ZK }), 'a1']], pod('b', { labels: ZK })).a1).toBe('skip');
  });
});

function scores(ns: NodeObj[], placed: Array<[PodObj, string]>, incoming: PodObj): Record<string, number> | 'skip' {
  const { cache, handle } = cacheWith(ns, placed.map(([p, n]) => [p, at(ns, n)]));
  const pl = new InterPodAffinity(handle);
  const state = new CycleState();
  const info = new PodInfo(incoming);
  state.reset(info);
  const feasible = Int32Array.from(cache.nodes.map((n) => n.index));
  if (pl.preScore(state, info).code === 3) return 'skip';
  const s = Float64Array.from(cache.nodes.map((n) => pl.score(state, info, n)));
  pl.normalizeScore(state, info, s, feasible, feasible.length);
  return Object.fromEntries(cache.nodes.map((n, k) => [n.node.name, s[k]]));
}

describe('InterPodAffinity score', () => {
  it('preferred affinity, weight 10, zone: raw = 10 × matching pods in the zone', () => {
    // cache pods: 2 in zone a, 1 in zone b → raw a = 20, b = 10, c = 0; 100·(raw − 0)/(20 − 0): a 100, b 50, c 0
    const ns = nodes(node('a1', { zone: 'a' }), node('b1', { zone: 'b' }), node('c1', { zone: 'c' }));
    const c = { app: 'cache' };
    const incoming = pod('api', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term(LABEL_ZONE, c) }] } } });
    expect(scores(ns, [[pod('c1', { labels: c }), 'a1'], [pod('c2', { labels: c }), 'a1'], [pod('c3', { labels: c }), 'b1']], incoming)).toEqual({ a1: 100, b1: 50, c1: 0 });
  });

  it('preferred anti-affinity, weight 5, hostname: the occupied node scores lowest', () => {
    // raw a1 = −5, others 0 → min −5, max 0: a1 0, others 100·5/5 = 100
    const ns = nodes(node('a1', { zone: 'a' }), node('a2', { zone: 'a' }), node('b1', { zone: 'b' }));
    const w = { app: 'web' };
    const incoming = pod('web-1', { labels: w, affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, podAffinityTerm: term(LABEL_HOSTNAME, w) }] } } });
    expect(scores(ns, [[pod('web-0', { labels: w }), 'a1']], incoming)).toEqual({ a1: 0, a2: 100, b1: 100 });
  });

  it('an existing pod’s required affinity attracts the pods it selects (hardPodAffinityWeight 1)', () => {
    // existing api pod in zone b requires app=db in its zone; incoming db pod: raw b = 1, a = 0 → b 100, a 0
    const ns = nodes(node('a1', { zone: 'a' }), node('b1', { zone: 'b' }));
    const api = pod('api', { labels: { app: 'api' }, affinity: affinity(term(LABEL_ZONE, { app: 'db' })) });
    expect(scores(ns, [[api, 'b1']], pod('db', { labels: { app: 'db' } }))).toEqual({ a1: 0, b1: 100 });
  });

  it('nothing to weigh: Skip', () => {
    expect(scores(four(), [[pod('x', { labels: ZK }), 'a1']], pod('y', { labels: ZK }))).toBe('skip');
  });
});
