/**
 * The control plane as the world sees it: zone partitions, loss of etcd quorum, the summary
 * section of summary.json, moving targets and events.
 */
import { describe, expect, it } from 'vitest';
import { MIN, SEC, type Time } from '../../src/kernel/time.js';
import type { HostId } from '../../src/topology/types.js';
import type { ControlPlaneParts } from '../../src/world/build-context.js';
import { makeControlPlane } from './fixture.js';

describe('a partition isolating the etcd leader’s zone', () => {
  for (const members of [3, 5]) {
    it(`${members} members over 3 zones: minority leader steps down, majority elects, majority writes resume, minority writes fail after 7 s (seeds 1…20)`, () => {
      const stepDowns: number[] = [];
      const resumed: number[] = [];
      for (let seed = 1; seed <= 20; seed++) {
        const { sim, cp, topology } = makeControlPlane({ seed, cp: members });
        cp.start();
        sim.run(30 * SEC);
        const l = cp.etcd.leader();
        const zone = topology.hosts[cp.etcd.hosts[l]].zone;
        const inZone = topology.hosts.filter((h) => h.zone === zone).map((h) => h.id);
        const outside = topology.hosts.filter((h) => h.zone !== zone).map((h) => h.id);
        let stepDown: Time = -1;
        cp.etcd.observe({ transition: (m, from, to, _t, at) => { if (m === l && from === 'leader' && stepDown < 0) stepDown = at; } });
        const t0 = sim.now;
        cp.addPartition([inZone, outside], 'all', false);
        const minorityNode = topology.zones[zone].nodes[0];
        const majorityNode = outside.find((h) => topology.hosts[h].role === 'node')!;
        let minorityFailedAt: Time = -1;
        let majorityCommittedAt: Time = -1;
        cp.writePath.submit(minorityNode, 'kubelet-apiserver', 'minority write', () => expect.fail(`seed ${seed}: minority write committed`), () => (minorityFailedAt = sim.now));
        cp.writePath.submit(majorityNode, 'kubelet-apiserver', 'majority write', () => (majorityCommittedAt = sim.now));
        sim.run(t0 + 20 * SEC);
        const msg = `seed ${seed}, ${members} members, leader cp-${l + 1} in zone ${zone}`;
        expect(stepDown - t0, `${msg}: step-down after ${stepDown - t0} µs`).toBeGreaterThan(0);
        expect(stepDown - t0, msg).toBeLessThanOrEqual(2 * SEC); // ≤ 2 × electionTimeout with check-quorum
        const nl = cp.etcd.leader();
        expect(nl, msg).toBeGreaterThanOrEqual(0);
        expect(topology.hosts[cp.etcd.hosts[nl]].zone, msg).not.toBe(zone);
        expect(majorityCommittedAt, msg).toBeGreaterThan(t0);
        expect(majorityCommittedAt - t0, msg).toBeLessThan(7 * SEC);
        expect(minorityFailedAt - t0, msg).toBe(7 * SEC);
        stepDowns.push((stepDown - t0) / SEC);
        resumed.push((majorityCommittedAt - t0) / SEC);
      }
      console.log(`zone partition, ${members} members: minority leader stepped down after ${Math.min(...stepDowns).toFixed(3)}–${Math.max(...stepDowns).toFixed(3)} s, majority writes committed after ${Math.min(...resumed).toFixed(3)}–${Math.max(...resumed).toFixed(3)} s`);
    });
  }
});

describe('losing 2 of 3 etcd members', () => {
  it('fails every write after the timeout, counts the outage, loses and later re-acquires the leases (seeds 1…10)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { sim, cp, events } = makeControlPlane({ seed });
      cp.start();
      sim.run(2 * MIN);
      const survivor = cp.etcd.hosts[2];
      const down: HostId[] = [cp.etcd.hosts[0], cp.etcd.hosts[1]];
      const holders = { kcm: cp.controllerManager.leaderIdentity(), sched: cp.scheduler.leaderIdentity() };
      const t0 = sim.now;
      for (const h of down) cp.crashEtcdMember(h);
      let failures = 0;
      for (const c of [survivor, 0, 2, 4]) cp.writePath.submit(c, c === survivor ? 'client-apiserver' : 'kubelet-apiserver', 'w', () => expect.fail(`seed ${seed}: committed without quorum`), () => failures++);
      sim.run(t0 + 7 * SEC + 1);
      expect(failures, `seed ${seed}`).toBe(4);
      sim.run(t0 + 5 * MIN);
      const msg = `seed ${seed}`;
      // Both components stop leading about renewDeadline (+ up to a retryPeriod) after quorum loss.
      for (const [obj, id] of [['kube-controller-manager', holders.kcm], ['kube-scheduler', holders.sched]]) {
        const lost = events.byReason('LeaderElectionLost').find((e) => e.object === `lease/kube-system/${obj}` && e.message.startsWith(id));
        expect(lost, `${msg}: ${obj} lost`).toBeDefined();
        expect(lost!.time - t0, `${msg}: ${obj} lost after ${lost!.time - t0} µs`).toBeGreaterThanOrEqual(8 * SEC);
        expect(lost!.time - t0, `${msg}: ${obj}`).toBeLessThanOrEqual(12.1 * SEC);
      }
      expect(cp.controllerManager.leaderHost(), msg).toBe(-1);
      expect(cp.scheduler.leaderHost(), msg).toBe(-1);
      const t1 = sim.now;
      for (const h of down) cp.restartEtcdMember(h);
      sim.run(t1 + 2 * MIN);
      expect(cp.etcd.leader(), `${msg}: etcd re-elects`).toBeGreaterThanOrEqual(0);
      for (const e of [cp.controllerManager, cp.scheduler]) {
        expect(e.leaderHost(), `${msg}: ${e.object} re-acquired`).toBeGreaterThanOrEqual(0);
        const last = e.history[e.history.length - 1];
        expect([holders.kcm, holders.sched], msg).not.toContain(last.identity);
        // client-go: a takeover happens only a whole lease after the taker last saw the record
        // change. A standby that last saw it before the outage may take over at once; a process
        // restarted during the outage (a new identity) first sees it after recovery and waits.
        expect(last.startUs - last.observedAtUs, `${msg}: ${e.object} taken ${last.startUs - last.observedAtUs} µs after last seen`).toBeGreaterThanOrEqual(15 * SEC);
        if (last.observedAtUs >= t1) expect(last.startUs - t1, msg).toBeGreaterThanOrEqual(15 * SEC);
        else expect(last.observedAtUs, `${msg}: a standby saw the last renewal before the outage`).toBeLessThan(t0);
      }
      const s = cp.summary();
      expect(s.etcd.noQuorumS, msg).toBeGreaterThanOrEqual((t1 - t0) / SEC);
      expect(s.etcd.noQuorumS, msg).toBeLessThan((t1 - t0) / SEC + 3);
      expect(s.apiserver.unavailableS, msg).toBeGreaterThanOrEqual((t1 - t0) / SEC);
      expect(s.controllerManager.noLeaderS, msg).toBeGreaterThan((t1 - t0) / SEC - 12);
    }
  });
});

