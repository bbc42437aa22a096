/**
 * kube-proxy's programmed views of every Service's endpoints, shared by class of nodes: one live
 * view for all the nodes that follow the API, and one frozen view per instant at which some
 * nodes lost their path to it (they keep the rules they last programmed).
 *
 * A frozen view is an overlay on the live one: when the live view changes an endpoint, every
 * frozen view that has not yet saved its own value for it saves the old one first. Freezing costs
 * one copy of the per-Service counts (not of the endpoints), and a change costs one look-up per
 * frozen view, so a cluster-wide cut of 5,000 nodes is one view, not 5,000.
 *
 * What a view reaches for a Service follows pkg/proxy/topology.go `CategorizeEndpoints` (Cluster
 * traffic policy, no topology hints): the endpoints whose slice condition is `ready`; when there
 * is none, the ones that are `serving` and `terminating` (KEP-1669, proxy terminating
 * endpoints). Of those, the ones whose pod is truly ready are what clients actually reach.
 */
import type { PodObj, PodUid } from '../apiserver/objects.js';
import type { EndpointConditions } from '../controllers/endpointslice/slices.js';

/** Per Service in one view: endpoints listed ready / serving-terminating, and how many of each are truly ready. */
interface Counts {
  ready: number;
  readyTrue: number;
  fallback: number;
  fallbackTrue: number;
}

/** A view frozen at the instant its nodes lost their path to the API servers. */
export interface FrozenView {
  /** Per Service, per pod: the endpoint as it was at the freeze, for those the live view changed since (null: absent). */
  readonly saved: Map<string, Map<PodUid, EndpointConditions | null>>;
  readonly counts: Map<string, Counts>;
  /** Nodes (up, cut off) whose rules are this view. */
  members: number;
}

const NONE = 0;
const READY = 1;
const FALLBACK = 2;

/** Which list of CategorizeEndpoints an endpoint belongs to. */
function category(c: EndpointConditions | null | undefined): number {
  if (!c) return NONE;
  if (c.ready) return READY;
  return c.serving && c.terminating ? FALLBACK : NONE;
}

function add(k: Counts, cat: number, truth: boolean, d: number): void {
  if (cat === READY) {
    k.ready += d;
    if (truth) k.readyTrue += d;
  } else if (cat === FALLBACK) {
    k.fallback += d;
    if (truth) k.fallbackTrue += d;
  }
}

/** The programmed views and what each reaches. */
export class ProgrammedViews {
  private readonly live = new Map<string, Map<PodUid, EndpointConditions>>();
  private readonly liveCounts = new Map<string, Counts>();
  /** Frozen views that still have members. */
  readonly frozen: FrozenView[] = [];

  /** `truth(pod)`: whether the pod truly serves now (the kubelet's truth, as metrics record it). */
  constructor(private readonly truth: (pod: PodObj) => boolean) {}

  /** The live view programs a change of the API's endpoints (null: the endpoint is gone). */
  program(service: string, pod: PodObj, cond: EndpointConditions | null): void {
    let eps = this.live.get(service);
    if (!eps) this.live.set(service, (eps = new Map()));
    const old = eps.get(pod.uid) ?? null;
    for (const f of this.frozen) {
      let s = f.saved.get(service);
      if (!s) f.saved.set(service, (s = new Map()));
      if (!s.has(pod.uid)) s.set(pod.uid, old);
    }
    const k = counts(this.liveCounts, service);
    const t = this.truth(pod);
    add(k, category(old), t, -1);
    add(k, category(cond), t, 1);
    if (cond) eps.set(pod.uid, cond);
    else eps.delete(pod.uid);
  }

  /** A pod's truth changed: every view that lists it counts it again. */
  truthChanged(pod: PodObj, ready: boolean): void {
    const d = ready ? 1 : -1;
    for (const svc of pod.services) {
      const cur = this.live.get(svc)?.get(pod.uid);
      const lc = this.liveCounts.get(svc);
      if (lc) addTruth(lc, category(cur), d);
      for (const f of this.frozen) {
        const s = f.saved.get(svc);
        const c = s?.has(pod.uid) ? s.get(pod.uid) : cur;
        const fc = f.counts.get(svc);
        if (fc) addTruth(fc, category(c), d);
      }
    }
  }

  /** A new frozen view: the live view as programmed now (its first member is counted by the caller). */
  freeze(): FrozenView {
    const f: FrozenView = { saved: new Map(), counts: new Map(), members: 0 };
    for (const [svc, k] of this.liveCounts) f.counts.set(svc, { ...k });
    this.frozen.push(f);
    return f;
  }

  /** Forgets a frozen view that has no member left. */
  release(f: FrozenView): void {
    const i = this.frozen.indexOf(f);
    if (i >= 0) this.frozen.splice(i, 1);
  }

  /** Truly ready endpoints a client reaches through `view` (null: the live view). */
  reach(service: string, view: FrozenView | null): number {
    const k = view ? view.counts.get(service) : this.liveCounts.get(service);
    if (!k) return 0;
    return k.ready > 0 ? k.readyTrue : k.fallbackTrue;
  }
}

function counts(m: Map<string, Counts>, service: string): Counts {
  let k = m.get(service);
  if (!k) m.set(service, (k = { ready: 0, readyTrue: 0, fallback: 0, fallbackTrue: 0 }));
  return k;
}

function addTruth(k: Counts, cat: number, d: number): void {
  if (cat === READY) k.readyTrue += d;
  else if (cat === FALLBACK) k.fallbackTrue += d;
}
