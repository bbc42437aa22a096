/**
 * The EndpointSlice controller (pkg/controller/endpointslice; endpoint conditions from
 * staging/src/k8s.io/endpointslice/utils.go `podToEndpoint` and
 * staging/src/k8s.io/api/discovery/v1/types.go): for every Service with a selector, an endpoint per
 * selected pod that has an address — `ready` = Ready and not terminating (any pod when
 * publishNotReadyAddresses), `serving` = Ready, `terminating` = deletionTimestamp set. The
 * slices are API objects: they change only when the controller acts and its write commits, which
 * is when `metrics.podEndpoint` hears of it. While no controller-manager acts they go stale.
 * A sync writes one request per slice it creates, updates or deletes (slices.ts: at most 100
 * endpoints each), each through the endpointslice-controller client's rate limiter, so a change
 * to every endpoint of a 1,000-pod Service costs 10 writes. `--endpoint-updates-batch-period` is
 * 0 by default: a change is synced at once (after the informer's ~1 ms), changes that land
 * together share a sync, and changes during a sync's writes wait for the next one.
 */
import type { PodObj } from '../../apiserver/objects.js';
import type { ServiceSpec } from '../../manifests/types.js';
import type { ControllerManager } from '../manager.js';
import { Reconciler } from '../reconciler.js';
import type { PodControl } from '../replicaset/podcontrol.js';
import { planSliceWrites, type Change, type EndpointConditions, type EndpointSlices, type SliceWrite } from './slices.js';

export { EndpointSlices, MAX_ENDPOINTS_PER_SLICE, type Endpoint, type EndpointConditions } from './slices.js';

/**
 * Whether a pod gets an endpoint (ShouldPodBeInEndpoints with terminating pods included): it has
 * an address and has not finished. ⚠ kubeblast has no pod IPs; a pod has one once bound and Running.
 */
export function hasEndpoint(pod: PodObj): boolean {
  return pod.node >= 0 && pod.phase === 'Running';
}

/** The eight possible conditions, indexed ready·4 + serving·2 + terminating: endpoints share them (never mutated). */
const CONDITIONS: ReadonlyArray<Readonly<EndpointConditions>> = Array.from({ length: 8 }, (_, i) =>
  Object.freeze({ ready: (i & 4) !== 0, serving: (i & 2) !== 0, terminating: (i & 1) !== 0 }));

/** podToEndpoint's conditions (one shared frozen object per combination: an endpoint per selected pod kept one each). */
export function endpointConditions(pod: PodObj, publishNotReadyAddresses: boolean): Readonly<EndpointConditions> {
  const terminating = pod.deletionTimestamp >= 0;
  const ready = publishNotReadyAddresses || (pod.ready && !terminating);
  return CONDITIONS[(ready ? 4 : 0) + (pod.ready ? 2 : 0) + (terminating ? 1 : 0)];
}

/**
 * The EndpointSlice controller. A sync looks at the pods that changed since the last one (every
 * selected pod after a start), compares them with the committed slices and writes the difference.
 */
export class EndpointSliceController extends Reconciler<string> {
  private readonly services = new Map<string, ServiceSpec>();
  private readonly members = new Map<string, Set<PodObj>>();
  private readonly changed = new Map<string, Set<PodObj> | 'all'>();

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
      for (const svc of pod.services) {
        if (!this.services.has(svc)) continue;
        this.touch(svc, pod);
        this.enqueue(svc);
      }
    });
  }

  protected allKeys(): Iterable<string> {
    return this.services.keys();
  }

  override start(): void {
    for (const svc of this.services.keys()) this.changed.set(svc, 'all');
    super.start();
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

  private touch(svc: string, pod: PodObj): void {
    const d = this.changed.get(svc);
    if (d === 'all') return;
    if (d) d.add(pod);
    else this.changed.set(svc, new Set([pod]));
  }

  protected reconcile(key: string): void {
    const svc = this.services.get(key);
    if (!svc || !this.inflight.satisfied(key)) return;
    const changes = this.diff(svc);
    if (changes.length === 0) return;
    const writes = planSliceWrites(this.slices.layoutOf(key), changes, () => this.slices.newSlice());
    this.inflight.expect(key, writes.length);
    for (const w of writes) {
      this.pods.write(`${w.op} endpointslice ${key} #${w.slice}`, () => this.apply(key, w), (ok) => {
        if (!ok) for (const c of w.changes) this.touch(key, c.pod);
        this.inflight.observe(key);
      }, 'endpointslice-controller');
    }
  }

  /** The endpoints of the dirty pods that differ from the committed slices. */
  private diff(svc: ServiceSpec): Change[] {
    const d = this.changed.get(svc.key);
    this.changed.delete(svc.key);
    if (!d) return [];
    const have = this.slices.of(svc.key);
    let candidates: Iterable<PodObj>;
    if (d === 'all') {
      const all = new Set(this.members.get(svc.key) ?? []);
      for (const e of have.values()) all.add(e.pod);
      candidates = all;
    } else {
      candidates = d;
    }
    const store = this.kcm.ctx.store;
    const changes: Change[] = [];
    for (const pod of candidates) {
      const wanted = store.pods.has(pod.uid) && hasEndpoint(pod);
      const cur = have.get(pod.uid);
      if (!wanted && !cur) continue;
      // Most dirty pods' endpoints are unchanged: compared before any object is built.
      if (wanted && cur && conditionsMatch(pod, svc.publishNotReadyAddresses, cur.conditions)) continue;
      changes.push({ pod, endpoint: wanted ? { pod, conditions: endpointConditions(pod, svc.publishNotReadyAddresses) } : null });
    }
    return changes;
  }

  /** Commits one slice write: its endpoints change, and the metrics hear which are ready now. */
  private apply(key: string, w: SliceWrite): void {
    const ctx = this.kcm.ctx;
    this.slices.apply(key, w, (c, was) => {
      const now = c.endpoint?.conditions.ready ?? false;
      if (was !== now) ctx.metrics.podEndpoint(key, c.pod, now, ctx.sim.now);
    });
  }
}

/** Whether `endpointConditions(pod, publishNotReadyAddresses)` equals `c`, without building it. */
function conditionsMatch(pod: PodObj, publishNotReadyAddresses: boolean, c: EndpointConditions): boolean {
  const terminating = pod.deletionTimestamp >= 0;
  return c.ready === (publishNotReadyAddresses || (pod.ready && !terminating)) && c.serving === pod.ready && c.terminating === terminating;
}
