/**
 * PodTopologySpread PreFilter/Filter (podtopologyspread/filtering.go). For each DoNotSchedule
 * constraint: the matching (non-terminating) pods per domain over the eligible nodes, and the
 * global minimum; a node passes when
 *   matchNum(domain of node) + (1 if the pod matches its own selector) − globalMin ≤ maxSkew,
 * with globalMin taken as 0 while fewer than minDomains domains exist. Every node that carries
 * all topology keys and passes the inclusion policies is a domain, with or without pods — so a
 * cordoned or NotReady empty node keeps the hostname minimum at 0, as upstream.
 * Counts come from the cache's incremental indexes; only when some nodes are not domains (node
 * affinity honoured, taints honoured, or a key missing somewhere) are they summed per cycle.
 */
import type { NodeInfo } from '../../cache/cache.js';
import type { PodInfo } from '../../cache/pod-info.js';
import type { Handle } from '../../framework/handle.js';
import { unresolvable, unschedulable, SUCCESS, type Status } from '../../framework/status.js';
import { allNodesIncluded, ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, nodeHasAllKeys, nodeIncluded, type SpreadConstraint } from './common.js';

const MAX_INT32 = 2_147_483_647;
const REJECT_SKEW = unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
const REJECT_LABEL = unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);

/** preFilterState: per constraint the counts per domain, the domain of each node, and the minimum. */
export class SpreadPreFilterState {
  constraints: readonly SpreadConstraint[] = [];
  /** counts[i][domain]: matching live pods of the domain (eligible nodes only). */
  counts: Int32Array[] = [];
  /** present[i][domain] !== 0: the domain is eligible (slow path only; null when every domain is). */
  present: Array<Uint8Array | null> = [];
  domainOf: Int32Array[] = [];
  minMatch: number[] = [];
  selfMatch: number[] = [];
}

/** Computes the PreFilter state of `pod` for its hard constraints. */
export function computePreFilter(s: SpreadPreFilterState, pod: PodInfo, constraints: readonly SpreadConstraint[], handle: Handle): void {
  const cache = handle.cache;
  const n = constraints.length;
  s.constraints = constraints;
  s.counts.length = n;
  s.present.length = n;
  s.domainOf.length = n;
  s.minMatch.length = n;
  s.selfMatch.length = n;
  const fast = allNodesIncluded(constraints, pod, (k) => cache.topology.domains(k).missing, true);
  for (let i = 0; i < n; i++) {
    const c = constraints[i];
    const domains = cache.topology.domains(c.topologyKey);
    s.domainOf[i] = domains.of;
    s.selfMatch[i] = c.selector.matches(pod.pod.labels) ? 1 : 0;
    const idx = cache.indexes.get(c.matcher);
    if (fast) {
      const dc = idx.domainCounts(domains);
      s.counts[i] = dc.live;
      s.present[i] = null;
      s.minMatch[i] = domains.count < c.minDomains ? 0 : domains.count === 0 ? MAX_INT32 : dc.minLive;
      continue;
    }
    // Slow path: sum the per-node counts over the nodes that are domains of this constraint.
    const counts = new Int32Array(domains.count);
    const present = new Uint8Array(domains.count);
    let numDomains = 0;
    for (const info of cache.nodes) {
      const node = info.node;
      if (!nodeHasAllKeys(node, constraints) || !nodeIncluded(c, pod, node)) continue;
      const d = domains.of[info.index];
      if (present[d] === 0) {
        present[d] = 1;
        numDomains++;
      }
      counts[d] += idx.live[info.index];
    }
    let min = MAX_INT32;
    for (let d = 0; d < counts.length; d++) if (present[d] !== 0 && counts[d] < min) min = counts[d];
    s.counts[i] = counts;
    s.present[i] = present;
    s.minMatch[i] = numDomains < c.minDomains ? 0 : min;
  }
}

/** Filter: the skew rule for every constraint. */
export function spreadFilter(s: SpreadPreFilterState, node: NodeInfo): Status {
  const constraints = s.constraints;
  for (let i = 0; i < constraints.length; i++) {
    const d = s.domainOf[i][node.index];
    if (d < 0) return REJECT_LABEL;
    const present = s.present[i];
    const matchNum = present === null || present[d] !== 0 ? s.counts[i][d] : 0;
    if (matchNum + s.selfMatch[i] - s.minMatch[i] > constraints[i].maxSkew) return REJECT_SKEW;
  }
  return SUCCESS;
}
