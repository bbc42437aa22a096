/**
 * Every worker node's kubelet, as one object: process up/down with its host (boot delay after
 * power returns) and with the `kubelet-stop` fault, connectivity to the API servers, node Lease
 * renewal (analytic: `lastRenewal` and `onRenewalChange`, no event per renewal), the node's Ready
 * condition, and the pods (`pods.ts`).
 */
import { AppFaults } from './appfaults.js';
import { NodeApiRoutes } from '../apiserver/noderoutes.js';
import type { NodeObj, PodObj } from '../apiserver/objects.js';
import type { PodChange } from '../apiserver/store.js';
import { sampleTime } from '../kernel/dist.js';
import { MS, type Time } from '../kernel/time.js';
import type { KubeletConfig } from '../scenario/types.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';
import { isActive, newAgent, rngFor, type NodeAgent } from './agent.js';
import { gridAtOrAfter, isRenewing, lastRenewal, losePath, restartLoop, resumeRenewing, stopRenewing } from './lease.js';
import { PodLifecycle } from './pods.js';

/** Watch delivery from the API server to a kubelet (≈1 ms; keeps reactions after the commit that caused them). */
export const KUBELET_WATCH_US: Time = 1 * MS;

/** The kubelets of all worker nodes. Construct before the run, then `start()` at t = 0. */
export class Kubelets {
  private readonly agents: NodeAgent[];
  private readonly pods: PodLifecycle;
  private readonly cfg: KubeletConfig;
  /**
   * Timeout of the kubelet's heartbeat client (Lease and node status): nodeStatusUpdateFrequency,
   * capped at the lease duration — ref: cmd/kubelet/app/server.go (`heartbeatClientConfig.Timeout`,
   * "the minimum of the lease duration and status update frequency"), 10 s by default.
   */
  private readonly heartbeatTimeoutUs: Time;
  private readonly renewalListeners: Array<(host: HostId) => void> = [];
  private started = false;
  /**
   * Nodes whose kubelet process started while its Node object was deleted: it registers the Node
   * again (pkg/kubelet/kubelet_node_status.go `registerWithAPIServer`, once per process; a kubelet
   * that keeps running after its Node is deleted does not).
   */
  private readonly toRegister = new Set<HostId>();
  /** Bad images and crashing workloads (application faults), consulted at every container start. */
  readonly appFaults = new AppFaults();

  /** The nodes' route class to the API servers, shared with kube-proxy (built here, where the kubelets first listened). */
  readonly routes: NodeApiRoutes;

  constructor(private readonly ctx: WorldContext) {
    this.cfg = ctx.scenario.kubelet;
    this.heartbeatTimeoutUs = Math.min(this.cfg.nodeStatusUpdateFrequencyUs, this.cfg.nodeLeaseDurationUs);
    this.agents = ctx.topology.nodes.map((spec) => newAgent(spec, ctx.streams, this.cfg));
    this.pods = new PodLifecycle(ctx, (a) => this.scheduleSync(a), this.appFaults);
    this.appFaults.onCrash((w) => {
      for (const a of this.agents) if (a.hostUp) this.pods.crashWorkload(a, w);
    });
    ctx.store.onPod((pod, change) => this.podChanged(pod, change));
    ctx.store.onNode((node) => this.nodeChanged(node));
    ctx.hosts.onDown((host) => this.hostDown(host));
    ctx.hosts.onUp((host) => this.hostUp(host));
    // Built after the listeners above and registered on the write path where the kubelets' own listener was.
    this.routes = new NodeApiRoutes(this.agents.map((a) => a.host), ctx.topology, ctx.network, ctx.writePath);
    this.routes.onChange((changed) => this.pathChanged(changed));
  }

  /** Starts every kubelet as already running at t = 0, and admits the pods already bound to it. */
  start(): void {
    this.started = true;
    this.routes.start();
    for (const a of this.agents) {
      a.hostUp = this.ctx.network.isUp(a.host);
      a.running = a.hostUp && !a.faultStopped;
      a.connected = this.ctx.writePath.writable(a.host, 'kubelet-apiserver');
      this.applyRenewal(a);
      if (isActive(a)) this.pods.resync(a);
    }
  }

  /** Time of the last Lease renewal of `host` that committed at or before `now`. */
  lastRenewal(host: HostId, now: Time): Time {
    return lastRenewal(this.agents[host].lease, this.cfg.leaseRenewIntervalUs, now);
  }

  /** Whether `host`'s renewals currently commit. */
  isRenewing(host: HostId): boolean {
    return isRenewing(this.agents[host].lease);
  }

  /** Lease renewal requests of `host` that timed out so far (each followed by an immediate retry). */
  renewalFailures(host: HostId): number {
    return this.agents[host].lease.failedAttempts;
  }

