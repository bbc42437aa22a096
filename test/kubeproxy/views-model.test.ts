/**
 * The frozen views are overlays on the live one (src/kubeproxy/views.ts): checked against the
 * definition — every frozen view reaches what a full copy of the live endpoints taken at its
 * freeze reaches — through random endpoint changes, freezes, releases and truth changes.
 * Reach as pkg/proxy/topology.go CategorizeEndpoints: ready endpoints that truly serve, or, with
 * none ready, serving-terminating ones that truly serve (KEP-1669).
 */
import { describe, expect, it } from 'vitest';
import type { PodObj } from '../../src/apiserver/objects.js';
import type { EndpointConditions } from '../../src/controllers/endpointslice/slices.js';
import { Rng } from '../../src/kernel/rng.js';
import { ProgrammedViews, type FrozenView } from '../../src/kubeproxy/views.js';

const SVCS = ['service/default/a', 'service/default/b'];
const CONDS: Array<EndpointConditions | null> = [
  { ready: true, serving: true, terminating: false },
  { ready: false, serving: true, terminating: true },
  { ready: false, serving: false, terminating: true },
  { ready: false, serving: false, terminating: false },
  null,
];
type Copy = Map<string, Map<number, EndpointConditions>>;

/** What a client reaches through a full copy of the endpoints (the definition). */
function reach(copy: Copy, svc: string, truth: boolean[]): number {
  const eps = [...(copy.get(svc) ?? new Map<number, EndpointConditions>()).entries()];
  const ready = eps.filter(([, c]) => c.ready);
  const use = ready.length > 0 ? ready : eps.filter(([, c]) => c.serving && c.terminating);
  return use.filter(([uid]) => truth[uid]).length;
}

function clone(c: Copy): Copy {
  return new Map([...c].map(([svc, m]) => [svc, new Map(m)]));
}

function run(seed: number): string[] {
  const rng = new Rng(`views-model-test/${seed}`);
  const truth = Array.from({ length: 12 }, () => rng.int(2) === 0);
  // Pods 0–5 back service a; 6–11 back a and b.
  const pods = truth.map((_, uid) => ({ uid, services: uid < 6 ? [SVCS[0]] : SVCS }) as unknown as PodObj);
  const views = new ProgrammedViews((p) => truth[p.uid as unknown as number]);
  const live: Copy = new Map();
  const frozen: Array<{ view: FrozenView; copy: Copy }> = [];
  const bad: string[] = [];
  for (let step = 0; step < 400; step++) {
    const r = rng.int(10);
    if (r < 5) {
      const pod = pods[rng.int(pods.length)];
      const svc = rng.pick(pod.services);
      const cond = rng.pick(CONDS);
      views.program(svc, pod, cond ? { ...cond } : null);
      let m = live.get(svc);
      if (!m) live.set(svc, (m = new Map()));
      if (cond) m.set(pod.uid as unknown as number, cond);
      else m.delete(pod.uid as unknown as number);
    } else if (r < 7) {
      const uid = rng.int(pods.length);
      truth[uid] = !truth[uid];
      views.truthChanged(pods[uid], truth[uid]);
    } else if (r < 9 && frozen.length < 4) {
      frozen.push({ view: views.freeze(), copy: clone(live) });
    } else if (frozen.length > 0) {
      views.release(frozen.splice(rng.int(frozen.length), 1)[0].view);
    }
    for (const svc of SVCS) {
      if (views.reach(svc, null) !== reach(live, svc, truth)) bad.push(`step ${step} live ${svc}`);
      frozen.forEach((f, i) => {
        if (views.reach(svc, f.view) !== reach(f.copy, svc, truth)) bad.push(`step ${step} frozen #${i} ${svc}`);
      });
    }
  }
  return bad;
}

describe('frozen views against full copies', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`reach what a copy of the endpoints at their freeze reaches (seed ${seed})`, () => {
      expect(run(seed).slice(0, 5), `seed ${seed}`).toEqual([]);
    });
  }
});
