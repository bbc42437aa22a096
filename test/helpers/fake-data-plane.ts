/**
 * A small deterministic fake that stands in for the scheduler and the kubelet in controller
 * tests (the real ones live in src/scheduler and src/kubelet). It binds each new pod to a node
 * round-robin 1 ms after creation (skipping nodes the pod may not go to: cordoned, untolerated
 * NoSchedule/NoExecute taints, node selector and required node affinity — which pins DaemonSet
 * pods), makes it Running and Ready after a seeded random start delay, finishes run-to-completion
 * pods (Jobs) after their `kubeblast.io/run-duration` (default 60 s), and confirms deletions 1 s
 * after they start. Status changes go through the write path (`kubelet-apiserver` from the node,
 * binds over `client-apiserver` from the first control-plane host) and it reports the truth with
 * `metrics.podTruth`. A "frozen" node models a dead kubelet: nothing starts there and deletions
 * are never confirmed (pods stay Terminating) until it is unfrozen.
 */
import type { PodObj } from '../../src/apiserver/objects.js';
import type { Rng } from '../../src/kernel/rng.js';
import { MS, SEC, type Time } from '../../src/kernel/time.js';
import { nodeAffinityMatches, untoleratedTaint } from '../../src/manifests/match.js';
import { parseDuration } from '../../src/units/duration.js';
import type { WorldContext } from '../../src/world/context.js';

/** Tuning of the fake. */
export interface FakeDataPlaneOptions {
  /** Time from bind to Ready (default uniform 1–10 s from the `fake-data-plane/start` stream). */
  startDelay?: (rng: Rng) => Time;
  /** Time from deletion start to the pod's removal (default 1 s). */
  stopDelayUs?: Time;
}

/** The fake scheduler + kubelet. */
export class FakeDataPlane {
  /** Nodes whose kubelet is dead. */
  readonly frozen = new Set<number>();
  private next = 0;
  private readonly rng: Rng;
  private readonly scheduler: number;

  constructor(
    private readonly ctx: WorldContext,
    private readonly opts: FakeDataPlaneOptions = {},
  ) {
    this.rng = ctx.streams.stream('fake-data-plane/start');
    this.scheduler = ctx.topology.controlPlane[0]?.id ?? 0;
    ctx.store.onPod((pod, change) => {
      if (change === 'created' && pod.node < 0) ctx.sim.after(1 * MS, `fake bind ${pod.key}`, () => this.bind(pod));
      else if (change === 'bound') this.start(pod);
      else if (change === 'deleting') this.stop(pod);
    });
  }

  /** Unfreezes a node: its pending deletions are confirmed and its pods start. */
  unfreeze(node: number): void {
    this.frozen.delete(node);
    for (const pod of [...this.ctx.store.podsOnNode[node]]) {
      if (pod.deletionTimestamp >= 0) this.stop(pod);
      else if (!pod.ready) this.start(pod);
    }
  }

  /** Removes a pod at once (force deletion, or the node object deleted). */
  forceRemove(pod: PodObj): void {
    this.ctx.writePath.submit(this.scheduler, 'client-apiserver', `force delete ${pod.key}`, () => {
      this.ctx.metrics.podTruth(pod, false, this.ctx.sim.now);
      this.ctx.store.removePod(pod);
    });
  }

  private eligible(pod: PodObj, node: number): boolean {
    const n = this.ctx.store.nodes[node];
    if (n.unschedulable && untoleratedTaint([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], pod.tolerations, ['NoSchedule'])) return false;
    if (untoleratedTaint(n.taints, pod.tolerations, ['NoSchedule', 'NoExecute'])) return false;
    return nodeAffinityMatches(pod.template, n.labels, n.name);
  }

  private bind(pod: PodObj): void {
    const nodes = this.ctx.store.nodes.length;
    for (let i = 0; i < nodes; i++) {
      const node = (this.next + i) % nodes;
      if (!this.eligible(pod, node)) continue;
      this.next = node + 1;
      this.ctx.writePath.submit(this.scheduler, 'client-apiserver', `bind ${pod.key}`, () => {
        if (this.ctx.store.pods.has(pod.uid) && pod.node < 0 && pod.deletionTimestamp < 0) this.ctx.store.bindPod(pod, node);
      });
      return;
    }
  }

  private start(pod: PodObj): void {
    if (this.frozen.has(pod.node) || pod.deletionTimestamp >= 0) return;
    const delay = this.opts.startDelay ? this.opts.startDelay(this.rng) : Math.round(this.rng.uniform(1 * SEC, 10 * SEC));
    this.ctx.sim.after(delay, `fake start ${pod.key}`, () => {
      if (!this.live(pod) || this.frozen.has(pod.node)) return;
      this.ctx.metrics.podTruth(pod, true, this.ctx.sim.now);
      this.status(pod, { phase: 'Running', ready: true });
      if (pod.template.restartPolicy !== 'Always') this.ctx.sim.after(runDuration(pod), `fake finish ${pod.key}`, () => this.finish(pod));
    });
  }

  private finish(pod: PodObj): void {
    if (!this.live(pod) || this.frozen.has(pod.node)) return;
    this.ctx.metrics.podTruth(pod, false, this.ctx.sim.now);
    this.status(pod, { phase: 'Succeeded', ready: false });
  }

  private stop(pod: PodObj): void {
    if (pod.node < 0 || this.frozen.has(pod.node)) return;
    this.ctx.sim.after(this.opts.stopDelayUs ?? 1 * SEC, `fake stop ${pod.key}`, () => {
      if (!this.ctx.store.pods.has(pod.uid) || this.frozen.has(pod.node)) return;
      this.ctx.metrics.podTruth(pod, false, this.ctx.sim.now);
      this.ctx.writePath.submit(pod.node, 'kubelet-apiserver', `confirm delete ${pod.key}`, () => this.ctx.store.removePod(pod));
    });
  }

  private status(pod: PodObj, s: { phase: PodObj['phase']; ready: boolean }): void {
    this.ctx.writePath.submit(pod.node, 'kubelet-apiserver', `status ${pod.key}`, () => {
      if (this.ctx.store.pods.has(pod.uid)) this.ctx.store.setPodStatus(pod, s, this.ctx.sim.now);
    });
  }

  private live(pod: PodObj): boolean {
    return this.ctx.store.pods.has(pod.uid) && pod.deletionTimestamp < 0;
  }
}

function runDuration(pod: PodObj): Time {
  const text = pod.template.annotations['kubeblast.io/run-duration'];
  if (text === undefined) return 60 * SEC;
  try {
    return parseDuration(text);
  } catch {
    return 60 * SEC;
  }
}
