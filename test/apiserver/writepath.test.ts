import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/kernel/dist.js';
import { MS, SEC } from '../../src/kernel/time.js';
import { ApiServerWritePath } from '../../src/apiserver/writepath.js';
import { makeCluster, type Fixture } from '../etcd/helpers.js';
import { latencies } from '../network/fixtures.js';

/**
 * 3 zones × (one rack of 2 worker nodes), cp-1…cp-3 one per zone: hosts 0,1 in z1; 2,3 in z2;
 * 4,5 in z3; cp-1 = 6 (z1), cp-2 = 7 (z2), cp-3 = 8 (z3). Latencies: same zone 0.5 ms, across
 * zones 2 ms, fsync 1 ms, all fixed.
 */
function setup(seed: number): { f: Fixture; wp: ApiServerWritePath } {
  const f = makeCluster({ seed, members: 3, zones: 3, latency: latencies(), config: { diskFsync: fixed(1 * MS) } });
  const wp = new ApiServerWritePath({
    sim: f.sim, streams: f.streams, network: f.network, topology: f.topology, cluster: f.cluster,
    etcd: { diskFsync: fixed(1 * MS), requestTimeoutUs: 7 * SEC },
  });
  f.cluster.start();
  f.sim.run(5 * SEC);
  return { f, wp };
}

describe('ApiServerWritePath routing (kubeadm stacked topology)', () => {
  it('sends a kubelet to a healthy API server of its own zone first, then the lowest host id', () => {
    const { f, wp } = setup(1);
    expect(wp.router.route(0, 'kubelet-apiserver')).toBe(6);
    expect(wp.router.route(2, 'kubelet-apiserver')).toBe(7);
    // cp-2's etcd member crashes: its API server is unhealthy; z2's kubelets go to cp-1 (lowest id).
    f.cluster.crashProcess(1);
    f.sim.run(f.sim.now + 5 * SEC);
    expect(wp.router.route(2, 'kubelet-apiserver')).toBe(6);
    // A kubelet-apiserver cut between z1's nodes and every API server strands them (etcd is fine).
    f.network.addPartition({ groups: [[0, 1], [6, 7, 8]], cut: 'kubelet-apiserver', oneWay: false });
    expect(wp.writable(0, 'kubelet-apiserver')).toBe(false);
    expect(wp.writable(6, 'client-apiserver')).toBe(true);
    expect(wp.probe(0, 'kubelet-apiserver')).toEqual({ ok: false, reason: 'no healthy API server reachable' });
  });

  it('serves controller-manager and scheduler only by the API server on their own host', () => {
    const { f, wp } = setup(2);
    expect(wp.router.route(7, 'client-apiserver')).toBe(7);
    f.cluster.crashProcess(1);
    expect(wp.writable(7, 'client-apiserver')).toBe(false);
    expect(wp.probe(7, 'client-apiserver')).toMatchObject({ ok: false, reason: 'etcd member on cp-2 is down' });
  });
});

describe('ApiServerWritePath latency', () => {
  it('is the path: client → API server → member → leader, quorum fsync, and back', () => {
    const { f, wp } = setup(3);
    const l = f.cluster.leader();
    for (const [client, a] of [[0, 6], [2, 7], [4, 8]]) {
      const p = wp.probe(client, 'kubelet-apiserver');
      // 0.5 ms to the zone's API server, 0 to its member; the leader's fsync (1 ms) in parallel
      // with the fastest follower round (2 + 1 + 2 ms); 2 ms each way between member and leader
      // unless the member leads; 0.5 ms back to the kubelet.
      const viaLeader = f.cluster.memberOf(a) === l;
      const expected = 0.5 * MS + 5 * MS + (viaLeader ? 0 : 4 * MS) + 0.5 * MS;
      expect(p, `client ${client} via ${a}`).toEqual({ ok: true, latencyUs: expected, apiserver: a });
    }
  });
});

describe('ApiServerWritePath waiting writes', () => {
  it('queues writes during an election and commits them with the new leader; each commit advances the log', () => {
    const { f, wp } = setup(4);
    const l = f.cluster.leader();
    const survivor = (l + 1) % 3;
    const host = f.cluster.hosts[survivor];
    f.cluster.crashProcess(l);
    const logBefore = f.cluster.members[survivor].log.index;
    let done = 0;
    for (let i = 0; i < 50; i++) wp.submit(host, 'client-apiserver', 'w', () => done++, () => expect.fail('no write may fail'));
    expect(wp.waitingCount).toBe(50);
    f.sim.run(f.sim.now + 5 * SEC);
    expect(f.cluster.leader()).toBeGreaterThanOrEqual(0);
    expect(done).toBe(50);
    // 50 writes plus the new leader's empty entry.
    expect(f.cluster.members[survivor].log.index).toBe(logBefore + 51);
  });

  it('fails every write after the request timeout when quorum is lost, with one timer event, not one per write', () => {
    const { f, wp } = setup(5);
    f.cluster.crashProcess(0);
    f.cluster.crashProcess(1);
    const t0 = f.sim.now;
    const failures: number[] = [];
    for (let i = 0; i < 1000; i++) wp.submit(f.cluster.hosts[2], 'client-apiserver', 'w', () => expect.fail('must not commit'), () => failures.push(f.sim.now - t0));
    const events = f.sim.eventsRun;
    f.sim.run(t0 + 6 * SEC);
    expect(failures.length).toBe(0);
    f.sim.run(t0 + 8 * SEC);
    expect(failures.length).toBe(1000);
    expect(new Set(failures)).toEqual(new Set([7 * SEC]));
    // The deadline timer fired once; cp-3's election timeouts and pre-votes make up the rest.
    expect(f.sim.eventsRun - events).toBeLessThan(30);
  });

  it('notifies after every picture change and measures unavailability from the first available instant', () => {
    const { f, wp } = setup(6);
    let changes = 0;
    wp.onChange(() => changes++);
    f.cluster.crashProcess(0);
    f.cluster.crashProcess(1);
    expect(changes).toBeGreaterThanOrEqual(2);
    const lost = f.sim.now;
    f.sim.run(lost + 30 * SEC);
    f.cluster.restartProcess(0);
    f.cluster.restartProcess(1);
    f.sim.run(f.sim.now + 10 * SEC);
    const down = wp.unavailableTime(f.sim.now);
    expect(down).toBeGreaterThanOrEqual(30 * SEC);
    expect(down).toBeLessThan(35 * SEC);
  });
});
