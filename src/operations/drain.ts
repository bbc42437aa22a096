/**
 * `kubectl drain` (staging/src/k8s.io/kubectl/pkg/drain, pkg/cmd/drain): cordon every node
 * first, then for each node evict every pod but DaemonSet pods (as with --ignore-daemonsets;
 * bare pods are evicted too, as with --force) through the Eviction API, all at once; an eviction
 * refused with 429 (the PDB allows no disruption now) is retried every 5 s until the timeout
 * (0 = forever); then wait for each evicted pod to be gone. Nodes are drained one after the other,
 * stopping at the first failure, as kubectl does — or all at once with `parallel` (several kubectl
 * processes). ⚠ kubectl polls every second for deleted pods; here their removal is observed as it
 * commits. Events (kubeblast's own): `EvictionBlocked`, `Evicted`, `NodeDrained`, `DrainFailed`.
 */
import type { PodObj, PodUid } from '../apiserver/objects.js';
import type { EvictionResult } from '../apiserver/eviction.js';
import type { Workloads } from '../controllers/workloads.js';
import { SEC, formatSeconds, type Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import { entryHost, KUBECTL_MAX_RETRIES, SERVER_TIMEOUT_RETRY_AFTER_US, type OpResult } from './client.js';
import { cordon } from './cordon.js';

/** kubectl drain's wait between evictions refused with 429. */
export const EVICTION_RETRY_US: Time = 5 * SEC;

/** How to drain. */
export interface DrainOptions {
  /** Drain every node at once (default: one after the other, as one kubectl process does). */
  parallel?: boolean;
  /** Per-node timeout (kubectl --timeout); 0 = forever. */
  timeoutUs?: Time;
}

/** The outcome: nodes fully drained, and the errors kubectl would print. */
export interface DrainResult extends OpResult {
  drained: HostId[];
  errors: string[];
}

/** Whether kubectl drain deletes this pod (DaemonSet pods are skipped). */
export function drainable(pod: PodObj): boolean {
  return pod.owner?.kind !== 'DaemonSet';
}

const waiters = new WeakMap<Workloads, Map<PodUid, Array<() => void>>>();

/** Callbacks run when a pod is removed, shared by every drain of a run (one store listener). */
function removalWaiters(w: Workloads): Map<PodUid, Array<() => void>> {
  let m = waiters.get(w);
  if (!m) {
    const map = new Map<PodUid, Array<() => void>>();
    w.ctx.store.onPod((pod, change) => {
      if (change !== 'removed') return;
      const cbs = map.get(pod.uid);
      if (!cbs) return;
      map.delete(pod.uid);
      for (const cb of cbs) cb();
    });
    waiters.set(w, (m = map));
  }
  return m;
}

/** A drain in progress; `cancel()` stops it (the kubectl process is killed). */
export class Drain {
  private cancelled = false;
  private finished = false;
  private readonly waiting: Map<PodUid, Array<() => void>>;
  readonly drained: HostId[] = [];
  readonly errors: string[] = [];

  constructor(
    private readonly w: Workloads,
    private readonly nodes: readonly HostId[],
    private readonly opts: DrainOptions,
    private readonly client: HostId,
    private readonly done?: (r: DrainResult) => void,
  ) {
    this.waiting = removalWaiters(w);
  }

  /** Stops retrying and waiting; the drain reports what it achieved. */
  cancel(): void {
    if (this.finished) return;
    this.cancelled = true;
    this.finish();
  }

  /** Cordons every node, then drains them. */
  start(): void {
    let pending = this.nodes.length;
    let failed = false;
    if (pending === 0) return this.finish();
    for (const node of this.nodes) {
      cordon(this.w.ctx, node, true, this.client, (r) => {
        if (this.cancelled) return;
        if (!r.ok) {
          failed = true;
          this.errors.push(r.message);
          // kubectl drain stops when it cannot cordon ("error: unable to drain node"): say so, as for an eviction error.
          const name = this.w.ctx.store.nodes[node].name;
          this.w.ctx.events.add(this.w.ctx.sim.now, 'Warning', 'DrainFailed', `node/${name}`, r.message);
        }
        if (--pending > 0) return;
        if (failed) return this.finish();
        if (this.opts.parallel) this.drainAll();
        else this.drainNext(0);
      });
    }
  }

  private drainAll(): void {
    let pending = this.nodes.length;
    for (const node of this.nodes) this.drainNode(node, () => {
      if (--pending === 0) this.finish();
    });
  }

  private drainNext(i: number): void {
    if (i >= this.nodes.length) return this.finish();
    this.drainNode(this.nodes[i], (ok) => {
      if (ok) this.drainNext(i + 1);
      else this.finish();
    });
  }

  /** deleteOrEvictPods for one node: every eviction loop, then each pod's removal, within the timeout. */
  private drainNode(node: HostId, nodeDone: (ok: boolean) => void): void {
    const ctx = this.w.ctx;
    const name = ctx.store.nodes[node].name;
    const pods = [...ctx.store.podsOnNode[node]].filter(drainable);
    let pending = pods.length;
    let over = false;
    const errors: string[] = [];
    const end = (ok: boolean) => {
      if (over || this.cancelled) return;
      over = true;
      if (ok) {
        this.drained.push(node);
        ctx.events.add(ctx.sim.now, 'Normal', 'NodeDrained', `node/${name}`, `node/${name} drained`);
      } else {
        this.errors.push(...errors);
        ctx.events.add(ctx.sim.now, 'Warning', 'DrainFailed', `node/${name}`, errors.join('; '));
      }
      nodeDone(ok);
    };
    if (pending === 0) return end(true);
    const timeout = this.opts.timeoutUs ?? 0;
    const deadline = timeout > 0 ? ctx.sim.now + timeout : Number.POSITIVE_INFINITY;
    if (timeout > 0) {
      ctx.sim.at(deadline, `drain node/${name} timeout`, () => {
        if (over) return;
        errors.push(`drain did not complete within ${formatSeconds(timeout)}s`);
        end(false);
      });
    }
    const podDone = (err?: string) => {
      if (err) errors.push(err);
      if (--pending === 0) end(errors.length === 0);
    };
    for (const pod of pods) this.evictLoop(pod, () => over, podDone);
  }

  /**
   * One pod's goroutine: evict, retry 429s every 5 s, then wait for the pod to be gone. An eviction
   * the API could not commit (503 here, a Retry-After answer upstream) is retried by client-go as
   * any request is (`request` in client.ts), each attempt through the load balancer again.
   */
  private evictLoop(pod: PodObj, stopped: () => boolean, podDone: (err?: string) => void, attempt = 0): void {
    const ctx = this.w.ctx;
    if (stopped() || this.cancelled) return;
    this.w.eviction.evict(entryHost(ctx, this.client), pod, (r: EvictionResult) => {
      if (stopped() || this.cancelled) return;
      if (r.code === 200) {
        ctx.events.add(ctx.sim.now, 'Normal', 'Evicted', pod.key, `pod/${pod.name} evicted`);
        if (!ctx.store.pods.has(pod.uid)) return podDone();
        const cbs = this.waiting.get(pod.uid) ?? [];
        cbs.push(() => {
          if (!stopped() && !this.cancelled) podDone();
        });
        this.waiting.set(pod.uid, cbs);
      } else if (r.code === 404) {
        podDone();
      } else if (r.code === 429) {
        ctx.events.add(ctx.sim.now, 'Warning', 'EvictionBlocked', pod.key, `error when evicting pods/"${pod.name}" -n "${pod.namespace}" (will retry after 5s): ${r.message}`);
        ctx.sim.after(EVICTION_RETRY_US, `drain retry ${pod.key}`, () => this.evictLoop(pod, stopped, podDone));
      } else if (r.code === 503 && attempt < KUBECTL_MAX_RETRIES) {
        ctx.sim.after(SERVER_TIMEOUT_RETRY_AFTER_US, `kubectl retries evict ${pod.key}`, () => this.evictLoop(pod, stopped, podDone, attempt + 1));
      } else {
        podDone(`error when evicting pods/"${pod.name}" -n "${pod.namespace}": ${r.message}`);
      }
    });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const ok = !this.cancelled && this.errors.length === 0 && this.drained.length === this.nodes.length;
    const message = ok ? `drained ${this.drained.length} node(s)` : this.cancelled ? 'drain cancelled' : this.errors.join('; ');
    this.done?.({ ok, message, drained: this.drained, errors: this.errors });
  }
}

/** Starts draining `nodes` from client host `client`; returns the drain, which can be cancelled. */
export function drain(w: Workloads, nodes: readonly HostId[], opts: DrainOptions, client: HostId, done?: (r: DrainResult) => void): Drain {
  const d = new Drain(w, nodes, opts, client, done);
  d.start();
  return d;
}
