/**
 * kube-proxy on every node, as programmed views shared by class of nodes (views.ts), and the
 * `serving` figure of every Service.
 *
 * - Sync: kube-proxy reprograms its rules from its EndpointSlice informer through a
 *   BoundedFrequencyRunner: a change is synced at once unless the last sync was less than
 *   `minSyncPeriod` ago, then at last sync + minSyncPeriod, all changes heard meanwhile in one sync
 *   (pkg/proxy/runner/bounded_frequency_runner.go: minInterval from one run's end to the next
 *   start, no bursts; the older pkg/util/async runner allowed burstSyncs = 2, i.e. a second sync
 *   up to 1 s sooner after a quiet period). minSyncPeriod is 1 s and syncPeriod 30 s for iptables
 *   (pkg/proxy/apis/config/v1alpha1/defaults.go); syncPeriod is now the retry interval after a
 *   failed sync and proxyutil.FullSyncPeriod (1 h) the forced full sync (pkg/proxy/iptables/proxier.go
 *   `syncRunner`). Those periodic syncs re-apply the same state, so they change nothing and cost
 *   no event here. The time a sync takes is neglected (⚠ inferred: well under 1 s below ~10,000
 *   Services). Every node that follows the API
 *   hears the same changes at the same time, so they share one live view and one runner (⚠ inferred:
 *   real nodes' runners have their own phases, up to one minSyncPeriod apart).
 * - Without the API: the informer's watch breaks and the reflector retries; handlers get no event,
 *   so the proxier keeps the rules it last programmed and traffic keeps reaching the endpoints it
 *   knew (pkg/proxy/config/config.go handlers are only called on informer events). A node that
 *   loses its path while up joins the frozen view of that instant. When the path returns the
 *   informer re-lists and the next sync runs at once (the last one is long past): the node rejoins
 *   the live view (⚠ inferred: the re-list latency is neglected. Upstream the reflector retries
 *   ListAndWatch with a backoff that settles at [30 s, 60 s) after a minute of failures
 *   (client-go tools/cache/reflector.go, NewExponentialBackoffManager(800 ms, 30 s, …, jitter 1.0)),
 *   so after a long cut each node re-lists at its own moment up to a minute after the heal; a node
 *   that re-lists after its Services' endpoints were restored never programs the emptied slices.
 *   Re-listing at once makes the heal's outage start at the heal on every node: the worst case).
 * - A node that comes up cut off runs no pods (the kubelet gets its pods from the API) and so has
 *   no clients: it counts in no view until it reaches the API.
 *
 * `serving` of a Service = the smallest number of truly ready endpoints that a client on any live
 * node reaches through its node's rules: min over the views in use (the live view while some live
 * node follows the API, each frozen view with members) of `ProgrammedViews.reach`; 0 when no node
 * is live. So every in-cluster client reaches at least `serving` endpoints that answer. ⚠ Pod to
 * pod traffic across a partition is not cut here (as before: the network model cuts API and etcd
 * channels only).
 */
