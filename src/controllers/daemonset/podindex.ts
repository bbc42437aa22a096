/**
 * The DaemonSet controller's view of its pods by target node, kept current from the pod cache's
 * change stream (upstream rebuilds `getNodesToDaemonPods` per sync; here each change marks only its
 * node dirty, so a sync costs the nodes that changed, not the cluster). Also the pods not at the
 * current template, which say whether a rolling update is under way.
 */
import type { NodeObj, PodObj } from '../../apiserver/objects.js';
import type { HostId } from '../../topology/types.js';
import { targetNodeName } from './nodes.js';

/** One DaemonSet's pods by node, its dirty nodes and its outdated pods. */
export class DsPods {
  readonly byNode = new Map<HostId, Set<PodObj>>();
  /** Nodes to look at in the next sync; `all` after a start or a template change. */
  dirty: Set<HostId> | 'all' = 'all';
  /** Live pods whose revision is not the DaemonSet's current hash. */
  readonly outdated = new Set<PodObj>();

  constructor(private readonly hash: () => string) {}

  /** The pods on a node (possibly none). */
  on(host: HostId): ReadonlySet<PodObj> {
    return this.byNode.get(host) ?? EMPTY;
  }

  /** Marks a node for the next sync. */
  touch(host: HostId): void {
    if (this.dirty !== 'all') this.dirty.add(host);
  }

  /** Tracks a new pod at its target node. */
  add(pod: PodObj, host: HostId): void {
    let set = this.byNode.get(host);
    if (!set) this.byNode.set(host, (set = new Set()));
    set.add(pod);
    if (pod.revision !== this.hash()) this.outdated.add(pod);
    this.touch(host);
  }

  /** Forgets a removed pod. */
  remove(pod: PodObj, host: HostId): void {
    const set = this.byNode.get(host);
    if (set) {
      set.delete(pod);
      if (set.size === 0) this.byNode.delete(host);
    }
    this.outdated.delete(pod);
    this.touch(host);
  }

  /** After a template change: every node dirty, outdated pods recomputed. */
  retemplate(): void {
    this.dirty = 'all';
    this.outdated.clear();
    for (const set of this.byNode.values()) for (const p of set) if (p.revision !== this.hash()) this.outdated.add(p);
  }
}

const EMPTY: ReadonlySet<PodObj> = new Set();

/** The worker host a DaemonSet pod is for (bound node, or the node its affinity pins it to), or -1. */
export function targetHost(pod: PodObj, nodes: readonly NodeObj[], hostByName: ReadonlyMap<string, HostId>): HostId {
  const name = targetNodeName(pod, nodes);
  const host = name === undefined ? undefined : hostByName.get(name);
  return host === undefined || host >= nodes.length ? -1 : host;
}
