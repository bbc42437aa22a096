/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go `manage`,
 * `podsShouldBeOnNode`, `syncNodes`; update.go `rollingUpdate`): one pod per eligible node,
 * created unbound with a node-pinning affinity for the default scheduler; excess, failed and
 * no-longer-tolerated pods deleted; RollingUpdate replaces old pods within maxUnavailable
 * (maxSurge 0). The number of eligible nodes is the workload's desired count.
 */
import type { NodeObj, PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate } from '../../manifests/types.js';
import { scaledValue } from '../deployment/util.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { Expectations, Wakeups } from '../replicaset/expectations.js';
import { isAvailable } from '../replicaset/object.js';
import { POD_CONTROL_WORDING, slowStartBatch, type PodControl } from '../replicaset/podcontrol.js';
import type { DaemonSetObj, DaemonSetStore } from './object.js';
import { nodeShouldRunDaemonPod, pinToNode, targetNodeName } from './nodes.js';

/** Most pods created or deleted per sync (daemon `BurstReplicas`). */
export const DS_BURST_REPLICAS = 250;
/** Label carrying the template hash on DaemonSet pods (apps/v1 DefaultDaemonSetUniqueLabelKey). */
export const DS_HASH_LABEL = 'controller-revision-hash';

/** The DaemonSet controller. */
export class DaemonSetController extends Reconciler<string> {
  private readonly expectations = new Expectations((key) => this.enqueue(key));
  private readonly wakeups: Wakeups;
  private readonly pinned = new Map<string, PodTemplate>();

  constructor(
    kcm: ControllerManager,
    private readonly sets: DaemonSetStore,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'daemonset');
    this.wakeups = new Wakeups(() => kcm.ctx.sim.now, (key, delay) => this.enqueueAfter(key, delay));
    sets.onChange((ds) => this.enqueue(ds.key));
    pods.index.onOwned('DaemonSet', (pod) => this.enqueue(pod.owner!.key));
    kcm.ctx.store.onNode((_node, change) => {
      if (change === 'taints') for (const ds of sets.values()) this.enqueue(ds.key);
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.sets.values()].map((ds) => ds.key);
  }

  override start(): void {
    this.expectations.clear();
    this.wakeups.clear();
    super.start();
  }

  override stop(): void {
    this.expectations.clear();
    this.wakeups.clear();
    super.stop();
  }

  protected reconcile(key: string): void {
    const ds = this.sets.get(key);
    if (!ds) return;
    const ctx = this.kcm.ctx;
    const byNode = this.podsByNode(ds);
    const creates: NodeObj[] = [];
    const deletes = new Set<PodObj>();
    const eligible: number[] = [];
    for (const node of ctx.store.nodes) {
      const { shouldRun, shouldContinue } = nodeShouldRunDaemonPod(ds.template, node);
      if (shouldRun) eligible.push(node.host);
      const pods = byNode.get(node.host) ?? [];
      if (shouldRun && pods.length === 0) creates.push(node);
      else if (shouldContinue) this.pruneNode(pods, deletes);
      else for (const p of pods) if (p.deletionTimestamp < 0) deletes.add(p);
    }
    ctx.metrics.setDesired(ds.key, eligible.length, ctx.sim.now);
    if (!this.expectations.satisfied(key)) return;
    if (creates.length > 0 || deletes.size > 0) {
      this.syncNodes(ds, [...deletes].slice(0, DS_BURST_REPLICAS), creates.slice(0, DS_BURST_REPLICAS));
      return;
    }
    // updateDaemonSet: the rolling update runs once manage has nothing in flight.
    if (ds.strategy === 'RollingUpdate') this.syncNodes(ds, this.rollingUpdate(ds, byNode, eligible, ctx.sim.now).slice(0, DS_BURST_REPLICAS), []);
  }

  /** Pods by target node (bound node, or the node their affinity pins them to); deleted finished pods left out. */
  private podsByNode(ds: DaemonSetObj): Map<number, PodObj[]> {
    const ctx = this.kcm.ctx;
    const out = new Map<number, PodObj[]>();
    for (const p of this.pods.index.owned(ds.key)) {
      if (p.deletionTimestamp >= 0 && (p.phase === 'Succeeded' || p.phase === 'Failed')) continue;
      const name = targetNodeName(p, ctx.store.nodes);
      const host = name === undefined ? undefined : ctx.topology.hostByName.get(name);
      if (host === undefined || host >= ctx.store.nodes.length) continue;
      const list = out.get(host) ?? [];
      list.push(p);
      out.set(host, list);
    }
    return out;
  }

