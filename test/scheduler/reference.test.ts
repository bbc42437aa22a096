/**
 * The incremental indexes against upstream's algorithms written out literally (walk every node
 * and every pod each time), on random clusters over many seeds: PodTopologySpread's filter
 * (calPreFilterState + Filter) and InterPodAffinity's anti-affinity filter must agree node by node.
 */
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import type { NodeObj, PodObj } from '../../src/apiserver/objects.js';
import { Rng } from '../../src/kernel/rng.js';
import { nodeAffinityMatches } from '../../src/manifests/match.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { InterPodAffinity } from '../../src/scheduler/plugins/InterPodAffinity.js';
import { PodTopologySpread } from '../../src/scheduler/plugins/PodTopologySpread.js';
import { LABEL_HOSTNAME, LABEL_ZONE } from '../../src/topology/types.js';
import { cacheWith, node, nodes, pod } from './build.js';

interface World {
  ns: NodeObj[];
  placed: Array<[PodObj, number]>;
}

function randomWorld(rng: Rng): World {
  const ns = nodes(
    ...Array.from({ length: 4 + rng.int(9) }, (_, i) => {
      const zone = rng.next() < 0.1 ? undefined : `z${rng.int(3)}`;
      return node(`n${i}`, { zone, labels: rng.next() < 0.5 ? { pool: 'p' } : {} });
    }),
  );
  const placed: Array<[PodObj, number]> = [];
  for (let i = 0, n = rng.int(25); i < n; i++) {
    placed.push([pod(`p${i}`, { labels: { app: rng.pick(['a', 'b']) }, ns: rng.next() < 0.8 ? 'default' : 'other', deleting: rng.next() < 0.15 }), rng.int(ns.length)]);
  }
  return { ns, placed };
}

/** Upstream's PodTopologySpread filter, literally, for one constraint with selector app=a. */
function referenceSpread(w: World, c: { key: string; maxSkew: number; minDomains: number; honorAffinity: boolean }, incoming: PodObj): boolean[] {
  const counts = new Map<string, number>();
  for (let i = 0; i < w.ns.length; i++) {
    const n = w.ns[i];
    if (c.honorAffinity && !nodeAffinityMatches(incoming.template, n.labels, n.name)) continue;
    if (n.labels[c.key] === undefined) continue;
    let count = 0;
    for (const [p, at] of w.placed) if (at === i && p.deletionTimestamp < 0 && p.namespace === incoming.namespace && p.labels.app === 'a') count++;
    counts.set(n.labels[c.key], (counts.get(n.labels[c.key]) ?? 0) + count);
  }
  let min = counts.size === 0 ? 2 ** 31 - 1 : Math.min(...counts.values());
  if (counts.size < c.minDomains) min = 0;
  const self = incoming.labels.app === 'a' ? 1 : 0;
  return w.ns.map((n) => {
    const v = n.labels[c.key];
    if (v === undefined) return false;
    return (counts.get(v) ?? 0) + self - min <= c.maxSkew;
  });
}

/** Upstream's anti-affinity filter, literally, for one required term (app=a on `key`), own and existing. */
function referenceAnti(w: World, key: string, incoming: PodObj, incomingHasTerm: boolean): boolean[] {
  return w.ns.map((n) => {
    for (const [p, at] of w.placed) {
      const m = w.ns[at];
      if (m.labels[key] === undefined || m.labels[key] !== n.labels[key]) continue;
      if (incomingHasTerm && p.namespace === incoming.namespace && p.labels.app === 'a') return false;
      const existingTerm = p.template.affinity?.podAntiAffinity !== undefined;
      if (existingTerm && p.namespace === incoming.namespace && incoming.labels.app === 'a') return false;
    }
    return true;
  });
}

