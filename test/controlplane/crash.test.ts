/**
 * ControlPlane.crashControlPlaneHost / recoverControlPlaneHost: crashes are counted (two
 * overlapping crashes need two recoveries, as etcd process crashes do), compose with other
 * causes, and refuse worker nodes (whose crash must also stop their kubelet).
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import type { HostId } from '../../src/topology/types.js';
import type { ControlPlane } from '../../src/controlplane/controlplane.js';
import { makeControlPlane } from './fixture.js';

/** Whether every process on `host` runs: the host, its etcd member, its two lease candidates. */
function runs(cp: ControlPlane, host: HostId): boolean[] {
  const up = (ps: ReadonlyArray<{ host: HostId; state: string }>) => ps.find((p) => p.host === host)!.state !== 'down';
  return [cp.network.isUp(host), cp.etcd.alive(cp.etcd.memberOf(host)), up(cp.controllerManager.processes), up(cp.scheduler.processes)];
}

describe('crashing a control-plane host', () => {
  it('twice, overlapping: the first recovery leaves it down, the second brings every process back (seeds 1…5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const { sim, cp, topology } = makeControlPlane({ seed });
      cp.start();
      sim.run(30 * SEC);
      const h = topology.controlPlane[1].id;
      const msg = `seed ${seed}, ${topology.hosts[h].name}`;
      cp.crashControlPlaneHost(h); // fault A: 30 s → 60 s
      sim.run(40 * SEC);
      cp.crashControlPlaneHost(h); // fault B: 40 s → 90 s
      sim.run(60 * SEC);
      cp.recoverControlPlaneHost(h); // A ends; B still holds the host down
      sim.run(61 * SEC);
      expect(runs(cp, h), `${msg}: after the first of two recoveries`).toEqual([false, false, false, false]);
      sim.run(90 * SEC);
      cp.recoverControlPlaneHost(h); // B ends
      sim.run(91 * SEC);
      expect(runs(cp, h), `${msg}: after both recoveries`).toEqual([true, true, true, true]);
      cp.recoverControlPlaneHost(h); // a recovery with no crash left changes nothing
      expect(cp.network.isUp(h), msg).toBe(true);
    }
  });

  it('composes with other causes: recovering the crash does not lift a zone outage (seed 2)', () => {
    const { sim, cp, topology } = makeControlPlane({ seed: 2 });
    cp.start();
    sim.run(30 * SEC);
    const h = topology.controlPlane[0].id;
    cp.network.hostDown(h, 'zone-outage');
    cp.crashControlPlaneHost(h);
    cp.recoverControlPlaneHost(h);
    expect(cp.network.isUp(h), 'seed 2: zone outage still holds').toBe(false);
    cp.network.hostUp(h, 'zone-outage');
    expect(cp.network.isUp(h), 'seed 2').toBe(true);
  });

  it('refuses a worker node, whose kubelet this API cannot stop (seed 1)', () => {
    const { cp, topology } = makeControlPlane({ seed: 1 });
    cp.start();
    const worker = topology.nodes[0].id;
    expect(() => cp.crashControlPlaneHost(worker)).toThrow(/z1-r1-n1 is not a control-plane host/);
    expect(() => cp.recoverControlPlaneHost(worker)).toThrow(/not a control-plane host/);
    expect(cp.network.isUp(worker)).toBe(true);
  });
});
