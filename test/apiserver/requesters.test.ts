/**
 * Each requester — source host, channel and client — draws its write latencies from its own
 * stream, so one client's extra write never shifts another's commit times.
 */
import { describe, expect, it } from 'vitest';
import { requesterOf } from '../../src/apiserver/writepath.js';
import { MS, SEC, type Time } from '../../src/kernel/time.js';
import type { HostId } from '../../src/topology/types.js';
import { makeControlPlane } from '../controlplane/fixture.js';

describe('requesterOf (the client a label is charged to)', () => {
  const cases: Array<[string, string]> = [
    ['kubelet status pod/default/web-1', 'kubelet status'],
    ['kubelet node status z1-r1-n1', 'kubelet node'],
    ['kubelet confirm deletion pod/default/web-1', 'kubelet confirm'],
    ['bind pod/default/web-1', 'bind'],
    ['update lease lease/kube-system/kube-scheduler', 'update lease'],
    ['update replicaset/default/web-7d4f status', 'update'],
    ['create pod web-7d4f-*', 'create pod'],
    ['evict pod/default/web-1', 'evict'],
    ['scale deployment/default/web --replicas=3', 'scale'],
    ['write', 'write'],
    ['deployment/default/web', ''],
  ];
  for (const [label, want] of cases) it(`${label} → ${JSON.stringify(want)}`, () => expect(requesterOf(label)).toBe(want));
});

/** One write to submit: when, from where, with which label (and client). */
interface Write {
  at: Time;
  host: HostId;
  channel: 'kubelet-apiserver' | 'client-apiserver';
  label: string;
  requester?: string;
}

/** Runs the control plane of `seed` 30 s, submits `writes` (times relative to then); returns each labelled write's commit time. */
function commits(seed: number, writes: Write[]): Map<string, Time> {
  const { sim, cp } = makeControlPlane({ seed, latency: { dist: 'lognormal', median: 1 * MS, sigma: 0.6 } });
  cp.start();
  sim.run(30 * SEC);
  const t0 = sim.now;
  const out = new Map<string, Time>();
  for (const w of writes) {
    sim.at(t0 + w.at, 'test write', () => cp.writePath.submit(w.host, w.channel, w.label, () => out.set(w.label, sim.now - t0), () => out.set(w.label, -1), w.requester));
  }
  sim.run(t0 + 20 * SEC);
  return out;
}

/** Controller, scheduler and kubelet writes interleaved, from cp host `cp` and worker nodes 0 and 2. */
function traffic(cp: HostId): Write[] {
  const w: Write[] = [];
  for (let i = 0; i < 20; i++) {
    w.push({ at: i * 50 * MS, host: cp, channel: 'client-apiserver', label: `update replicaset/default/web-${i} status` });
    w.push({ at: i * 50 * MS + 7 * MS, host: cp, channel: 'client-apiserver', label: `bind pod/default/p-${i}` });
    w.push({ at: i * 50 * MS + 3 * MS, host: 0, channel: 'kubelet-apiserver', label: `kubelet status pod/default/p-${i}` });
    w.push({ at: i * 50 * MS + 9 * MS, host: 2, channel: 'kubelet-apiserver', label: `kubelet status pod/default/q-${i}` });
  }
  return w;
}

describe('write latencies per requester', () => {
  it('one extra kubelet write leaves every other client’s commit times unchanged (seeds 1…5)', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const cpHost = makeControlPlane({ seed }).topology.controlPlane[0].id;
      const base = commits(seed, traffic(cpHost));
      // The extra write: one more status update from node 0's kubelet, before everything else.
      const more = commits(seed, [{ at: 1 * MS, host: 0, channel: 'kubelet-apiserver', label: 'kubelet status pod/default/extra' }, ...traffic(cpHost)]);
      expect(more.get('kubelet status pod/default/extra'), `seed ${seed}`).toBeGreaterThan(0);
      let same = 0;
      let kubelet0Moved = 0;
      for (const [label, t] of base) {
        expect(t, `seed ${seed}: ${label} committed`).toBeGreaterThan(0);
        if (label.includes('pod/default/p-') && label.startsWith('kubelet')) {
          if (more.get(label) !== t) kubelet0Moved++; // node 0's own kubelet: its stream did move
          continue;
        }
        expect(more.get(label), `seed ${seed}: commit time of ${label} with one extra kubelet write from node 0`).toBe(t);
        same++;
      }
      expect(same, `seed ${seed}`).toBe(60);
      expect(kubelet0Moved, `seed ${seed}: node 0's later status writes share its stream`).toBeGreaterThan(0);
    }
  });

  it('an explicit requester shares its stream across labels, and only with itself (seed 3)', () => {
    const cpHost = makeControlPlane({ seed: 3 }).topology.controlPlane[0].id;
    const probe: Write = { at: 10 * MS, host: cpHost, channel: 'client-apiserver', label: 'update replicaset/default/web status', requester: 'replicaset-controller' };
    const alone = commits(3, [probe]).get(probe.label);
    const before = (requester: string): Write => ({ at: 0, host: cpHost, channel: 'client-apiserver', label: 'create pod web-*', requester });
    expect(commits(3, [before('replicaset-controller'), probe]).get(probe.label), 'seed 3: same client, other label').not.toBe(alone);
    expect(commits(3, [before('job-controller'), probe]).get(probe.label), 'seed 3: another client').toBe(alone);
  });

  it('names the streams apiserver/requests/<channel>/<client>@<host>', () => {
    const { cp, streams, topology } = makeControlPlane({ seed: 1 });
    const h = topology.controlPlane[0];
    expect(cp.writePath.requestStream(h.id, 'client-apiserver', 'bind')).toBe(streams.stream(`apiserver/requests/client-apiserver/bind@${h.name}`));
    expect(cp.writePath.requestStream(0, 'kubelet-apiserver', '')).toBe(streams.stream(`apiserver/requests/kubelet-apiserver/-@${topology.hosts[0].name}`));
  });
});