describe('incremental indexes agree with upstream’s full recount', () => {
  it('PodTopologySpread filter, 300 random clusters', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = new Rng(`spread-${seed}`);
      const w = randomWorld(rng);
      const key = rng.pick([LABEL_ZONE, LABEL_HOSTNAME]);
      const c = { key, maxSkew: 1 + rng.int(2), minDomains: 1 + rng.int(4), honorAffinity: rng.next() < 0.7 };
      const constraint: TopologySpreadConstraint = {
        topologyKey: key,
        maxSkew: c.maxSkew,
        minDomains: c.minDomains,
        nodeAffinityPolicy: c.honorAffinity ? 'Honor' : 'Ignore',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'a' } },
      };
      const incoming = pod('new', { labels: { app: rng.pick(['a', 'b']) }, nodeSelector: rng.next() < 0.4 ? { pool: 'p' } : {}, spread: [constraint] });
      const { cache, handle } = cacheWith(w.ns, w.placed);
      const pl = new PodTopologySpread(handle);
      const state = new CycleState();
      const info = new PodInfo(incoming);
      state.reset(info);
      pl.preFilter(state, info);
      const got = cache.nodes.map((n) => pl.filter(state, info, n).ok);
      expect(got, `seed ${seed}`).toEqual(referenceSpread(w, c, incoming));
    }
  });

  it('InterPodAffinity required anti-affinity (own and existing), 300 random clusters', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rng = new Rng(`anti-${seed}`);
      const w = randomWorld(rng);
      const key = rng.pick([LABEL_ZONE, LABEL_HOSTNAME]);
      const term = { topologyKey: key, labelSelector: { matchLabels: { app: 'a' } } };
      // Some existing pods carry the same term.
      w.placed = w.placed.map(([p, at]) => [rng.next() < 0.2 ? pod(p.name, { labels: p.labels, ns: p.namespace, deleting: p.deletionTimestamp >= 0, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }) : p, at]);
      const own = rng.next() < 0.6;
      const incoming = pod('new', { labels: { app: rng.pick(['a', 'b']) }, affinity: own ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } : undefined });
      const { cache, handle } = cacheWith(w.ns, w.placed);
      const pl = new InterPodAffinity(handle);
      const state = new CycleState();
      const info = new PodInfo(incoming);
      state.reset(info);
      const skip = pl.preFilter(state, info).code === 3;
      const got = cache.nodes.map((n) => skip || pl.filter(state, info, n).ok);
      expect(got, `seed ${seed}`).toEqual(referenceAnti(w, key, incoming, own));
    }
  });

  it('keeps counts and the minimum right through adds, terminations and removals', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const rng = new Rng(`churn-${seed}`);
      const w = randomWorld(rng);
      const { cache } = cacheWith(w.ns);
      const sel = new PodInfo(pod('probe', { labels: { app: 'a' }, spread: [{ topologyKey: LABEL_ZONE, maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } } }] }));
      const pl = new PodTopologySpread({ cache, services: new Map(), workloads: new Map(), kubernetesMinor: 33 });
      const matcher = pl.constraintsOf(sel).hard[0].matcher;
      const idx = cache.indexes.get(matcher);
      const zones = cache.topology.domains(LABEL_ZONE);
      const dc = idx.domainCounts(zones);
      const live: PodInfo[] = [];
      for (let step = 0; step < 200; step++) {
        const r = rng.next();
        if (r < 0.5 || live.length === 0) {
          const p = new PodInfo(pod(`c${step}`, { labels: { app: rng.pick(['a', 'b']) } }));
          cache.add(p, rng.int(w.ns.length), rng.next() < 0.5);
          live.push(p);
        } else if (r < 0.7) {
          const p = rng.pick(live);
          p.pod.deletionTimestamp = step;
          cache.markTerminating(p);
        } else {
          const p = live.splice(rng.int(live.length), 1)[0];
          cache.remove(p);
        }
        const expectLive = zones.values.map((_, d) => live.filter((p) => p.pod.deletionTimestamp < 0 && p.pod.labels.app === 'a' && zones.of[p.node] === d).length);
        expect([...dc.live], `seed ${seed} step ${step}`).toEqual(expectLive);
        if (expectLive.length > 0) expect(dc.minLive, `seed ${seed} step ${step}`).toBe(Math.min(...expectLive));
      }
    }
  });
});
