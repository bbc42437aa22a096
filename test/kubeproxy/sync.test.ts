/**
 * kube-proxy's sync timing (src/kubeproxy/kubeproxy.ts) against pkg/proxy/runner/bounded_frequency_runner.go
 * with the iptables/nftables defaults (pkg/proxy/apis/config/v1alpha1/defaults.go, minSyncPeriod 1 s):
 * a change heard after a quiet period is programmed at once (after the watch delivery); changes
 * heard less than minSyncPeriod after the last sync wait for last sync + minSyncPeriod and are
 * programmed together; nothing else syncs (the periodic resync re-applies the same state).
 * A fake world: two nodes that follow the API, one Service, every pod truly ready.
 */
import { describe, expect, it } from 'vitest';
import type { NodeApiRoutes } from '../../src/apiserver/noderoutes.js';
import type { PodObj } from '../../src/apiserver/objects.js';
import type { Change, EndpointSlices } from '../../src/controllers/endpointslice/slices.js';
import { Sim } from '../../src/kernel/sim.js';
import { MS, SEC, toSeconds } from '../../src/kernel/time.js';
import { KubeProxies, MIN_SYNC_PERIOD_US, PROXY_WATCH_US } from '../../src/kubeproxy/kubeproxy.js';
import type { WorldContext } from '../../src/world/context.js';

const SVC = 'service/default/web';

function setup() {
  const sim = new Sim();
  const serving: Array<{ t: number; n: number }> = [];
  const metrics = {
    takeServing: () => undefined,
    isTrulyReady: () => true,
    onTruth: () => undefined,
    setServing: (_svc: string, n: number, t: number) => {
      if (serving.at(-1)?.n !== n) serving.push({ t, n });
    },
  };
  const ctx = {
    metrics, sim,
    scenario: { manifests: { services: [{ key: SVC }] } },
    topology: { hosts: [{}, {}] },
    hosts: { onDown: () => undefined },
    network: { isUp: () => true },
  } as unknown as WorldContext;
  const routes = { nodeHosts: [0, 1], onChange: () => undefined, isConnected: () => true } as unknown as NodeApiRoutes;
  let emit: (service: string, c: Change) => void = () => undefined;
  const slices = { onChange: (fn: typeof emit) => (emit = fn) } as unknown as EndpointSlices;
  new KubeProxies(ctx, routes, slices).start();
  /** The API adds pod `uid`'s ready endpoint at `t`. */
  const add = (t: number, uid: number): void => {
    const pod = { uid, services: [SVC] } as unknown as PodObj;
    sim.at(t, 'test endpoint', () => emit(SVC, { pod, endpoint: { pod, conditions: { ready: true, serving: true, terminating: false } } }));
  };
  return { sim, serving, add };
}

describe('kube-proxy sync (BoundedFrequencyRunner, minSyncPeriod 1 s)', () => {
  it('syncs a change after a quiet period at once, and coalesces later ones until last sync + minSyncPeriod', () => {
    const { sim, serving, add } = setup();
    const T = 10 * SEC;
    add(T, 1);
    add(T + 200 * MS, 2);
    add(T + 500 * MS, 3);
    add(T + 20 * SEC, 4);
    sim.run(T + 60 * SEC);
    const first = T + PROXY_WATCH_US;
    expect(serving.map((s) => ({ t: toSeconds(s.t), n: s.n }))).toEqual([
      { t: 0, n: 0 },
      { t: toSeconds(first), n: 1 },
      // Both later changes wait for the runner's minimum interval, then one sync programs both.
      { t: toSeconds(first + MIN_SYNC_PERIOD_US), n: 3 },
      { t: toSeconds(T + 20 * SEC + PROXY_WATCH_US), n: 4 },
    ]);
    expect(MIN_SYNC_PERIOD_US).toBe(1 * SEC);
  });
});