  /** Whether `host`'s kubelet saw a path to the API servers at the last change of the picture. */
  isConnected(host: HostId): boolean {
    return this.agents[host].connected;
  }

  /** Whether `host`'s kubelet process runs. */
  isRunning(host: HostId): boolean {
    return this.agents[host].running;
  }

  /** Calls `fn(host)` whenever a node stops or resumes renewing its Lease. */
  onRenewalChange(fn: (host: HostId) => void): void {
    this.renewalListeners.push(fn);
  }

  /** `kubelet-stop`: the process stops; containers keep running; no renewals, no status, no reactions. */
  stopKubelet(host: HostId): void {
    const a = this.agents[host];
    a.faultStopped = true;
    if (!a.running) return;
    a.running = false;
    this.clearSync(a);
    this.pods.kubeletStopped(a);
    this.updateRenewal(a);
  }

  /** End of `kubelet-stop`: the process starts again (if its host is up and booted) and re-syncs. */
  startKubelet(host: HostId): void {
    const a = this.agents[host];
    a.faultStopped = false;
    if (a.hostUp && !a.running && a.bootTimer < 0) this.kubeletStart(a, a.rebootPending);
  }

  private hostDown(host: HostId): void {
    const a = this.agents[host];
    if (!a) return;
    a.hostUp = false;
    a.running = false;
    a.rebootPending = false;
    if (a.bootTimer >= 0) this.ctx.sim.cancel(a.bootTimer);
    a.bootTimer = -1;
    this.clearSync(a);
    this.pods.hostDown(a);
    this.updateRenewal(a);
  }

  private hostUp(host: HostId): void {
    const a = this.agents[host];
    if (!a || a.hostUp) return;
    a.hostUp = true;
    a.bootTimer = this.ctx.sim.after(sampleTime(this.cfg.bootTime, rngFor(a, 'boot')), `kubelet boot ${a.name}`, () => {
      a.bootTimer = -1;
      a.boots++;
      if (a.faultStopped) a.rebootPending = true;
      else this.kubeletStart(a, true);
    }, PRIORITY.kubelet);
  }

  /** The process starts: events, a fresh lease loop and status loop, then (if it reaches the API) a re-sync. */
  private kubeletStart(a: NodeAgent, rebooted: boolean): void {
    const now = this.ctx.sim.now;
    a.running = true;
    a.rebootPending = false;
    a.processStartUs = now;
    if (this.ctx.store.nodes[a.host].deleted) this.toRegister.add(a.host);
    else this.toRegister.delete(a.host);
    a.connected = this.ctx.writePath.writable(a.host, 'kubelet-apiserver');
    this.ctx.events.add(now, 'Normal', 'Starting', a.key, 'Starting kubelet.');
    // ref: pkg/kubelet/kubelet_node_status.go — a changed boot id is reported as `Rebooted` (Warning).
    if (rebooted) this.ctx.events.add(now, 'Warning', 'Rebooted', a.key, `Node ${a.name} has been rebooted, boot id: ${a.boots}`);
    restartLoop(a.lease, now);
    a.statusAnchorUs = now;
    this.updateRenewal(a);
    if (isActive(a)) this.becameActive(a, true);
  }

  /**
   * The kubelet runs and reaches the API: it re-syncs its pods and re-asserts the node's Ready
   * condition. A fresh process writes at once (its first status sync runs at start); after a
   * reconnection the writes that failed go out at the next status-sync tick.
   */
  private becameActive(a: NodeAgent, fresh: boolean): void {
    if (this.ctx.store.nodes[a.host].ready !== 'True' || this.toRegister.has(a.host)) a.nodeDirty = true;
    this.pods.resync(a);
    if (fresh) this.sync(a);
    else this.scheduleSync(a);
  }

  /** The picture changed: act on the kubelets whose path to the API servers appeared or went away, in node order. */
  private pathChanged(changed: readonly number[]): void {
    for (const i of changed) {
      const a = this.agents[i];
      const c = this.routes.isConnected(i);
      if (c === a.connected) continue;
      a.connected = c;
      if (!a.running) continue;
      if (!c) this.clearSync(a);
      this.updateRenewal(a);
      if (c) this.becameActive(a, false);
    }
  }

