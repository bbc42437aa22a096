/**
 * Taint eviction (the taint manager) — ref: pkg/controller/tainteviction/taint_eviction.go,
 * timed_workers.go; kubernetes.md §1 "Taint eviction". When a node's NoExecute taints change (or a
 * pod is bound to a tainted node), each of its pods is processed: a pod that does not tolerate
 * every NoExecute taint is deleted now; one that does is deleted at *processing time* + the
 * shortest tolerationSeconds of the matching tolerations (≤ 0 → now; all forever → never); taint
 * removal cancels. Deletion is a plain DELETE (`markDeleting`, reason TaintManagerEviction): not the
 * Eviction API, so PodDisruptionBudgets do not gate it. One timer per pending deletion.
 */
import type { NodeObj, PodObj, PodUid } from '../apiserver/objects.js';
import type { PodChange } from '../apiserver/store.js';
import type { EventId } from '../kernel/sim.js';
import { SEC, type Time } from '../kernel/time.js';
import { minTolerationSeconds, untoleratedTaint } from '../manifests/match.js';
import type { HostId, Taint } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';
import { REACTION_US, type Controller, type ControllerManager } from './manager.js';

/** A scheduled deletion (a TimedWorker); `id` is -1 once it fired. */
interface Work {
  pod: PodObj;
  id: EventId;
  createdUs: Time;
}

/** The node's NoExecute taints (getNoExecuteTaints). */
export function noExecuteTaints(taints: readonly Taint[]): Taint[] {
  return taints.filter((t) => t.effect === 'NoExecute');
}

function sameTaints(a: readonly Taint[], b: readonly Taint[]): boolean {
  return a.length === b.length && a.every((t, i) => t.key === b[i].key && (t.value ?? '') === (b[i].value ?? '') && t.effect === b[i].effect);
}

/** The taint-eviction controller. Register it with the controller-manager (`kcm.add`). */
export class TaintEvictionController implements Controller {
  private readonly ctx: WorldContext;
  private acting = false;
  /** `taintedNodes`: NoExecute taints of each node that has some, as this process last handled them. */
  private readonly tainted = new Map<HostId, Taint[]>();
  private readonly work = new Map<PodUid, Work>();
  private readonly nodePending: Uint8Array;

  constructor(private readonly kcm: ControllerManager) {
    this.ctx = kcm.ctx;
    this.nodePending = new Uint8Array(this.ctx.store.nodes.length);
    this.ctx.store.onNode((node, change) => {
      if (this.acting && change === 'taints') this.nodeUpdated(node);
    });
    this.ctx.store.onPod((pod, change) => this.podUpdated(pod, change));
  }

  start(): void {
    this.acting = true;
    this.tainted.clear();
    this.nodePending.fill(0);
    // Informer adds: every node is handled once the caches sync (a new process restarts the clocks).
    for (const node of this.ctx.store.nodes) if (noExecuteTaints(node.taints).length > 0) this.nodeUpdated(node);
  }

  stop(): void {
    this.acting = false;
    for (const w of this.work.values()) if (w.id >= 0) this.ctx.sim.cancel(w.id);
    this.work.clear();
    this.tainted.clear();
  }

  /** Pods with a deletion scheduled and not yet fired (for tests and reports). */
  get pendingCount(): number {
    let n = 0;
    for (const w of this.work.values()) if (w.id >= 0) n++;
    return n;
  }

  private nodeUpdated(node: NodeObj): void {
    const h = node.host;
    if (this.nodePending[h] || sameTaints(noExecuteTaints(node.taints), this.tainted.get(h) ?? [])) return;
    this.nodePending[h] = 1;
    this.ctx.sim.after(REACTION_US, 'taint eviction node update', () => {
      this.nodePending[h] = 0;
      if (this.acting) this.handleNodeUpdate(node);
    }, PRIORITY.nodeLifecycle);
  }

