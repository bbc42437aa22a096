/**
 * The route class of the worker nodes' agents — kubelet and kube-proxy — to the API servers:
 * which nodes can reach a healthy API server through the load balancer (`writable(host,
 * 'kubelet-apiserver')`, the routing rule of route.ts), recomputed at each change of the picture
 * in proportion to what changed rather than once per node. One object per run, shared: the
 * kubelets and kube-proxy hear the same list of nodes whose path appeared or went away.
 *
 * On the real write path (`ApiServerWritePath`, route.ts) the answer for a worker node depends on
 * its liveness, its zone (the load balancer's preference order) and the side it is on of each
 * partition that cuts `kubelet-apiserver` traffic — nothing else of the node. Nodes that share a
 * zone and a side of every such partition form a class: one `writable` call for a live member
 * answers for all its live members. A change of the control plane alone (an etcd election, an API
 * server's health) leaves the network as it was, so only the members of the classes whose answer
 * flipped are looked at; a change of the network (a host, a partition) re-reads every node's
 * liveness — an array read each — and rebuilds the classes only when the partitions changed.
 *
 * Any other write path or liveness source (the tests' ideal ones, a cut per host) has no such
 * known structure: every node is asked, as before.
 */
import type { Channel, WritePath } from './types.js';
import { ApiServerWritePath } from './writepath.js';
import type { PartitionSpec } from '../network/partition.js';
import type { HostId, Topology } from '../topology/types.js';
import type { HostLiveness } from '../world/context.js';

const CHANNEL: Channel = 'kubelet-apiserver';

/** What the class shortcut needs of the network: the real `Network` has it. */
interface NetworkView extends HostLiveness {
  readonly version: number;
  partitions(): readonly PartitionSpec[];
  /** The host whose liveness change `version` was (−1: a partition's); absent where unknown. */
  readonly lastHost?: HostId;
}

function isNetworkView(n: HostLiveness): n is NetworkView {
  const v = n as Partial<NetworkView>;
  return typeof v.version === 'number' && typeof v.partitions === 'function';
}

/** The nodes' path to the API servers, by node index (the order of `hosts`). */
export class NodeApiRoutes {
  /** Per node: 1 while it is up and reaches a healthy API server, as of the last change of the picture. */
  private readonly connected: Uint8Array;
  private readonly listeners: Array<(changed: readonly number[]) => void> = [];
  private readonly net: NetworkView | null;
  /** Partitions the classes were built for (null: not built). */
  private specs: readonly PartitionSpec[] | null = null;
  private netVersion = -1;
  private classOf = new Int32Array(0);
  private members: number[][] = [];
  /** Per class: index of a live member (−1: none live), valid while the network version holds. */
  private rep = new Int32Array(0);
  private answer = new Uint8Array(0);
  /** Host id → node index (−1: not a node). */
  private readonly nodeIndex: Int32Array;

  constructor(
    private readonly hosts: readonly HostId[],
    private readonly topology: Topology,
    network: HostLiveness,
    private readonly writePath: WritePath,
  ) {
    this.net = writePath instanceof ApiServerWritePath && isNetworkView(network) ? network : null;
    this.connected = new Uint8Array(hosts.length);
    this.nodeIndex = new Int32Array(topology.hosts.length).fill(-1);
    hosts.forEach((h, i) => (this.nodeIndex[h] = i));
    writePath.onChange(() => this.pictureChanged());
  }

  /** The node hosts, in index order. */
  get nodeHosts(): readonly HostId[] {
    return this.hosts;
  }

  /** Takes every node's path as it is now, without telling listeners (at the start of a run). */
  start(): void {
    for (let i = 0; i < this.hosts.length; i++) this.connected[i] = this.writePath.writable(this.hosts[i], CHANNEL) ? 1 : 0;
  }

  /** Whether node `i` (index into `nodeHosts`) is up and reaches a healthy API server now. */
  isConnected(i: number): boolean {
    return this.connected[i] === 1;
  }

  /**
   * Calls `fn(changed)` after every change of the picture that flipped some node's path, with
   * their indices ascending (`isConnected` already answers the new state). Listeners run in the
   * order they registered.
   */
  onChange(fn: (changed: readonly number[]) => void): void {
    this.listeners.push(fn);
  }

  private pictureChanged(): void {
    const out = this.changed((i) => this.connected[i] === 1);
    if (out.length === 0) return;
    for (const i of out) this.connected[i] ^= 1;
    for (const fn of this.listeners) fn(out);
  }