  /** A node that may keep its pod: failed pods go, and all but the oldest running one. */
  private pruneNode(pods: PodObj[], deletes: Set<PodObj>): void {
    const running: PodObj[] = [];
    for (const p of pods) {
      if (p.deletionTimestamp >= 0) continue;
      if (p.phase === 'Failed') deletes.add(p);
      else running.push(p);
    }
    running.sort((a, b) => a.createdAt - b.createdAt || a.uid - b.uid);
    for (const p of running.slice(1)) deletes.add(p);
  }

  /**
   * rollingUpdate with maxSurge 0: old pods replaced while at most maxUnavailable nodes lack an
   * available new pod. ⚠ A maxSurge > 0 is treated as 0 (surge updates are not modelled).
   */
  private rollingUpdate(ds: DaemonSetObj, byNode: Map<number, PodObj[]>, eligible: number[], now: Time): PodObj[] {
    let maxUnavailable = scaledValue(ds.maxUnavailable, eligible.length, true);
    if (eligible.length > 0 && maxUnavailable === 0) maxUnavailable = 1;
    // updatedDesiredNodeCounts: an eligible node without pods counts as unavailable.
    for (const host of eligible) if (!byNode.has(host)) byNode.set(host, []);
    let unavailable = 0;
    const replace: PodObj[] = [];
    const candidates: PodObj[] = [];
    for (const host of [...byNode.keys()].sort((a, b) => a - b)) {
      const live = byNode.get(host)!.filter((p) => p.deletionTimestamp < 0);
      const fresh = live.filter((p) => p.revision === ds.hash);
      const old = live.filter((p) => p.revision !== ds.hash);
      if (fresh.length > 1 || old.length > 1 || fresh.length === old.length) {
        unavailable++;
      } else if (fresh.length === 1) {
        if (!isAvailable(fresh[0], ds.minReadySeconds, now)) {
          unavailable++;
          if (fresh[0].ready) this.wakeups.wakeAt(ds.key, fresh[0].readySince + ds.minReadySeconds * 1_000_000 + 1);
        }
      } else if (!isAvailable(old[0], ds.minReadySeconds, now)) {
        replace.push(old[0]);
      } else if (unavailable < maxUnavailable) {
        candidates.push(old[0]);
      }
    }
    const room = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
    return [...replace, ...candidates.slice(0, room)];
  }

  private syncNodes(ds: DaemonSetObj, deletes: PodObj[], creates: NodeObj[]): void {
    const key = ds.key;
    this.expectations.expect(key, deletes.length + creates.length);
    for (const p of deletes) this.pods.delete(p, key, 'DaemonSet', POD_CONTROL_WORDING, () => this.expectations.observe(key));
    let next = 0;
    slowStartBatch(
      creates.length,
      (settled) => {
        const node = creates[next++];
        const template = this.templateFor(ds, node.name);
        const spec = {
          namespace: ds.namespace, labels: { ...ds.template.labels, [DS_HASH_LABEL]: ds.hash }, template, tolerations: template.tolerations,
          owner: { kind: 'DaemonSet' as const, key }, workloadKey: key, revision: ds.hash, ordinal: -1,
        };
        this.pods.create(spec, { generate: `${ds.name}-` }, key, POD_CONTROL_WORDING, (pod) => {
          this.expectations.observe(key);
          settled(pod !== null);
        });
      },
      (_ok, skipped) => {
        if (skipped > 0) this.expectations.observe(key, skipped);
      },
    );
  }

  private templateFor(ds: DaemonSetObj, nodeName: string): PodTemplate {
    const k = `${ds.key}/${ds.hash}/${nodeName}`;
    let t = this.pinned.get(k);
    if (!t) {
      t = pinToNode(ds.template, nodeName);
      this.pinned.set(k, t);
    }
    return t;
  }
}