  private podUpdated(pod: PodObj, change: PodChange): void {
    if (!this.acting) return;
    if (change === 'removed') {
      this.cancel(pod);
    } else if (change === 'bound') {
      this.ctx.sim.after(REACTION_US, 'taint eviction pod update', () => {
        const taints = this.tainted.get(pod.node);
        if (this.acting && taints && this.ctx.store.pods.get(pod.uid) === pod) this.processPod(pod, taints, this.ctx.sim.now);
      }, PRIORITY.nodeLifecycle);
    }
  }

  private handleNodeUpdate(node: NodeObj): void {
    const taints = noExecuteTaints(node.taints);
    if (taints.length === 0) this.tainted.delete(node.host);
    else this.tainted.set(node.host, taints);
    const now = this.ctx.sim.now;
    for (const pod of [...this.ctx.store.podsOnNode[node.host]]) {
      if (taints.length === 0) this.cancel(pod);
      else this.processPod(pod, taints, now);
    }
  }

  /**
   * `processPodOnNode`. ⚠ The shortest tolerationSeconds is taken over every matching toleration
   * (`minTolerationSeconds`); upstream takes the first match per taint — the same unless a pod
   * has two tolerations of one taint with different seconds.
   */
  private processPod(pod: PodObj, taints: readonly Taint[], now: Time): void {
    if (untoleratedTaint(taints, pod.tolerations, ['NoExecute'])) {
      this.cancel(pod);
      this.addWork(pod, now, now);
      return;
    }
    const seconds = minTolerationSeconds(taints, pod.tolerations);
    if (seconds === Number.POSITIVE_INFINITY) {
      this.cancel(pod);
      return;
    }
    const delayUs = seconds <= 0 ? 0 : seconds * SEC;
    let createdUs = now;
    const existing = this.work.get(pod.uid);
    if (existing) {
      // An earlier-scheduled deletion stands; only one created this instant is replaced.
      createdUs = existing.createdUs;
      if (createdUs + delayUs < now + delayUs) return;
      this.cancel(pod);
    }
    this.addWork(pod, createdUs, now + delayUs);
  }

  /** `AddWork`: ignored while work for the pod exists (even fired work, until cancelled). */
  private addWork(pod: PodObj, createdUs: Time, fireUs: Time): void {
    if (this.work.has(pod.uid)) return;
    const w: Work = { pod, id: -1, createdUs };
    w.id = this.ctx.sim.at(Math.max(fireUs, this.ctx.sim.now), `taint eviction ${pod.key}`, () => this.fire(w), PRIORITY.nodeLifecycle);
    this.work.set(pod.uid, w);
  }

  /** `deletePodHandler`: the event, then the DELETE (whose commit starts graceful deletion). */
  private fire(w: Work): void {
    w.id = -1;
    const { pod } = w;
    if (this.ctx.store.pods.get(pod.uid) !== pod) return;
    this.ctx.events.add(this.ctx.sim.now, 'Normal', 'TaintManagerEviction', pod.key, `Marking for deletion Pod ${pod.namespace}/${pod.name}`);
    this.kcm.write(`taint eviction delete ${pod.key}`, () => {
      if (this.ctx.store.pods.get(pod.uid) === pod) this.ctx.store.markDeleting(pod, this.ctx.sim.now, 'TaintManagerEviction');
    }, () => {
      // A failed worker is forgotten, so the next update of the node or pod schedules it again.
      if (this.work.get(pod.uid) === w) this.work.delete(pod.uid);
    }, 'taint-eviction-controller');
  }

  /**
   * `cancelWorkWithEvent`. ⚠ Upstream also reports "Cancelling deletion" for work that already
   * fired (its worker entry stays until cancelled); kubeblast reports only real cancellations.
   */
  private cancel(pod: PodObj): void {
    const w = this.work.get(pod.uid);
    if (!w) return;
    this.work.delete(pod.uid);
    if (w.id < 0) return;
    this.ctx.sim.cancel(w.id);
    this.ctx.events.add(this.ctx.sim.now, 'Normal', 'TaintManagerEviction', pod.key, `Cancelling deletion of Pod ${pod.namespace}/${pod.name}`);
  }
}
