import { describe, expect, it } from 'vitest';
import { Streams } from '../../src/kernel/rng.js';
import { MS } from '../../src/kernel/time.js';
import { Network } from '../../src/network/network.js';
import { cpTopology, latencies } from './fixtures.js';

function net(): Network {
  // 3 zones of one rack with 2 nodes each (ids 0..5), then cp-1..cp-3 (ids 6..8), one per zone.
  return new Network(cpTopology(3, 3), latencies(), new Streams(1));
}

describe('Network liveness', () => {
  it('keeps a host down while any cause holds, and notifies only on transitions', () => {
    const n = net();
    let changes = 0;
    n.onChange(() => changes++);
    n.hostDown(0, 'crash:a');
    n.hostDown(0, 'rack:z1/r1');
    expect(n.isUp(0)).toBe(false);
    n.hostUp(0, 'crash:a');
    expect(n.isUp(0)).toBe(false); // the rack is still dark
    n.hostUp(0, 'rack:z1/r1');
    expect(n.isUp(0)).toBe(true);
    expect(changes).toBe(2); // down once, up once
    n.hostUp(0, 'never-held');
    expect(changes).toBe(2);
  });

  it('calls before-change listeners with the old picture and bumps the version', () => {
    const n = net();
    const seen: boolean[] = [];
    n.onBeforeChange(() => seen.push(n.isUp(1)));
    n.onChange(() => seen.push(n.isUp(1)));
    const v = n.version;
    n.hostDown(1, 'crash');
    expect(seen).toEqual([true, false]);
    expect(n.version).toBe(v + 1);
  });
});

describe('Network partitions', () => {
  it('cuts every channel between groups for `all`, and only one channel otherwise', () => {
    const n = net();
    const id = n.addPartition({ groups: [[0, 6], [2, 7]], cut: 'all', oneWay: false });
    expect(n.canReach(0, 2, 'kubelet-apiserver')).toBe(false);
    expect(n.canReach(6, 7, 'etcd-etcd')).toBe(false);
    expect(n.canReach(0, 6, 'etcd-etcd')).toBe(true); // same group
    expect(n.canReach(0, 4, 'etcd-etcd')).toBe(true); // host 4 is in no group
    n.removePartition(id);
    n.addPartition({ groups: [[0, 1], [6, 7, 8]], cut: 'kubelet-apiserver', oneWay: false });
    expect(n.canReach(0, 6, 'kubelet-apiserver')).toBe(false);
    expect(n.canReach(0, 6, 'client-apiserver')).toBe(true);
    expect(n.canReach(6, 7, 'etcd-etcd')).toBe(true);
  });

  it('one-way cuts only from the first group to the others', () => {
    const n = net();
    n.addPartition({ groups: [[6], [7, 8]], cut: 'etcd-etcd', oneWay: true });
    expect(n.canReach(6, 7, 'etcd-etcd')).toBe(false);
    expect(n.canReach(7, 6, 'etcd-etcd')).toBe(true);
    expect(n.canReach(7, 8, 'etcd-etcd')).toBe(true);
  });

  it('delivers an in-flight message to a live target whatever became of the sender', () => {
    const n = net();
    n.hostDown(6, 'crash');
    expect(n.canReach(6, 7, 'etcd-etcd')).toBe(false);
    expect(n.delivers(6, 7, 'etcd-etcd')).toBe(true);
    n.hostDown(7, 'crash');
    expect(n.delivers(6, 7, 'etcd-etcd')).toBe(false);
  });
});

describe('Network latency', () => {
  it('draws by distance class', () => {
    const n = net();
    expect(n.latency(0, 1)).toBe(100); // same rack
    expect(n.latency(0, 2)).toBe(2 * MS); // other zone
    expect(n.latency(6, 6)).toBe(0); // same host
  });
});