  /**
   * Indices of the nodes whose answer differs from `connected(i)` now, ascending, so callers act
   * in node order as a full pass would.
   */
  private changed(connected: (i: number) => boolean): number[] {
    const out: number[] = [];
    const net = this.net;
    if (!net) {
      for (let i = 0; i < this.hosts.length; i++) if (this.writePath.writable(this.hosts[i], CHANNEL) !== connected(i)) out.push(i);
      return out;
    }
    if (net.version !== this.netVersion) {
      // One host's liveness flipped since the picture last seen: only it and the classes whose
      // answer flipped can differ (a full pass per host change cost O(nodes) each).
      const host = net.version === this.netVersion + 1 && this.specs !== null ? net.lastHost ?? -1 : -1;
      this.netVersion = net.version;
      const specs = net.partitions();
      if (host >= 0 && this.sameSpecs(specs)) return this.hostFlipped(host, connected);
      if (!this.sameSpecs(specs)) this.build(specs);
      this.refreshAll();
      for (let i = 0; i < this.hosts.length; i++) {
        const c = net.isUp(this.hosts[i]) && this.answer[this.classOf[i]] === 1;
        if (c !== connected(i)) out.push(i);
      }
      return out;
    }
    for (let k = 0; k < this.members.length; k++) {
      const r = this.rep[k];
      if (r < 0) continue;
      const ans = this.writePath.writable(this.hosts[r], CHANNEL) ? 1 : 0;
      if (ans === this.answer[k]) continue;
      this.answer[k] = ans;
      for (const i of this.members[k]) if ((net.isUp(this.hosts[i]) && ans === 1) !== connected(i)) out.push(i);
    }
    // Members of several classes interleave: restore node order.
    if (out.length > 1) out.sort((x, y) => x - y);
    return out;
  }

  /**
   * `changed` after a change that flipped only `host`'s liveness: the members of the classes
   * whose answer flipped, and the host's own node, ascending. The same list as a full pass, as
   * every other node's liveness and class answer are as the last picture left them.
   */
  private hostFlipped(host: HostId, connected: (i: number) => boolean): number[] {
    const net = this.net!;
    const flipped = this.refreshAll();
    const out: number[] = [];
    for (const k of flipped) {
      const ans = this.answer[k] === 1;
      for (const i of this.members[k]) if ((ans && net.isUp(this.hosts[i])) !== connected(i)) out.push(i);
    }
    const j = this.nodeIndex[host];
    if (j >= 0 && !flipped.includes(this.classOf[j])) {
      if ((net.isUp(host) && this.answer[this.classOf[j]] === 1) !== connected(j)) out.push(j);
    }
    if (out.length > 1) out.sort((x, y) => x - y);
    return out;
  }

  private sameSpecs(specs: readonly PartitionSpec[]): boolean {
    const old = this.specs;
    if (!old || old.length !== specs.length) return false;
    for (let i = 0; i < specs.length; i++) if (old[i] !== specs[i]) return false;
    return true;
  }

  /** Groups the nodes by zone and side of every partition that cuts kubelet traffic. */
  private build(specs: readonly PartitionSpec[]): void {
    this.specs = [...specs];
    const sides = specs.filter((p) => p.cut === 'all' || p.cut === CHANNEL).map((p) => {
      // The first group that lists a host wins, as in partition.ts.
      const side = new Int32Array(this.topology.hosts.length);
      p.groups.forEach((g, gi) => {
        for (const h of g) if (side[h] === 0) side[h] = gi + 1;
      });
      return side;
    });
    const ids = new Map<string, number>();
    this.members = [];
    this.classOf = new Int32Array(this.hosts.length);
    for (let i = 0; i < this.hosts.length; i++) {
      const h = this.hosts[i];
      const host = this.topology.hosts[h];
      // A control-plane host reaches its own API server with no cut between: a class of its own.
      let key = host.role === 'control-plane' ? `#${h}` : `${host.zone}`;
      for (const side of sides) key += `/${side[h]}`;
      let k = ids.get(key);
      if (k === undefined) {
        k = this.members.length;
        ids.set(key, k);
        this.members.push([]);
      }
      this.classOf[i] = k;
      this.members[k].push(i);
    }
    this.rep = new Int32Array(this.members.length);
    this.answer = new Uint8Array(this.members.length);
  }

  /** A live member and the answer of every class (after a change of the network); returns the classes whose answer flipped. */
  private refreshAll(): number[] {
    const net = this.net!;
    const flipped: number[] = [];
    for (let k = 0; k < this.members.length; k++) {
      const r = this.members[k].find((i) => net.isUp(this.hosts[i])) ?? -1;
      this.rep[k] = r;
      const ans = r >= 0 && this.writePath.writable(this.hosts[r], CHANNEL) ? 1 : 0;
      if (ans !== this.answer[k]) flipped.push(k);
      this.answer[k] = ans;
    }
    return flipped;
  }
}
