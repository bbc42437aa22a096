/**
 * NodeAffinity's PreFilterResult (node_affinity.go PreFilter, schedule_one.go findNodesThatFitPod):
 * a pod whose required node affinity names nodes with `matchFields metadata.name In` — a DaemonSet's
 * pod — is filtered on those nodes only; the rotating start moves on by the nodes processed
 * (modulo all nodes from 1.27, modulo the named list before); from 1.31 the nodes left out count
 * in the FailedScheduling message as "didn't satisfy plugin(s) [NodeAffinity]".
 */
import type { Affinity } from 'kubernetes-types/core/v1.js';
import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/kernel/rng.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import { CycleState } from '../../src/scheduler/framework/cycle-state.js';
import { Framework } from '../../src/scheduler/framework/runtime.js';
import { defaultProfile } from '../../src/scheduler/profile.js';
import { cacheWith, node, nodes, pod } from './build.js';

/** Required node affinity: terms ORed, each an AND of `metadata.name In values` requirements. */
function byName(...terms: string[][][]): Affinity {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: terms.map((reqs) => ({ matchFields: reqs.map((values) => ({ key: 'metadata.name', operator: 'In' as const, values })) })),
      },
    },
  };
}

/** 150 nodes of 1 cpu (more than the 100 below which every node is searched), and a framework over them. */
function world(minor: number, placed: Array<[ReturnType<typeof pod>, number]> = []) {
  const ns = nodes(...Array.from({ length: 150 }, (_, i) => node(`n${String(i).padStart(3, '0')}`, { cpu: 1000 })));
  const { handle } = cacheWith(ns, placed, minor);
  const fw = new Framework(handle, defaultProfile(handle).profile, 0, new Streams(1).keyed('scheduler/ties'));
  return { fw, names: ns.map((n) => n.name) };
}

describe('NodeAffinity PreFilterResult', () => {
  it('filters a pod pinned by name on its node alone and binds it there', () => {
    const { fw, names } = world(33);
    const r = fw.schedule(new CycleState(), new PodInfo(pod('ds-n042', { cpu: 100, affinity: byName([['n042']]) })));
    expect(r.ok && { node: names[r.node], evaluated: r.evaluated }).toEqual({ node: 'n042', evaluated: 1 });
  });

  it('moves the rotating start on by the nodes processed: modulo all nodes from 1.27, modulo the named list before', () => {
    // n000..n019 are full. A pod of 500m fits on the other 130 nodes; 100 feasible are wanted
    // (numFeasibleNodesToFind of 150), so a search from position s evaluates (20 − s) + 100 nodes.
    const full = Array.from({ length: 20 }, (_, i): [ReturnType<typeof pod>, number] => [pod(`filler-${i}`, { cpu: 1000 }), i]);
    const evaluatedAfterPinned = (minor: number, pinned: number): number => {
      const { fw } = world(minor, full);
      for (let i = 0; i < pinned; i++) fw.schedule(new CycleState(), new PodInfo(pod(`ds-${i}`, { cpu: 10, affinity: byName([['n030', 'n040']]) })));
      const r = fw.schedule(new CycleState(), new PodInfo(pod('big', { cpu: 500 })));
      return r.ok ? r.evaluated : -1;
    };
    expect(evaluatedAfterPinned(33, 0)).toBe(120); // start 0
    // The pinned pod processed its 2 named nodes: the start moves from 0 to 2 of 150 …
    expect(evaluatedAfterPinned(33, 1)).toBe(118);
    expect(evaluatedAfterPinned(27, 1)).toBe(118);
    // … but before 1.27 the start is taken modulo the named list: (0 + 2) % 2 = 0.
    expect(evaluatedAfterPinned(26, 1)).toBe(120);
  });

  it('names the nodes left out in the message from 1.31, not before', () => {
    const busy: Array<[ReturnType<typeof pod>, number]> = [[pod('hog', { cpu: 1000 }), 7]];
    const message = (minor: number): string => {
      const { fw } = world(minor, busy);
      const r = fw.schedule(new CycleState(), new PodInfo(pod('ds-n007', { cpu: 100, affinity: byName([['n007']]) })));
      return r.ok ? '' : r.message;
    };
    expect(message(31)).toBe("0/150 nodes are available: 1 Insufficient cpu, 149 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/150 nodes are available: 1 No preemption victims found for incoming pod, 149 Preemption is not helpful for scheduling..");
    expect(message(30)).toBe('0/150 nodes are available: 1 Insufficient cpu. preemption: 0/150 nodes are available: 1 No preemption victims found for incoming pod, 149 Preemption is not helpful for scheduling..');
  });

  it('intersects the requirements of a term and unites the terms; an empty intersection is a conflict', () => {
    const { fw, names } = world(33);
    const r = fw.schedule(new CycleState(), new PodInfo(pod('a', { cpu: 100, affinity: byName([['n003', 'n004'], ['n004', 'n005']], [['n100']]) })));
    expect(r.ok && r.evaluated).toBe(2); // n004 and n100
    expect(r.ok && ['n004', 'n100'].includes(names[r.node])).toBe(true);
    const c = fw.schedule(new CycleState(), new PodInfo(pod('b', { cpu: 100, affinity: byName([['n003'], ['n004']]) })));
    expect(c.ok ? '' : c.message).toBe('0/150 nodes are available: pod affinity terms conflict. preemption: 0/150 nodes are available: 150 Preemption is not helpful for scheduling..');
  });

  it('searches every node when a term names no node by name (terms are ORed)', () => {
    const { fw } = world(33);
    const affinity: Affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n001'] }] },
            { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['n002'] }] },
          ],
        },
      },
    };
    const r = fw.schedule(new CycleState(), new PodInfo(pod('c', { cpu: 100, affinity })));
    expect(r.ok && r.evaluated).toBe(150);
  });
});