  private podChanged(pod: PodObj, change: PodChange): void {
    if (!this.started || pod.node < 0) return;
    const a = this.agents[pod.node];
    if (!isActive(a)) return; // a kubelet that is down or cut off catches up in its re-sync
    if (change === 'bound') {
      this.ctx.sim.after(KUBELET_WATCH_US, 'kubelet sees binding', () => {
        if (isActive(a) && this.ctx.store.pods.get(pod.uid) === pod && pod.deletionTimestamp < 0) this.pods.admit(a, pod);
      }, PRIORITY.kubelet);
    } else if (change === 'deleting') {
      this.ctx.sim.after(KUBELET_WATCH_US, 'kubelet sees deletion', () => {
        const run = a.runs.get(pod.uid);
        if (isActive(a) && run) this.pods.kill(a, run);
      }, PRIORITY.kubelet);
    } else if (change === 'removed') {
      const run = a.runs.get(pod.uid);
      if (run) this.pods.drop(a, run);
    } else if (change === 'status') {
      const run = a.runs.get(pod.uid);
      if (run) this.pods.statusChanged(a, run);
    }
  }

  /** Someone else set the node's Ready condition (the node lifecycle controller): re-assert it at the next sync. */
  private nodeChanged(node: NodeObj): void {
    const a = this.agents[node.host];
    if (!this.started || node.ready === 'True' || !isActive(a)) return;
    a.nodeDirty = true;
    this.scheduleSync(a);
  }

  /** Arms the next status-sync tick (nodeStatusUpdateFrequency grid), if the kubelet is active. */
  private scheduleSync(a: NodeAgent): void {
    if (!isActive(a) || a.syncTimer >= 0) return;
    const at = gridAtOrAfter(a.statusAnchorUs, this.cfg.nodeStatusUpdateFrequencyUs, this.ctx.sim.now + 1);
    a.syncTimer = this.ctx.sim.at(at, `kubelet status sync ${a.name}`, () => {
      a.syncTimer = -1;
      this.sync(a);
    }, PRIORITY.kubelet);
  }

  private clearSync(a: NodeAgent): void {
    if (a.syncTimer >= 0) this.ctx.sim.cancel(a.syncTimer);
    a.syncTimer = -1;
  }

  private sync(a: NodeAgent): void {
    if (!isActive(a)) return;
    if (a.nodeDirty) this.postNodeReady(a);
    this.pods.sync(a);
  }

  /**
   * Posts the node's Ready condition (ref: pkg/kubelet/kubelet_node_status.go syncNodeStatus;
   * nodestatus/setters.go ReadyCondition records `NodeReady` when the status changes).
   */
  private postNodeReady(a: NodeAgent): void {
    a.nodeDirty = false;
    const node = this.ctx.store.nodes[a.host];
    if (node.deleted) {
      this.registerNode(a);
      return;
    }
    if (node.ready === 'True') return;
    this.ctx.writePath.submit(a.host, 'kubelet-apiserver', `kubelet node status ${a.name}`, () => {
      if (node.ready === 'True') return;
      this.ctx.store.setNodeReady(node, 'True', this.ctx.sim.now);
      this.ctx.events.add(this.ctx.sim.now, 'Normal', 'NodeReady', a.key, `Node ${a.name} status is now: NodeReady`);
    }, () => {
      a.nodeDirty = true;
      this.scheduleSync(a);
    });
  }

  /** Registers the deleted Node of a fresh process (see `toRegister`); retried at the next status sync on failure. */
  private registerNode(a: NodeAgent): void {
    if (!this.toRegister.has(a.host)) return;
    const node = this.ctx.store.nodes[a.host];
    this.ctx.writePath.submit(a.host, 'kubelet-apiserver', `kubelet register node ${a.name}`, () => {
      if (!node.deleted) return;
      this.toRegister.delete(a.host);
      this.ctx.store.registerNode(node, 'True', this.ctx.sim.now);
      this.ctx.events.add(this.ctx.sim.now, 'Normal', 'RegisteredNode', a.key, `Node ${a.name} event: Registered Node ${a.name} in Controller`);
    }, () => {
      a.nodeDirty = true;
      this.scheduleSync(a);
    });
  }

  /**
   * Starts or stops renewals to match the process and its path, and tells listeners. A running
   * kubelet that loses its path keeps a renewal waiting (`losePath`); one whose process stops has
   * none.
   */
  private updateRenewal(a: NodeAgent): void {
    const was = isRenewing(a.lease);
    this.applyRenewal(a);
    if (was === isRenewing(a.lease)) return;
    for (const fn of this.renewalListeners) fn(a.host);
  }

  /** Renewing while the process runs and reaches the API; a renewal waiting while it runs cut off; none when it is down. */
  private applyRenewal(a: NodeAgent): void {
    const now = this.ctx.sim.now;
    if (isActive(a)) resumeRenewing(a.lease, now, this.heartbeatTimeoutUs);
    else if (a.running) losePath(a.lease, this.cfg.leaseRenewIntervalUs, now);
    else stopRenewing(a.lease, this.cfg.leaseRenewIntervalUs, now);
  }
}
