/**
 * The nodes' path to the API servers is recomputed per class of equivalent nodes, and only
 * for the classes whose answer flipped (src/apiserver/noderoutes.ts). Checked against the definition: after
 * every change of the picture, every node's view equals `writePath.writable(host,
 * 'kubelet-apiserver')` — what the per-node pass computed — through random partitions (all
 * traffic, kubelet traffic only, etcd peers only, one-way), host crashes and etcd member crashes
 * on the real control plane.
 */
import { describe, expect, it } from 'vitest';
import type { PartitionCut } from '../../src/faults/types.js';
import { Rng } from '../../src/kernel/rng.js';
import { SEC } from '../../src/kernel/time.js';
import { World } from '../../src/world/world.js';
import { loadE2E } from '../e2e/helpers.js';

const CUTS: PartitionCut[] = ['all', 'kubelet-apiserver', 'etcd-etcd'];

function run(seed: number): { passes: number; mismatches: string[]; flips: number } {
  const base = loadE2E('zones'); // 30 workers in 3 zones, 3 control-plane hosts
  const w = new World({ ...base, faults: { scheduled: [], random: [] } }, { seed, boot: 'none' });
  const cp = w.controlPlane!;
  const { sim, topology, writePath, hosts } = w.ctx;
  const rng = new Rng(`connectivity-test/${seed}`);
  const mismatches: string[] = [];
  let passes = 0;
  let flips = 0;
  const seen = topology.nodes.map(() => true);
  writePath.onChange(() => {
    // Registered after the kubelets: runs once they have reacted to this change.
    passes++;
    for (const n of topology.nodes) {
      const want = writePath.writable(n.id, 'kubelet-apiserver');
      if (w.kubelets.isConnected(n.id) !== want) mismatches.push(`t=${sim.now} ${n.name}: kubelet sees ${!want}, path says ${want}`);
      if (w.kubelets.routes.isConnected(n.id) !== want) mismatches.push(`t=${sim.now} ${n.name}: route class says ${!want}, path says ${want}`);
      if (want !== seen[n.id]) flips++;
      seen[n.id] = want;
    }
  });
  const all = topology.hosts.map((h) => h.id);
  const cpHosts = topology.controlPlane.map((h) => h.id);
  const partitions: number[] = [];
  const down = new Set<number>();
  const step = (): void => {
    const r = rng.int(6);
    if (r === 0 && partitions.length < 3) {
      const shuffled = rng.shuffle([...all]);
      const cut = rng.int(shuffled.length - 2) + 1;
      const groups = [shuffled.slice(0, cut), shuffled.slice(cut, cut + rng.int(shuffled.length - cut) + 1)];
      partitions.push(cp.addPartition(groups, rng.pick(CUTS), rng.int(4) === 0));
    } else if (r === 1 && partitions.length > 0) {
      cp.removePartition(partitions.splice(rng.int(partitions.length), 1)[0]);
    } else if (r === 2) {
      const h = rng.pick(topology.nodes).id;
      if (down.has(h)) {
        down.delete(h);
        cp.network.hostUp(h, 'test');
        hosts.up(h);
      } else {
        down.add(h);
        cp.network.hostDown(h, 'test');
        hosts.down(h);
      }
    } else if (r === 3) {
      cp.crashControlPlaneHost(rng.pick(cpHosts));
    } else if (r === 4) {
      cp.recoverControlPlaneHost(rng.pick(cpHosts));
    } else {
      const h = rng.pick(cpHosts);
      if (rng.int(2) === 0) cp.crashEtcdMember(h);
      else cp.restartEtcdMember(h);
    }
  };
  for (let i = 1; i <= 150; i++) sim.at(i * 7 * SEC, 'test step', step, 5);
  w.run(150 * 7 * SEC + 60 * SEC);
  return { passes, mismatches, flips };
}

describe('node route class to the API servers', () => {
  for (const seed of [1, 2, 3]) {
    it(`equals the per-node answer after every change of the picture (seed ${seed})`, () => {
      const { passes, mismatches, flips } = run(seed);
      expect(mismatches.slice(0, 5), `seed ${seed}`).toEqual([]);
      // Exercised: many changes, and nodes did lose and regain their path.
      expect(passes, `seed ${seed}`).toBeGreaterThan(50);
      expect(flips, `seed ${seed}`).toBeGreaterThan(20);
    });
  }
});
