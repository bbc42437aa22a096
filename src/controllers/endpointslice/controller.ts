/**
 * The EndpointSlice controller (pkg/controller/endpointslice; endpoint conditions from
 * staging/src/k8s.io/endpointslice/utils.go `podToEndpoint` and
 * staging/src/k8s.io/api/discovery/v1/types.go): for every Service with a selector, an endpoint per
 * selected pod that has an address — `ready` = Ready and not terminating (any pod when
 * publishNotReadyAddresses), `serving` = Ready, `terminating` = deletionTimestamp set. The
 * slices are API objects: they change only when the controller acts and its write commits, which
 * is when `metrics.podEndpoint` hears of it. While no controller-manager acts they go stale.
 * ⚠ One write per Service sync stands for the writes of every changed slice (100 endpoints each).
 */
import type { PodObj, PodUid } from '../../apiserver/objects.js';
import type { ServiceSpec } from '../../manifests/types.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import { Expectations } from '../replicaset/expectations.js';
import type { PodControl } from '../replicaset/podcontrol.js';

/** The conditions of one endpoint (discovery/v1 EndpointConditions). */
export interface EndpointConditions {
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** One endpoint of a Service's slices. */
export interface Endpoint {
  pod: PodObj;
  conditions: EndpointConditions;
}

/**
 * Whether a pod gets an endpoint (ShouldPodBeInEndpoints with terminating pods included): it has
 * an address and has not finished. ⚠ kubeblast has no pod IPs; a pod has one once bound and Running.
 */
export function hasEndpoint(pod: PodObj): boolean {
  return pod.node >= 0 && pod.phase === 'Running';
}

/** podToEndpoint's conditions. */
export function endpointConditions(pod: PodObj, publishNotReadyAddresses: boolean): EndpointConditions {
  const terminating = pod.deletionTimestamp >= 0;
  return { ready: publishNotReadyAddresses || (pod.ready && !terminating), serving: pod.ready, terminating };
}

/** The committed EndpointSlices, by Service key: its endpoints by pod UID. */
export class EndpointSlices {
  readonly byService = new Map<string, Map<PodUid, Endpoint>>();

  /** The endpoints of a Service (empty when it has none). */
  of(service: string): ReadonlyMap<PodUid, Endpoint> {
    return this.byService.get(service) ?? new Map();
  }
}

/** The EndpointSlice controller. */
export class EndpointSliceController extends Reconciler<string> {
  private readonly inflight = new Expectations((key) => this.enqueue(key));
  private readonly services = new Map<string, ServiceSpec>();
  private readonly members = new Map<string, Set<PodObj>>();

  constructor(
    kcm: ControllerManager,
    readonly slices: EndpointSlices,
    private readonly pods: PodControl,
  ) {
    super(kcm, 'endpointslice');
    for (const s of kcm.ctx.store.services) if (s.selector !== null) this.services.set(s.key, s);
    for (const p of kcm.ctx.store.pods.values()) this.track(p, true);
    pods.index.onAny((pod, change) => {
      if (change === 'created') this.track(pod, true);
      else if (change === 'removed') this.track(pod, false);
      for (const svc of pod.services) if (this.services.has(svc)) this.enqueue(svc);
    });
  }

  protected allKeys(): Iterable<string> {
    return this.services.keys();
  }

  override start(): void {
    this.inflight.clear();
    super.start();
  }

  override stop(): void {
    this.inflight.clear();
    super.stop();
  }

  private track(pod: PodObj, add: boolean): void {
    for (const svc of pod.services) {
      if (!this.services.has(svc)) continue;
      let set = this.members.get(svc);
      if (!set) this.members.set(svc, (set = new Set()));
      if (add) set.add(pod);
      else set.delete(pod);
    }
  }

  protected reconcile(key: string): void {
    const svc = this.services.get(key);
    if (!svc || !this.inflight.satisfied(key)) return;
    const want = new Map<PodUid, Endpoint>();
    for (const pod of this.members.get(key) ?? []) {
      if (hasEndpoint(pod)) want.set(pod.uid, { pod, conditions: endpointConditions(pod, svc.publishNotReadyAddresses) });
    }
    const have = this.slices.of(key);
    if (!differs(have, want)) return;
    const ctx = this.kcm.ctx;
    this.inflight.expect(key, 1);
    this.pods.write(`update endpointslices of ${key}`, () => {
      const now = ctx.sim.now;
      const old = this.slices.of(key);
      for (const [uid, e] of old) if (!want.has(uid)) ctx.metrics.podEndpoint(key, e.pod, false, now);
      for (const e of want.values()) ctx.metrics.podEndpoint(key, e.pod, e.conditions.ready, now);
      this.slices.byService.set(key, want);
    }, () => this.inflight.observe(key));
  }
}

function differs(have: ReadonlyMap<PodUid, Endpoint>, want: ReadonlyMap<PodUid, Endpoint>): boolean {
  if (have.size !== want.size) return true;
  for (const [uid, w] of want) {
    const h = have.get(uid);
    if (!h || h.conditions.ready !== w.conditions.ready || h.conditions.serving !== w.conditions.serving || h.conditions.terminating !== w.conditions.terminating) return true;
  }
  return false;
}
