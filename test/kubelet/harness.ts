/**
 * A small world for the node-level tests: an ideal control plane whose kubelet→API path can be cut
 * per host, the kubelets, a controller-manager running the node lifecycle and taint-eviction
 * controllers, and the store → `metrics.podReported` wiring the world does. Pods are created
 * directly in the store, bound to nodes, from the fixture manifests' templates.
 */
import { fileURLToPath } from 'node:url';
import type { PodObj } from '../../src/apiserver/objects.js';
import type { Channel, WritePath, WriteProbe } from '../../src/apiserver/types.js';
import { WaitingRequests } from '../../src/apiserver/waiting.js';
import { ControllerManager } from '../../src/controllers/manager.js';
import { NodeLifecycleController } from '../../src/controllers/nodelifecycle/controller.js';
import { TaintEvictionController } from '../../src/controllers/tainteviction.js';
import type { Sim } from '../../src/kernel/sim.js';
import { SEC, type Time } from '../../src/kernel/time.js';
import { Kubelets } from '../../src/kubelet/kubelets.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { HostId } from '../../src/topology/types.js';
import { buildContext, type ControlPlaneParts } from '../../src/world/build-context.js';
import type { HostLiveness, WorldContext } from '../../src/world/context.js';
import { IdealNetwork, IdealWritePath, StaticLease } from '../../src/world/ideal.js';

const cache = new Map<string, Scenario>();

/** A fixture scenario of test/fixtures/scenarios/nodes (loaded once per file). */
export function fixture(name: string): Scenario {
  let s = cache.get(name);
  if (!s) {
    s = loadScenario(fileURLToPath(new URL(`../fixtures/scenarios/nodes/${name}.yaml`, import.meta.url)));
    cache.set(name, s);
  }
  return s;
}

/**
 * The ideal write path, plus cuts of the kubelet→API channel per host (an asymmetric partition).
 * A write from a cut host waits for the path, as on the real write path, and fails after the etcd
 * request timeout (7 s).
 */
export class CuttableWritePath implements WritePath {
  private readonly cut = new Set<HostId>();
  private readonly listeners: Array<() => void> = [];
  private readonly waiting: WaitingRequests;

  constructor(
    private readonly sim: Sim,
    private readonly inner: IdealWritePath,
    net: HostLiveness,
    private readonly timeoutUs: Time = 7 * SEC,
  ) {
    net.onChange(() => this.changed());
    this.waiting = new WaitingRequests(sim, () => 'kubelet cut off from the API servers');
  }

  /** Cuts (or restores) the kubelet→API path of `hosts`. */
  setCut(hosts: readonly HostId[], cut: boolean): void {
    for (const h of hosts) {
      if (cut) this.cut.add(h);
      else this.cut.delete(h);
    }
    this.changed();
  }

  probe(client: HostId, channel: Channel): WriteProbe {
    if (this.blocked(client, channel)) return { ok: false, reason: 'kubelet cut off from the API servers' };
    return this.inner.probe(client, channel);
  }

  writable(client: HostId, channel: Channel): boolean {
    return !this.blocked(client, channel) && this.inner.writable(client, channel);
  }

  submit(client: HostId, channel: Channel, label: string, commit: () => void, failed?: (reason: string) => void): void {
    if (this.blocked(client, channel)) {
      this.waiting.add({ client, channel, label, kind: 'write', deadline: this.sim.now + this.timeoutUs, done: commit, failed });
      return;
    }
    this.inner.submit(client, channel, label, commit, failed);
  }

  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private blocked(client: HostId, channel: Channel): boolean {
    return channel === 'kubelet-apiserver' && this.cut.has(client);
  }

  private changed(): void {
    for (const r of this.waiting.takeReady((c, ch) => !this.blocked(c, ch))) this.inner.submit(r.client, r.channel, r.label, r.done, r.failed);
    for (const l of this.listeners) l();
  }
}

/** Everything a node-level test drives. */
export interface TestWorld {
  ctx: WorldContext;
  sim: Sim;
  scenario: Scenario;
  kubelets: Kubelets;
  kcm: ControllerManager;
  nlc: NodeLifecycleController;
  taintEviction: TaintEvictionController;
  kcmLease: StaticLease;
  path: CuttableWritePath;
  network: IdealNetwork;
}

