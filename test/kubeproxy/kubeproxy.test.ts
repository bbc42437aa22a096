/**
 * kube-proxy in a full run (src/kubeproxy/kubeproxy.ts): nodes cut off from the API servers keep
 * the rules they last programmed (pkg/proxy/config/config.go: handlers run only on informer
 * events) and share one frozen view; the nodes that still reach the API follow the EndpointSlices
 * (pkg/proxy/iptables/proxier.go), and `serving` is what the worst-off live node reaches. The
 * 10 nodes of zone r1-a (its rack r1-a/r1; the zone's control-plane host stays with the others)
 * lose their path to the API servers for 10 min; one of them crashes meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { toSeconds } from '../../src/kernel/time.js';
import { runE2E, scenarioWith } from '../e2e/helpers.js';

const CUT_S = 300;
const HEAL_S = 900;
const CRASH_S = 480;
const SVC = 'service/default/spread';

function run(seed: number) {
  const scenario = scenarioWith('zones', {
    duration: '20m',
    faults: [
      { at: `${CUT_S}s`, partition: { groups: [['control-plane'], ['r1-a/r1']], cut: 'kubelet-apiserver' }, for: `${HEAL_S - CUT_S}s` },
      { at: `${CRASH_S}s`, 'node-crash': 'r1-a-r1-n1', for: '20m' },
    ],
  });
  const seen: Array<{ t: number; live: number; frozen: number[] }> = [];
  const r = runE2E(scenario, { seed }, (w) => {
    const note = (): void => {
      seen.push({ t: w.ctx.sim.now, ...w.kubeProxies.membership() });
    };
    // Registered after the kube-proxies: they have reacted when these run.
    w.kubelets.routes.onChange(note);
    w.ctx.hosts.onDown(note);
  });
  const origin = r.world.originUs;
  const membership = seen.map((m) => ({ ...m, t: toSeconds(m.t - origin) }));
  const at = (tS: number) => membership.findLast((m) => m.t <= tS)!;
  return { r, at };
}

describe('kube-proxy per node', () => {
  for (const seed of [1, 2]) {
    it(`cut-off nodes share one frozen view; serving is what the live nodes reach (seed ${seed})`, () => {
      const msg = `seed ${seed}`;
      const { r, at } = run(seed);
      expect(at(CUT_S + 1), msg).toMatchObject({ live: 20, frozen: [10] });
      // The crashed node is no longer a client node; the others keep their frozen rules.
      expect(at(CRASH_S + 1), msg).toMatchObject({ live: 20, frozen: [9] });
      expect(at(HEAL_S + 1), msg).toMatchObject({ live: 29, frozen: [] });
      // Before the crash: zone r1-a's pods still run but the API lists none of them after its
      // nodes went NotReady; the live nodes follow the API, so every client reaches only the others.
      const mid = r.avail.at(SVC, CRASH_S - 1);
      expect(mid.ready, msg).toBe(30);
      expect(mid.endpoints, msg).toBeLessThan(30);
      expect(mid.serving, msg).toBe(mid.endpoints);
      // Never more than what truly serves.
      for (const row of r.avail.rows(SVC)) expect(row.serving!, `${msg} t=${row.t}`).toBeLessThanOrEqual(row.ready);
    });
  }

  it('a whole-cluster cut freezes every node in one view: serving stays at ready (seed 1)', () => {
    const scenario = scenarioWith('zones', {
      duration: '20m',
      faults: [{ at: `${CUT_S}s`, partition: { groups: [['control-plane']], cut: 'kubelet-apiserver' }, for: `${HEAL_S - CUT_S}s` }],
    });
    const r = runE2E(scenario, { seed: 1 });
    for (const row of r.avail.between(SVC, CUT_S, HEAL_S)) {
      expect(row, `seed 1 t=${row.t}`).toMatchObject({ ready: 30, serving: 30 });
    }
    expect(r.avail.at(SVC, HEAL_S - 1).endpoints, 'seed 1').toBe(0);
  });
});
