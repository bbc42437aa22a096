/**
 * Which API server serves a client, and what a request through it costs, in kubeadm's stacked
 * topology: one API server per control-plane host, talking to the etcd member on its own host
 * (`--etcd-servers=https://127.0.0.1:2379`), which forwards proposals to the leader.
 *
 * - `client-apiserver` from a control-plane host (controller-manager, scheduler): the API server
 *   on that host only.
 * - Everything else (`kubelet-apiserver` from worker nodes): a load balancer that routes to any
 *   API server that is up, reachable from the client both ways over that channel, and healthy;
 *   it picks deterministically, same zone first, then the lowest host id.
 *
 * An API server is healthy when its host is up, its local etcd member runs, and that member is
 * the leader of a quorum or follows it over open paths both ways (a member that knows no leader
 * drops proposals: raft `stepFollower` "no leader at term; dropping proposal").
 *
 * An `apiserver-etcd` partition therefore cuts nothing in this topology: an API server only
 * talks to the member on its own host, which no partition separates; the member's forwarding to
 * the leader is peer traffic (`etcd-etcd`).
 */
import type { Channel } from './types.js';
import type { EtcdCluster } from '../etcd/cluster.js';
import type { Network } from '../network/network.js';
import type { HostId, Topology } from '../topology/types.js';

/** Routes requests to API servers, with health cached per picture version. */
export class ApiServerRouter {
  private readonly cp: HostId[];
  /** Per zone: control-plane hosts in load-balancer preference order. */
  private readonly lbOrder: HostId[][];
  /** The picture `health` was computed for (network version, etcd state version); -1: none. */
  private netVersion = -1;
  private stateVersion = -1;
  private readonly health = new Map<HostId, boolean>();
  /** Per zone, while no partition is active: the API server the load balancer picks (−2: not computed). */
  private readonly zoneRoute: Int32Array;

  constructor(
    private readonly topology: Topology,
    private readonly network: Network,
    private readonly cluster: EtcdCluster,
  ) {
    this.cp = topology.controlPlane.map((h) => h.id);
    this.lbOrder = topology.zones.map((z) =>
      [...this.cp].sort((a, b) => Number(topology.hosts[a].zone !== z.index) - Number(topology.hosts[b].zone !== z.index) || a - b));
    this.zoneRoute = new Int32Array(topology.zones.length).fill(-2);
  }

  /** The control-plane hosts. */
  get hosts(): readonly HostId[] {
    return this.cp;
  }

  /** Whether the API server on `host` can get a write committed now. */
  healthy(host: HostId): boolean {
    this.refresh();
    let h = this.health.get(host);
    if (h === undefined) {
      h = this.computeHealth(host);
      this.health.set(host, h);
    }
    return h;
  }

  /** Drops what was cached for an older picture. */
  private refresh(): void {
    // Compared as numbers: this runs for every write of the run, and a string key allocated each time.
    if (this.network.version === this.netVersion && this.cluster.stateVersion === this.stateVersion) return;
    this.netVersion = this.network.version;
    this.stateVersion = this.cluster.stateVersion;
    this.health.clear();
    this.zoneRoute.fill(-2);
  }

  private computeHealth(host: HostId): boolean {
    if (!this.network.isUp(host)) return false;
    const i = this.cluster.memberOf(host);
    const l = this.cluster.leader();
    if (i < 0 || l < 0 || !this.cluster.alive(i)) return false;
    return i === l || this.cluster.follows(i, l);
  }

  /** The API server that serves `client` over `channel` now, or −1. */
  route(client: HostId, channel: Channel): HostId {
    if (!this.network.isUp(client)) return -1;
    if (channel === 'client-apiserver' && this.topology.hosts[client].role === 'control-plane') {
      return this.healthy(client) ? client : -1;
    }
    const zone = this.topology.hosts[client].zone;
    if (this.network.partitionCount === 0) return this.lbChoice(zone);
    for (const a of this.lbOrder[zone]) {
      if (this.healthy(a) && this.network.canReach(client, a, channel) && this.network.canReach(a, client, channel)) return a;
    }
    return -1;
  }

  /**
   * With no partition, a live client reaches every live host both ways, and a healthy API server's
   * host is up: the load balancer's choice is the first healthy API server in the zone's order,
   * the same for every client of the zone. Kubelets ask for every node at each change of the
   * picture, so it is computed once per zone and picture.
   */
  private lbChoice(zone: number): HostId {
    this.refresh();
    const a = this.zoneRoute[zone];
    return a === -2 ? this.computeLbChoice(zone) : a;
  }

  // Apart from lbChoice: a closure there, even in the rare branch, made V8 allocate a context on every call.
  private computeLbChoice(zone: number): HostId {
    const a = this.lbOrder[zone].find((h) => this.healthy(h)) ?? -1;
    this.zoneRoute[zone] = a;
    return a;
  }

  /** Why `client` has no route now, for failure messages. */
  whyNot(client: HostId, channel: Channel): string {
    if (!this.network.isUp(client)) return 'client host is down';
    if (this.cluster.leader() < 0) return 'etcdserver: no leader';
    if (channel === 'client-apiserver' && this.topology.hosts[client].role === 'control-plane') {
      const i = this.cluster.memberOf(client);
      if (!this.cluster.alive(i)) return `etcd member on ${this.topology.hosts[client].name} is down`;
      return `etcd member on ${this.topology.hosts[client].name} cannot reach the leader`;
    }
    return 'no healthy API server reachable';
  }
}