/** Builds the world for a fixture and seed (nothing started yet). */
export function buildWorld(name: string, seed: number, tweak?: (s: Scenario) => Scenario): TestWorld {
  const scenario = tweak ? tweak(fixture(name)) : fixture(name);
  let path!: CuttableWritePath;
  let network!: IdealNetwork;
  let kcmLease!: StaticLease;
  const controlPlane = (sim: Sim): ControlPlaneParts => {
    const home = scenario.topology.controlPlane[0].id;
    network = new IdealNetwork(scenario.topology.hosts.length);
    path = new CuttableWritePath(sim, new IdealWritePath(sim, network, home), network);
    kcmLease = new StaticLease('lease/kube-system/kube-controller-manager', home);
    const sched = new StaticLease('lease/kube-system/kube-scheduler', home);
    return {
      network, writePath: path, controllerManagerLease: kcmLease, schedulerLease: sched,
      start() {
        kcmLease.start();
        sched.start();
      },
    };
  };
  const { ctx, controlPlane: cp } = buildContext(scenario, { seed, controlPlane });
  ctx.store.onPod((pod, change) => {
    if (change === 'removed') ctx.metrics.podGone(pod, ctx.sim.now);
    else ctx.metrics.podReported(pod, pod.ready && pod.deletionTimestamp < 0, ctx.sim.now);
  });
  const kubelets = new Kubelets(ctx);
  const kcm = new ControllerManager(ctx);
  const nlc = new NodeLifecycleController(kcm, kubelets);
  const taintEviction = new TaintEvictionController(kcm);
  kcm.add(nlc);
  kcm.add(taintEviction);
  const w: TestWorld = { ctx, sim: ctx.sim, scenario, kubelets, kcm, nlc, taintEviction, kcmLease, path, network };
  startHooks.set(w, () => {
    kubelets.start();
    cp.start();
  });
  return w;
}

const startHooks = new WeakMap<TestWorld, () => void>();

/** Starts the kubelets and the control plane at t = 0. */
export function start(w: TestWorld): void {
  startHooks.get(w)!();
}

let podSeq = 0;

/** Creates `perNode` pods of a fixture template (`web`, `api`, `agent`, `short`, `batch`) on each host, bound. */
export function addPods(w: TestWorld, template: string, hosts: readonly HostId[], perNode = 1): PodObj[] {
  const wl = w.scenario.manifests.workloads.find((x) => x.name === template)!;
  const key = `test/${template}`;
  if (!w.ctx.metrics.has(key)) w.ctx.metrics.register(key, false, 0);
  const pods: PodObj[] = [];
  for (const node of hosts) {
    for (let i = 0; i < perNode; i++) {
      pods.push(w.ctx.store.createPod({
        namespace: 'default', name: `${template}-${++podSeq}`, labels: wl.template.labels, template: wl.template,
        tolerations: wl.template.tolerations, owner: null, workloadKey: key, revision: '1', ordinal: -1, node,
      }, w.sim.now));
    }
  }
  return pods;
}

/** Crashes a host (all processes die) now. */
export function crash(w: TestWorld, host: HostId): void {
  w.network.hostDown(host, 'crash');
  w.ctx.hosts.down(host);
}

/** Powers a crashed host back on now. */
export function restore(w: TestWorld, host: HostId): void {
  w.network.hostUp(host, 'crash');
  w.ctx.hosts.up(host);
}

/** Runs until `t` seconds. */
export function runTo(w: TestWorld, tSeconds: number): void {
  w.sim.run(Math.round(tSeconds * SEC));
}

/** Schedules `fn` at `t` seconds. */
export function at(w: TestWorld, tSeconds: number, fn: () => void): void {
  w.sim.at(Math.round(tSeconds * SEC), 'test', fn, 5);
}

/** Records every change of interest with its time. */
export interface Trace {
  reportedFalse: Map<number, Time>;
  deleting: Map<number, Time>;
  removed: Map<number, Time>;
  /** Node host → times its taints gained `unreachable:NoExecute`. */
  noExecute: Map<HostId, Time[]>;
  noExecuteRemoved: Map<HostId, Time[]>;
}

/** Records every truth change the kubelets report: pod uid → [time, ready][]. */
export function truthLog(w: TestWorld): Map<number, Array<[Time, boolean]>> {
  const log = new Map<number, Array<[Time, boolean]>>();
  const m = w.ctx.metrics;
  const orig = m.podTruth.bind(m);
  m.podTruth = (pod, ready, t) => {
    const l = log.get(pod.uid) ?? [];
    if (l.length === 0 || l[l.length - 1][1] !== ready) l.push([t, ready]);
    log.set(pod.uid, l);
    orig(pod, ready, t);
  };
  return log;
}

/** Starts recording pod and node changes. */
export function trace(w: TestWorld): Trace {
  const t: Trace = { reportedFalse: new Map(), deleting: new Map(), removed: new Map(), noExecute: new Map(), noExecuteRemoved: new Map() };
  const had = new Map<HostId, boolean>();
  const wasReady = new Set<number>();
  w.ctx.store.onPod((pod, change) => {
    if (change === 'status' && pod.ready) wasReady.add(pod.uid);
    if (change === 'status' && !pod.ready && wasReady.has(pod.uid) && !t.reportedFalse.has(pod.uid)) t.reportedFalse.set(pod.uid, w.sim.now);
    if (change === 'deleting') t.deleting.set(pod.uid, w.sim.now);
    if (change === 'removed') t.removed.set(pod.uid, w.sim.now);
  });
  w.ctx.store.onNode((node, change) => {
    if (change !== 'taints') return;
    const has = node.taints.some((x) => x.key === 'node.kubernetes.io/unreachable' && x.effect === 'NoExecute');
    if (has === (had.get(node.host) ?? false)) return;
    had.set(node.host, has);
    const m = has ? t.noExecute : t.noExecuteRemoved;
    m.set(node.host, [...(m.get(node.host) ?? []), w.sim.now]);
  });
  return t;
}
