/**
 * Incremental counts of the pods a matcher selects, per node and per topology domain. Upstream
 * recounts them in every PreFilter/PreScore by walking every pod of every node
 * (podtopologyspread/filtering.go calPreFilterState, interpodaffinity/filtering.go
 * getTPMapMatchingIncomingAffinityAntiAffinity); at 5,000 nodes and 150,000 pods that walk is the
 * whole cost of a cycle, so kubeblast keeps the counts in the cache and updates them when a pod
 * is added (bound or assumed), turns terminating, or leaves. Counts come in two flavours:
 * `all` (every pod in the cache, as InterPodAffinity counts) and `live` (pods without a
 * deletionTimestamp, as PodTopologySpread counts — "bypass terminating Pod", #87621).
 */
import type { Domains } from './topology.js';
import type { PodMatcher } from './matchers.js';
import type { PodInfo } from './pod-info.js';

/** Counts of one matcher per domain of one topology key, with the minimum live count kept current. */
export class DomainCounts {
  readonly all: Int32Array;
  readonly live: Int32Array;
  /** Σ all over domains: matching pods on nodes that carry the key. */
  sumAll = 0;
  /** hist[c] = domains whose live count is c. */
  private hist: Int32Array;
  private min = 0;

  constructor(
    readonly domains: Domains,
    perNodeAll: Int32Array,
    perNodeLive: Int32Array,
  ) {
    const n = domains.count;
    this.all = new Int32Array(n);
    this.live = new Int32Array(n);
    const of = domains.of;
    for (let i = 0; i < of.length; i++) {
      const d = of[i];
      if (d < 0) continue;
      this.all[d] += perNodeAll[i];
      this.live[d] += perNodeLive[i];
      this.sumAll += perNodeAll[i];
    }
    let max = 0;
    for (let d = 0; d < n; d++) if (this.live[d] > max) max = this.live[d];
    this.hist = new Int32Array(Math.max(8, max + 2));
    for (let d = 0; d < n; d++) this.hist[this.live[d]]++;
    this.min = n === 0 ? 0 : this.live.reduce((m, v) => (v < m ? v : m), this.live[0]);
  }

  /** The smallest live count over all domains (0 when there are none). */
  get minLive(): number {
    return this.min;
  }

  /** Applies a pod add/remove on node `node`. */
  addPod(node: number, live: boolean, delta: number): void {
    const d = this.domains.of[node];
    if (d < 0) return;
    this.all[d] += delta;
    this.sumAll += delta;
    if (live) this.bump(d, delta);
  }

  /** Applies a live-only change (a pod turned terminating: delta −1). */
  setLive(node: number, delta: number): void {
    const d = this.domains.of[node];
    if (d >= 0) this.bump(d, delta);
  }

  private bump(d: number, delta: number): void {
    const c = this.live[d];
    const next = c + delta;
    this.live[d] = next;
    if (next >= this.hist.length) {
      const grown = new Int32Array(this.hist.length * 2);
      grown.set(this.hist);
      this.hist = grown;
    }
    this.hist[c]--;
    this.hist[next]++;
    if (delta > 0) {
      if (c === this.min && this.hist[c] === 0) this.min = next;
    } else if (next < this.min) {
      this.min = next;
    }
  }
}

/** Counts of one matcher's pods per node, plus per-domain views created on demand. */
export class MatchIndex {
  readonly all: Int32Array;
  readonly live: Int32Array;
  private readonly byKey = new Map<string, DomainCounts>();
  private views: DomainCounts[] = [];

  constructor(
    readonly matcher: PodMatcher,
    nodes: number,
  ) {
    this.all = new Int32Array(nodes);
    this.live = new Int32Array(nodes);
  }

  /** The per-domain counts for `domains` (created from the per-node counts on first use). */
  domainCounts(domains: Domains): DomainCounts {
    let c = this.byKey.get(domains.key);
    if (!c) {
      c = new DomainCounts(domains, this.all, this.live);
      this.byKey.set(domains.key, c);
      this.views.push(c);
    }
    return c;
  }

  /** A matching pod was added to (delta 1) or removed from (−1) node `node`. */
  addPod(node: number, live: boolean, delta: number): void {
    this.all[node] += delta;
    if (live) this.live[node] += delta;
    for (const v of this.views) v.addPod(node, live, delta);
  }

  /** A matching pod on `node` stopped (−1) counting as live. */
  setLive(node: number, delta: number): void {
    this.live[node] += delta;
    for (const v of this.views) v.setLive(node, delta);
  }
}

/** Every index of one cache, found by matcher key; new pods are routed to indexes by their labels. */
export class MatchIndexRegistry {
  private readonly byKey = new Map<string, MatchIndex>();
  private readonly byHint = new Map<string, MatchIndex[]>();
  private readonly noHint: MatchIndex[] = [];

  constructor(
    private readonly nodes: number,
    /** Calls `fn` for every cached pod that carries the `k=v` pair `hint` (every cached pod when null). */
    private readonly eachPod: (hint: string | null, fn: (p: PodInfo) => void) => void,
  ) {}

  /** The index of `matcher`, created (and filled from the cache's pods) on first use. */
  get(matcher: PodMatcher): MatchIndex {
    let idx = this.byKey.get(matcher.key);
    if (idx) return idx;
    idx = new MatchIndex(matcher, this.nodes);
    this.byKey.set(matcher.key, idx);
    if (matcher.hint === null) this.noHint.push(idx);
    else {
      const list = this.byHint.get(matcher.hint);
      if (list) list.push(idx);
      else this.byHint.set(matcher.hint, [idx]);
    }
    const fresh = idx;
    // Only pods carrying the hint can match, and the cache knows which those are.
    this.eachPod(matcher.hint, (p) => {
      if (p.node >= 0 && matcher.matches(p.pod)) {
        fresh.addPod(p.node, p.live, 1);
        p.matched.push(fresh);
      }
    });
    return idx;
  }

  /** Adds a pod that just entered the cache on `p.node` to every index that matches it. */
  podAdded(p: PodInfo): void {
    const pod = p.pod;
    for (const pair of p.labelPairs) {
      const list = this.byHint.get(pair);
      if (list === undefined) continue;
      for (const idx of list) {
        if (idx.matcher.matches(pod)) {
          idx.addPod(p.node, p.live, 1);
          p.matched.push(idx);
        }
      }
    }
    for (const idx of this.noHint) {
      if (idx.matcher.matches(pod)) {
        idx.addPod(p.node, p.live, 1);
        p.matched.push(idx);
      }
    }
  }

  /** Removes a pod that leaves the cache from the indexes counting it. */
  podRemoved(p: PodInfo): void {
    for (const idx of p.matched) idx.addPod(p.node, p.live, -1);
    p.matched = [];
  }

  /** A cached pod turned terminating: it stops counting as live. */
  podTerminating(p: PodInfo): void {
    for (const idx of p.matched) idx.setLive(p.node, -1);
  }
}
