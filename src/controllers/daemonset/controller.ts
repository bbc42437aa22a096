/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go `manage`,
 * `podsShouldBeOnNode`, `syncNodes`; update.go `rollingUpdate`): one pod per eligible node,
 * created unbound with a node-pinning affinity for the default scheduler; excess, failed and
 * no-longer-tolerated pods deleted; RollingUpdate replaces old pods within maxUnavailable
 * (maxSurge 0). The number of eligible nodes is the workload's desired count. A sync looks at the
 * nodes whose pods or taints changed (all of them after a start or a template change).
 */
import type { NodeObj, PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate } from '../../manifests/types.js';
import type { HostId } from '../../topology/types.js';
import { scaledValue } from '../deployment/util.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { withLabel } from '../../manifests/podlabels.js';
import { isAvailable } from '../replicaset/object.js';
import { POD_CONTROL_WORDING, type PodControl } from '../replicaset/podcontrol.js';
import type { DaemonSetObj, DaemonSetStore } from './object.js';
import { nodeShouldRunDaemonPod, pinToNode } from './nodes.js';
import { DsPods, targetHost } from './podindex.js';

/** Most pods created or deleted per sync (daemon `BurstReplicas`). */
export const DS_BURST_REPLICAS = 250;
/** Label carrying the template hash on DaemonSet pods (apps/v1 DefaultDaemonSetUniqueLabelKey). */
export const DS_HASH_LABEL = 'controller-revision-hash';

const RUN = 1;
const CONTINUE = 2;

/** Per DaemonSet: nodeShouldRunDaemonPod by node (RUN | CONTINUE bits), for a template hash, and how many nodes may run it. */
interface Eligibility {
  hash: string;
  bits: Uint8Array;
  known: Uint8Array;
  /** Nodes that may run it, or −1 before the first count; the `stale` nodes are left out of it. */
  count: number;
  /** Nodes forgotten since the count, to look at again before it is next read. */
  stale: HostId[];
}

/** The DaemonSet controller. */
export class DaemonSetController extends Reconciler<string> {
  private readonly pinned = new Map<string, PodTemplate>();
  private readonly pods = new Map<string, DsPods>();
  private readonly eligibility = new Map<string, Eligibility>();

  constructor(
    kcm: ControllerManager,
    private readonly sets: DaemonSetStore,
    private readonly control: PodControl,
  ) {
    super(kcm, 'daemonset');
    const { store } = kcm.ctx;
    for (const ds of sets.values()) this.podsOf(ds);
    sets.onChange((ds) => {
      this.podsOf(ds).retemplate();
      this.enqueue(ds.key);
    });
    for (const p of store.pods.values()) if (p.owner?.kind === 'DaemonSet') this.track(p, 'created');
    control.index.onOwned('DaemonSet', (pod, change) => this.track(pod, change));
    store.onNode((node, change) => {
      if (change !== 'taints' && change !== 'deleted') return;
      for (const e of this.eligibility.values()) this.forget(e, node.host);
      for (const ds of sets.values()) {
        this.podsOf(ds).touch(node.host);
        this.enqueue(ds.key);
      }
    });
  }

  protected allKeys(): Iterable<string> {
    return [...this.sets.values()].map((ds) => ds.key);
  }

  override start(): void {
    for (const ds of this.sets.values()) this.podsOf(ds).dirty = 'all';
    super.start();
  }

  private podsOf(ds: DaemonSetObj): DsPods {
    let p = this.pods.get(ds.key);
    if (!p) this.pods.set(ds.key, (p = new DsPods(() => ds.hash)));
    return p;
  }

  private track(pod: PodObj, change: string): void {
    const ds = this.sets.get(pod.owner!.key);
    if (!ds) return;
    const { store, topology } = this.kcm.ctx;
    const host = targetHost(pod, store.nodes, topology.hostByName);
    const pods = this.podsOf(ds);
    if (host >= 0) {
      if (change === 'created') pods.add(pod, host);
      else if (change === 'removed') pods.remove(pod, host);
      else pods.touch(host);
    }
    this.enqueue(ds.key);
  }

  protected reconcile(key: string): void {
    const ds = this.sets.get(key);
    if (!ds) return;
    const ctx = this.kcm.ctx;
    const pods = this.podsOf(ds);
    const elig = this.eligibleNodes(ds);
    ctx.metrics.setDesired(ds.key, elig.count, ctx.sim.now);
    if (!this.inflight.satisfied(key)) return;
    const nodes = pods.dirty === 'all' ? ctx.store.nodes : [...pods.dirty].map((h) => ctx.store.nodes[h]);
    pods.dirty = new Set();
    const creates: NodeObj[] = [];
    const deletes = new Set<PodObj>();
    for (const node of nodes) {
      if (node.deleted) continue; // not listed: its pods are pod GC's (daemon_controller.go iterates the node lister)
      const bits = this.bitsFor(ds, elig, node);
      const live = [...pods.on(node.host)].filter((p) => !(p.deletionTimestamp >= 0 && (p.phase === 'Succeeded' || p.phase === 'Failed')));
      if (bits & RUN && live.length === 0) creates.push(node);
      else if (bits & CONTINUE) pruneNode(live, deletes);
      else for (const p of live) if (p.deletionTimestamp < 0) deletes.add(p);
    }
    if (creates.length > 0 || deletes.size > 0) {
      // Nodes beyond this sync's burst stay dirty.
      for (const n of creates.slice(DS_BURST_REPLICAS)) pods.touch(n.host);
      for (const p of [...deletes].slice(DS_BURST_REPLICAS)) pods.touch(p.node);
      this.syncNodes(ds, [...deletes].slice(0, DS_BURST_REPLICAS), creates.slice(0, DS_BURST_REPLICAS));
      return;
    }
    // updateDaemonSet: the rolling update runs once manage has nothing in flight.
    if (ds.strategy === 'RollingUpdate' && pods.outdated.size > 0) this.syncNodes(ds, this.rollingUpdate(ds, pods, elig, ctx.sim.now).slice(0, DS_BURST_REPLICAS), []);
  }

