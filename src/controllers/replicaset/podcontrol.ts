/**
 * How controllers create and delete pods (pkg/controller/controller_utils.go `RealPodControl`,
 * `slowStartBatch`): writes from the acting controller-manager through its rate limiter, the
 * store mutated at commit, events on the owner as upstream words them. A callback that reports
 * a write's outcome runs only in the process that issued it — a new leader is a new process.
 */
import type { OwnerRef, PodObj } from '../../apiserver/objects.js';
import type { NewPod } from '../../apiserver/store.js';
import { deletePod } from '../../apiserver/eviction.js';
import type { ControllerManager } from '../manager.js';
import type { PodIndex } from './podindex.js';
import { randomSuffix } from './names.js';
import type { Rng } from '../../kernel/rng.js';

/** SlowStartInitialBatchSize (controller_utils.go). */
export const SLOW_START_INITIAL_BATCH = 1;

/** Event wording of pod creates and deletes (RealPodControl; the StatefulSet controller words its own). */
export interface PodEventWording {
  created(pod: string): string;
  createFailed(pod: string, err: string): string;
  deleted(pod: string): string;
  deleteFailed(pod: string, err: string): string;
}

/** RealPodControl's events: `Created pod: web-7d4f9-x7kq2`. */
export const POD_CONTROL_WORDING: PodEventWording = {
  created: (pod) => `Created pod: ${pod}`,
  createFailed: (_pod, err) => `Error creating: ${err}`,
  deleted: (pod) => `Deleted pod: ${pod}`,
  deleteFailed: (_pod, err) => `Error deleting: ${err}`,
};

/** A pod to create: everything but the name. */
export type PodSpecToCreate = Omit<NewPod, 'name'> & { owner: OwnerRef };

/** How the new pod is named: fixed (StatefulSet ordinals) or `generateName` (prefix + 5 random characters). */
export type PodNaming = { fixed: string } | { generate: string };

/**
 * Runs `count` calls in batches of 1, 2, 4, … (slowStartBatch): a batch starts once every call
 * of the previous one settled, and none starts after a batch with a failure, so a systematic
 * error costs one request rather than `count`. `finished(successes, skipped)`.
 */
export function slowStartBatch(count: number, call: (settled: (ok: boolean) => void) => void, finished?: (successes: number, skipped: number) => void): void {
  let remaining = count;
  let successes = 0;
  let batch = Math.min(count, SLOW_START_INITIAL_BATCH);
  const runBatch = (): void => {
    if (batch <= 0) {
      finished?.(successes, 0);
      return;
    }
    remaining -= batch;
    let pending = batch;
    let failed = false;
    const n = batch;
    for (let i = 0; i < n; i++) {
      call((ok) => {
        if (ok) successes++;
        else failed = true;
        if (--pending > 0) return;
        if (failed) {
          finished?.(successes, remaining);
          return;
        }
        batch = Math.min(2 * n, remaining);
        runBatch();
      });
    }
  };
  runBatch();
}

/** The controller client that writes for an owner (`replicaset/ns/web` → `replicaset-controller`). */
export function clientOf(eventObject: string): string {
  return `${eventObject.slice(0, eventObject.indexOf('/'))}-controller`;
}

/** Pod creates and deletes from the controller-manager. */
export class PodControl {
  /** `apiserver/generate-name/NS/PREFIX` streams by namespace and prefix: no name built per create. */
  private readonly nameStreams = new Map<string, Map<string, Rng>>();

  constructor(
    readonly kcm: ControllerManager,
    readonly index: PodIndex,
  ) {}

  /** A write from the acting process; `settled(ok, reason)` runs only if that process still acts. */
  write(label: string, commit: () => void, settled: ((ok: boolean, reason: string) => void) | undefined, client: string): void {
    this.kcm.request(label, commit, settled, client);
  }

  /** Creates a pod; `settled` gets the pod, or null when the create failed. */
  create(spec: PodSpecToCreate, naming: PodNaming, eventObject: string, wording: PodEventWording, settled: (pod: PodObj | null) => void): void {
    const ctx = this.kcm.ctx;
    let created: PodObj | null = null;
    let conflict = '';
    const label = 'fixed' in naming ? `create pod ${naming.fixed}` : `create pod ${naming.generate}*`;
    this.write(
      label,
      () => {
        const name = this.name(spec.namespace, naming);
        if (name === null) {
          conflict = `pods "${(naming as { fixed: string }).fixed}" already exists`;
          ctx.events.add(ctx.sim.now, 'Warning', 'FailedCreate', eventObject, wording.createFailed((naming as { fixed: string }).fixed, conflict));
          return;
        }
        created = ctx.store.createPod(spec, ctx.sim.now, name);
        ctx.events.add(ctx.sim.now, 'Normal', 'SuccessfulCreate', eventObject, wording.created(name));
      },
      (ok, reason) => {
        if (!ok) {
          const name = 'fixed' in naming ? naming.fixed : `${naming.generate}`;
          ctx.events.add(ctx.sim.now, 'Warning', 'FailedCreate', eventObject, wording.createFailed(name, reason));
        }
        settled(ok && !conflict ? created : null);
      },
      clientOf(eventObject),
    );
  }

  /** Deletes a pod (graceful); `settled(ok)` — a pod already gone counts as deleted (NotFound is not an error). */
  delete(pod: PodObj, eventObject: string, reason: string, wording: PodEventWording, settled: (ok: boolean) => void): void {
    const ctx = this.kcm.ctx;
    this.write(
      `delete ${pod.key}`,
      () => {
        if (!ctx.store.pods.has(pod.uid) || pod.deletionTimestamp >= 0) return;
        deletePod(ctx.store, pod, ctx.sim.now, reason);
        ctx.events.add(ctx.sim.now, 'Normal', 'SuccessfulDelete', eventObject, wording.deleted(pod.name));
      },
      (ok, why) => {
        if (!ok) ctx.events.add(ctx.sim.now, 'Warning', 'FailedDelete', eventObject, wording.deleteFailed(pod.name, why));
        settled(ok);
      },
      clientOf(eventObject),
    );
  }

  /** The stream `apiserver/generate-name/<namespace>/<prefix>` (the API server's names for that prefix). */
  private nameStream(namespace: string, prefix: string): Rng {
    let byPrefix = this.nameStreams.get(namespace);
    if (!byPrefix) this.nameStreams.set(namespace, (byPrefix = new Map()));
    let rng = byPrefix.get(prefix);
    if (!rng) byPrefix.set(prefix, (rng = this.kcm.ctx.streams.stream(`apiserver/generate-name/${namespace}/${prefix}`)));
    return rng;
  }

  /** The name the API server gives: fixed (null if taken), or a fresh `generateName` suffix from the owner's stream. */
  private name(namespace: string, naming: PodNaming): string | null {
    if ('fixed' in naming) return this.index.byPodName(namespace, naming.fixed) ? null : naming.fixed;
    const rng = this.nameStream(namespace, naming.generate);
    for (;;) {
      const name = naming.generate + randomSuffix(rng);
      if (!this.index.byPodName(namespace, name)) return name;
    }
  }
}