describe('facade', () => {
  it('writes the controlPlane section of summary.json as design.md §4 shows it (seed 5)', () => {
    const { sim, cp } = makeControlPlane({ seed: 5 });
    cp.start();
    sim.run(60 * SEC);
    const leader = cp.resolveMovingTarget('etcd-leader');
    cp.crashControlPlaneHost(leader);
    sim.run(2 * MIN);
    cp.recoverControlPlaneHost(leader);
    sim.run(3 * MIN);
    const s = cp.summary();
    expect(Object.keys(s)).toEqual(['etcd', 'apiserver', 'controllerManager', 'scheduler']);
    expect(Object.keys(s.etcd)).toEqual(['members', 'leaderChanges', 'noLeaderS', 'noQuorumS', 'elections']);
    expect(s.etcd.members).toBe(3);
    expect(s.etcd.leaderChanges).toBe(1);
    expect(s.etcd.elections).toHaveLength(1);
    const e = s.etcd.elections[0];
    expect(Object.keys(e)).toEqual(['startS', 'endS', 'durationMs', 'term']);
    expect(e.startS).toBe(60);
    expect(e.durationMs).toBeCloseTo((e.endS - e.startS) * 1000, 3);
    expect(s.etcd.noLeaderS).toBeCloseTo(e.durationMs / 1000, 6);
    expect(s.etcd.noQuorumS).toBe(0);
    expect(s.apiserver.unavailableS).toBeCloseTo(s.etcd.noLeaderS, 6);
    expect(Object.keys(s.controllerManager)).toEqual(['leaderChanges', 'noLeaderS']);
    console.log(`summary: ${JSON.stringify(s)}`);
  });

  it('resolves moving targets and exposes the parts the world needs (seed 6)', () => {
    const { sim, cp, events } = makeControlPlane({ seed: 6 });
    cp.start();
    sim.run(30 * SEC);
    const etcdLeader = cp.resolveMovingTarget('etcd-leader');
    expect(cp.etcd.hosts).toContain(etcdLeader);
    expect(cp.resolveMovingTarget('controller-manager-leader')).toBe(cp.controllerManagerLease.leaderHost());
    expect(cp.resolveMovingTarget('scheduler-leader')).toBe(cp.schedulerLease.leaderHost());
    cp.crashEtcdMember(etcdLeader);
    expect(cp.resolveMovingTarget('etcd-leader')).toBe(-1);
    sim.run(sim.now + 10 * SEC);
    expect(cp.resolveMovingTarget('etcd-leader')).not.toBe(etcdLeader);
    cp.restartEtcdMember(etcdLeader);
    // The world plugs it in where the ideal control plane goes.
    const parts: ControlPlaneParts = cp;
    expect(parts.writePath).toBe(cp.writePath);
    // Worker-node crashes go through the network directly.
    let changes = 0;
    cp.network.onChange(() => changes++);
    cp.network.hostDown(0, 'crash:z1-r1-n1');
    expect(cp.network.isUp(0)).toBe(false);
    expect(changes).toBe(1);
    expect(events.byReason('EtcdLeaderLost').map((x) => x.object)).toEqual([`etcd/${cp.etcd.names[cp.etcd.memberOf(etcdLeader)]}`]);
  });

  it('reports quorum loss and restoration on etcd/cluster (seed 7)', () => {
    const { sim, cp, events } = makeControlPlane({ seed: 7, cp: 5 });
    cp.start();
    sim.run(30 * SEC);
    for (const h of cp.etcd.hosts.slice(0, 3)) cp.crashControlPlaneHost(h);
    sim.run(sim.now + 30 * SEC);
    for (const h of cp.etcd.hosts.slice(0, 3)) cp.recoverControlPlaneHost(h);
    sim.run(sim.now + 30 * SEC);
    expect(events.byReason('EtcdQuorumLost').map((x) => [x.time, x.object])).toEqual([[30 * SEC, 'etcd/cluster']]);
    expect(events.byReason('EtcdQuorumRestored').map((x) => [x.time, x.object])).toEqual([[60 * SEC, 'etcd/cluster']]);
    expect(cp.summary().etcd.noQuorumS).toBe(30);
  });
});