  /** The eligibility of every node for the DaemonSet's template (computed lazily, cached until the node's taints change). */
  private eligibleNodes(ds: DaemonSetObj): Eligibility {
    let e = this.eligibility.get(ds.key);
    if (!e || e.hash !== ds.hash) {
      const n = this.kcm.ctx.store.nodes.length;
      e = { hash: ds.hash, bits: new Uint8Array(n), known: new Uint8Array(n), count: -1, stale: [] };
      this.eligibility.set(ds.key, e);
    }
    const nodes = this.kcm.ctx.store.nodes;
    if (e.count < 0) {
      e.count = 0;
      e.stale.length = 0;
      for (const node of nodes) if (this.bitsFor(ds, e, node) & RUN) e.count++;
    }
    // Only the nodes whose taints changed are looked at again, not all of them.
    for (const h of e.stale) if (this.bitsFor(ds, e, nodes[h]) & RUN) e.count++;
    e.stale.length = 0;
    return e;
  }

  /** nodeShouldRunDaemonPod for one node, cached. */
  private bitsFor(ds: DaemonSetObj, e: Eligibility, node: NodeObj): number {
    const h = node.host;
    if (e.known[h]) return e.bits[h];
    const r = nodeShouldRunDaemonPod(ds.template, node);
    e.bits[h] = (r.shouldRun ? RUN : 0) | (r.shouldContinue ? CONTINUE : 0);
    e.known[h] = 1;
    return e.bits[h];
  }

  /** A node's taints changed: its cached eligibility is dropped, and it leaves the count until it is looked at again. */
  private forget(e: Eligibility, host: HostId): void {
    if (!e.known[host]) return;
    e.known[host] = 0;
    if (e.count < 0) return;
    if (e.bits[host] & RUN) e.count--;
    e.stale.push(host);
  }

  /**
   * rollingUpdate with maxSurge 0: old pods replaced while at most maxUnavailable nodes lack an
   * available new pod; an eligible node without pods counts as unavailable
   * (updatedDesiredNodeCounts). ⚠ A maxSurge > 0 is treated as 0 (surge updates are not modelled).
   */
  private rollingUpdate(ds: DaemonSetObj, pods: DsPods, e: Eligibility, now: Time): PodObj[] {
    let maxUnavailable = scaledValue(ds.maxUnavailable, e.count, true);
    if (e.count > 0 && maxUnavailable === 0) maxUnavailable = 1;
    let unavailable = 0;
    const replace: PodObj[] = [];
    const candidates: PodObj[] = [];
    for (const node of this.kcm.ctx.store.nodes) {
      if (node.deleted) continue;
      const here = pods.on(node.host);
      if (here.size === 0 && !(e.bits[node.host] & RUN)) continue;
      const live = [...here].filter((p) => p.deletionTimestamp < 0);
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
    this.inflight.expect(key, deletes.length);
    for (const p of deletes) this.control.delete(p, key, 'DaemonSet', POD_CONTROL_WORDING, () => this.inflight.observe(key));
    const naming = { generate: `${ds.name}-` };
    this.createInBatches(
      key,
      creates.length,
      (i, done) => {
        const node = creates[i];
        const template = this.templateFor(ds, node.name);
        const spec = {
          namespace: ds.namespace, labels: withLabel(ds.template.labels, DS_HASH_LABEL, ds.hash), template, tolerations: template.tolerations,
          owner: { kind: 'DaemonSet' as const, key }, workloadKey: key, revision: ds.hash, ordinal: -1,
        };
        this.control.create(spec, naming, key, POD_CONTROL_WORDING, (pod) => {
          if (!pod) this.podsOf(ds).touch(node.host);
          done(pod !== null);
        });
      },
      (from) => {
        for (const node of creates.slice(from)) this.podsOf(ds).touch(node.host);
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

/** A node that may keep its pod: failed pods go, and all but the oldest running one. */
function pruneNode(pods: PodObj[], deletes: Set<PodObj>): void {
  const running: PodObj[] = [];
  for (const p of pods) {
    if (p.deletionTimestamp >= 0) continue;
    if (p.phase === 'Failed') deletes.add(p);
    else running.push(p);
  }
  running.sort((a, b) => a.createdAt - b.createdAt || a.uid - b.uid);
  for (const p of running.slice(1)) deletes.add(p);
}
