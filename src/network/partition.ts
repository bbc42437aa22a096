/**
 * A network partition: groups of hosts that cannot talk to each other over some channels.
 * Hosts outside every group are not affected. The group of each host is kept in a typed array
 * so that a reachability test is two array reads per active partition.
 */
import type { Channel } from '../apiserver/types.js';
import type { PartitionCut } from '../faults/types.js';
import type { HostId } from '../topology/types.js';

/** What a partition fault asks for (design.md §3 `partition`). */
export interface PartitionSpec {
  /** Two or more groups of hosts; a host in no group keeps every path. */
  groups: HostId[][];
  /** Which traffic is cut: `all`, or one channel (`kubelet-apiserver` is the known mass-NotReady case). */
  cut: PartitionCut;
  /** When true only traffic from the first group to the others is cut; the reverse stays open. */
  oneWay: boolean;
}

/** An active partition, indexed for fast tests. */
export class Partition {
  /** Group index + 1 of every host (0 = in no group). */
  private readonly groupOf: Uint16Array;

  constructor(
    readonly id: number,
    readonly spec: PartitionSpec,
    hostCount: number,
  ) {
    this.groupOf = new Uint16Array(hostCount);
    spec.groups.forEach((g, i) => {
      for (const h of g) if (this.groupOf[h] === 0) this.groupOf[h] = i + 1;
    });
  }

  /** Whether this partition cuts traffic of `channel` from `from` to `to`. */
  cuts(from: HostId, to: HostId, channel: Channel): boolean {
    const cut = this.spec.cut;
    if (cut !== 'all' && cut !== channel) return false;
    const a = this.groupOf[from];
    const b = this.groupOf[to];
    if (a === 0 || b === 0 || a === b) return false;
    return !this.spec.oneWay || a === 1;
  }
}
