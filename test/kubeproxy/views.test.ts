/**
 * kube-proxy's programmed views (src/kubeproxy/views.ts): what a view reaches follows
 * pkg/proxy/topology.go `CategorizeEndpoints` — ready endpoints, else serving-terminating ones
 * (KEP-1669) — counted where the pod truly serves; a frozen view keeps the endpoints of its
 * freeze whatever the live view programs afterwards, and follows the pods' truth.
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import type { EndpointConditions } from '../../src/controllers/endpointslice/slices.js';
import { ProgrammedViews } from '../../src/kubeproxy/views.js';

const SVC = 'service/default/web';
const READY: EndpointConditions = { ready: true, serving: true, terminating: false };
const TERMINATING: EndpointConditions = { ready: false, serving: true, terminating: true };
const NOT_READY: EndpointConditions = { ready: false, serving: false, terminating: false };

function setup(n: number) {
  const truth = new Map<number, boolean>();
  const pods = Array.from({ length: n }, (_, i) => ({ uid: i, services: [SVC] }) as unknown as PodObj);
  const views = new ProgrammedViews((p) => truth.get(p.uid as unknown as number) ?? false);
  const setTruth = (i: number, ready: boolean): void => {
    truth.set(i, ready);
    views.truthChanged(pods[i], ready);
  };
  return { pods, views, setTruth };
}

describe('what a view reaches (CategorizeEndpoints, Cluster policy)', () => {
  it('counts ready endpoints whose pod truly serves; a listed dead pod is a black hole, not a reach', () => {
    const { pods, views, setTruth } = setup(3);
    for (const p of pods) views.program(SVC, p, READY);
    expect(views.reach(SVC, null)).toBe(0);
    setTruth(0, true);
    setTruth(1, true);
    expect(views.reach(SVC, null)).toBe(2);
    setTruth(1, false);
    expect(views.reach(SVC, null)).toBe(1);
    views.program(SVC, pods[0], NOT_READY);
    expect(views.reach(SVC, null)).toBe(0);
  });

  it('falls back to serving-terminating endpoints only when no endpoint is ready (KEP-1669)', () => {
    const { pods, views, setTruth } = setup(2);
    setTruth(0, true);
    setTruth(1, true);
    views.program(SVC, pods[0], TERMINATING);
    expect(views.reach(SVC, null)).toBe(1);
    // A ready endpoint, even one whose pod is dead, disables the fallback.
    views.program(SVC, pods[1], READY);
    setTruth(1, false);
    expect(views.reach(SVC, null)).toBe(0);
    views.program(SVC, pods[1], null);
    expect(views.reach(SVC, null)).toBe(1);
    // Terminating and no longer serving: not a fallback endpoint.
    views.program(SVC, pods[0], { ready: false, serving: false, terminating: true });
    expect(views.reach(SVC, null)).toBe(0);
  });
});

describe('frozen views (nodes cut off from the API keep their rules)', () => {
  it('keep the endpoints of their freeze while the live view drops them, and follow the truth', () => {
    const { pods, views, setTruth } = setup(3);
    for (let i = 0; i < 3; i++) {
      views.program(SVC, pods[i], READY);
      setTruth(i, true);
    }
    const f = views.freeze();
    // The API empties the Service (every pod marked NotReady): the live view follows.
    for (const p of pods) views.program(SVC, p, NOT_READY);
    expect(views.reach(SVC, null)).toBe(0);
    expect(views.reach(SVC, f)).toBe(3);
    // A pod really stops: the frozen rules still send to it, but it no longer answers.
    setTruth(2, false);
    expect(views.reach(SVC, f)).toBe(2);
    // A later change after a second freeze is seen by neither frozen view.
    const g = views.freeze();
    views.program(SVC, pods[0], READY);
    expect([views.reach(SVC, null), views.reach(SVC, f), views.reach(SVC, g)]).toEqual([1, 2, 0]);
    views.release(f);
    expect(views.frozen).toEqual([g]);
  });

  it('a Service that had no endpoint at the freeze stays unreachable through that view', () => {
    const { pods, views, setTruth } = setup(1);
    const f = views.freeze();
    views.program(SVC, pods[0], READY);
    setTruth(0, true);
    expect([views.reach(SVC, null), views.reach(SVC, f)]).toEqual([1, 0]);
  });
});