import type { NodeApiRoutes } from '../apiserver/noderoutes.js';
import type { PodObj } from '../apiserver/objects.js';
import type { Change, EndpointConditions, EndpointSlices } from '../controllers/endpointslice/slices.js';
import type { Timer } from '../kernel/sim.js';
import { MS, SEC, type Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';
import { ProgrammedViews, type FrozenView } from './views.js';

/** kube-proxy iptables/nftables `minSyncPeriod` default (pkg/proxy/apis/config/v1alpha1/defaults.go). */
export const MIN_SYNC_PERIOD_US: Time = 1 * SEC;
/** Watch delivery from the API server to kube-proxy (≈1 ms, as the kubelet's). */
export const PROXY_WATCH_US: Time = 1 * MS;

/** Where a node's rules come from: none (down, or up with no path since boot), live, or a frozen view. */
type NodeView = 'none' | 'live' | FrozenView;

/** Every node's kube-proxy. Construct before the run; `start()` after the kubelets'. */
export class KubeProxies {
  private readonly views: ProgrammedViews;
  private readonly nodeView: NodeView[];
  private liveMembers = 0;
  private readonly services: string[];
  /** API changes heard and not yet programmed, in commit order. */
  private pending: Array<{ service: string; pod: PodObj; cond: EndpointConditions | null }> = [];
  private lastSyncUs = Number.NEGATIVE_INFINITY;
  private readonly timer: Timer;
  /** Host id → node index (−1: not a node). */
  private readonly indexOf: Int32Array;
  /** The last frozen view made, while no sync changed the live view since: nodes cut meanwhile share it. */
  private lastFrozen: FrozenView | null = null;

  constructor(
    private readonly ctx: WorldContext,
    private readonly routes: NodeApiRoutes,
    slices: EndpointSlices,
  ) {
    const metrics = ctx.metrics;
    metrics.takeServing();
    this.views = new ProgrammedViews((pod) => metrics.isTrulyReady(pod));
    this.services = ctx.scenario.manifests.services.map((s) => s.key);
    this.nodeView = routes.nodeHosts.map(() => 'none');
    this.indexOf = new Int32Array(ctx.topology.hosts.length).fill(-1);
    routes.nodeHosts.forEach((h, i) => (this.indexOf[h] = i));
    this.timer = ctx.sim.timer('kube-proxy sync', () => this.sync(), PRIORITY.kubelet);
    slices.onChange((service, c) => this.heard(service, c));
    metrics.onTruth((pod, ready) => {
      this.views.truthChanged(pod, ready);
      for (const svc of pod.services) this.refresh(svc);
    });
    routes.onChange((changed) => this.pathChanged(changed));
    ctx.hosts.onDown((host) => this.hostDown(host));
  }

  /** Nodes that reach the API follow it from the start. */
  start(): void {
    for (let i = 0; i < this.nodeView.length; i++) if (this.routes.isConnected(i)) this.move(i, 'live');
    this.refreshAll();
  }

  /** Nodes in the live view, and in each frozen view (for tests and reports). */
  membership(): { live: number; frozen: number[] } {
    return { live: this.liveMembers, frozen: this.views.frozen.map((f) => f.members) };
  }

  private heard(service: string, c: Change): void {
    // Conditions objects are shared and frozen (endpointConditions), so no copy is needed.
    this.pending.push({ service, pod: c.pod, cond: c.endpoint ? c.endpoint.conditions : null });
    if (this.timer.pending) return;
    const now = this.ctx.sim.now;
    this.timer.set(Math.max(now + PROXY_WATCH_US, this.lastSyncUs + MIN_SYNC_PERIOD_US));
  }

  private sync(): void {
    this.lastSyncUs = this.ctx.sim.now;
    this.lastFrozen = null;
    const batch = this.pending;
    this.pending = [];
    const touched = new Set<string>();
    for (const p of batch) {
      this.views.program(p.service, p.pod, p.cond);
      touched.add(p.service);
    }
    for (const svc of touched) this.refresh(svc);
  }

  private pathChanged(changed: readonly number[]): void {
    const net = this.ctx.network;
    for (const i of changed) {
      if (this.routes.isConnected(i)) this.move(i, 'live');
      else if (this.nodeView[i] === 'live' && net.isUp(this.routes.nodeHosts[i])) this.move(i, this.frozenNow());
      else this.move(i, 'none');
    }
    this.refreshAll();
  }

  private hostDown(host: HostId): void {
    const i = this.indexOf[host] ?? -1;
    if (i < 0 || this.nodeView[i] === 'none') return;
    this.move(i, 'none');
    this.refreshAll();
  }

  /** The frozen view of this instant: nodes cut at the same time, with no sync between, share one. */
  private frozenNow(): FrozenView {
    if (!this.lastFrozen || this.lastFrozen.members === 0) this.lastFrozen = this.views.freeze();
    return this.lastFrozen;
  }

  private move(i: number, to: NodeView): void {
    const from = this.nodeView[i];
    if (from === to) return;
    if (from === 'live') this.liveMembers--;
    else if (from !== 'none' && --from.members === 0) this.views.release(from);
    if (to === 'live') this.liveMembers++;
    else if (to !== 'none') to.members++;
    this.nodeView[i] = to;
  }

  private refreshAll(): void {
    for (const svc of this.services) this.refresh(svc);
  }

  /** Recomputes one Service's `serving` (see the file comment). */
  private refresh(service: string): void {
    let n = Number.POSITIVE_INFINITY;
    if (this.liveMembers > 0) n = this.views.reach(service, null);
    for (const f of this.views.frozen) n = Math.min(n, this.views.reach(service, f));
    this.ctx.metrics.setServing(service, n === Number.POSITIVE_INFINITY ? 0 : n, this.ctx.sim.now);
  }
}
