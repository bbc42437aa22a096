/**
 * Safety invariants watched from outside a run (style.md, VOPR): only the API's committed objects
 * and the event log are read, at the instant each change commits.
 *
 * - a pod is bound once, to one node, and never moves;
 * - no node is over-committed: the requests of the pods bound to it that have not terminated
 *   (terminating pods still hold their resources until they are gone, as the scheduler counts
 *   them) fit its allocatable CPU, memory and pod count;
 * - a StatefulSet never has two live pods with one ordinal;
 * - at most one process leads the controller-manager lease, and one the scheduler lease, at any
 *   instant (from the LeaderElection / LeaderElectionLost events);
 * - evictions belong to a running drain: every request to the Eviction API is for a pod on a node
 *   that a `drain` fault started (FaultStarted) and has not ended (FaultEnded), and no `Evicted` or
 *   `EvictionBlocked` is printed for such a pod once every drain of its node has ended — the end
 *   of a drain fault kills its kubectl. (A request sent before the end may still commit after
 *   it, as a real API server would process it; its answer is no longer printed.)
 */
import type { PodObj } from '../../src/apiserver/objects.js';
import type { HostId } from '../../src/topology/types.js';
import type { World } from '../../src/world/world.js';

/** Records every violation seen during a run (with its simulated time). */
export class InvariantChecker {
  readonly violations: string[] = [];
  private readonly boundTo = new Map<number, number>();
  private readonly leading = new Map<string, Set<string>>();
  /** Running drain faults (`fault/N`) and their nodes. */
  private readonly drains = new Map<string, HostId[]>();
  /** The node each pod key was last bound to (events name pods by key). */
  private readonly nodeOfKey = new Map<string, HostId>();

  constructor(private readonly world: World) {
    const { store, events, sim } = world.ctx;
    store.onPod((pod, change) => {
      if (change === 'bound') this.bound(pod);
      else if (change === 'created') this.created(pod);
    });
    // Drain targets by the name FaultStarted gives them.
    const drainNodes = new Map<string, HostId[]>();
    for (const f of world.scenario.faults.scheduled) if (f.kind === 'drain' && f.target.type === 'nodes') drainNodes.set(f.target.name, f.target.nodes);
    const eviction = world.workloads.eviction;
    const evict = eviction.evict.bind(eviction);
    eviction.evict = (from, pod, done) => {
      if (!this.drained(pod.node)) this.fail(sim.now, `eviction of ${pod.key} on node ${pod.node} requested with no drain of its node running`);
      evict(from, pod, done);
    };
    events.listen((e) => {
      if (e.reason === 'FaultStarted' && e.message.startsWith('drain ')) this.drains.set(e.object, drainNodes.get(e.message.split(' ')[1]) ?? []);
      else if (e.reason === 'FaultEnded') this.drains.delete(e.object);
      else if (e.reason === 'Evicted' || e.reason === 'EvictionBlocked') {
        if (!this.drained(this.nodeOfKey.get(e.object) ?? -1)) this.fail(sim.now, `${e.reason} ${e.object} with no drain of its node running`);
      }
      if (e.reason !== 'LeaderElection' && e.reason !== 'LeaderElectionLost') return;
      const set = this.leading.get(e.object) ?? new Set<string>();
      this.leading.set(e.object, set);
      const identity = e.message.split(' ')[0];
      if (e.reason === 'LeaderElectionLost') set.delete(identity);
      else {
        set.add(identity);
        if (set.size > 1) this.fail(sim.now, `${e.object} has ${set.size} leaders: ${[...set].join(', ')}`);
      }
    });
  }

  /** Whether a drain fault covering `node` is running. */
  private drained(node: HostId): boolean {
    for (const nodes of this.drains.values()) if (nodes.includes(node)) return true;
    return false;
  }

  private fail(nowUs: number, what: string): void {
    this.violations.push(`t=${nowUs / 1e6}s: ${what}`);
  }

  private bound(pod: PodObj): void {
    const now = this.world.ctx.sim.now;
    const prior = this.boundTo.get(pod.uid);
    if (prior !== undefined) this.fail(now, `${pod.key} bound to node ${pod.node} after node ${prior}`);
    this.boundTo.set(pod.uid, pod.node);
    this.nodeOfKey.set(pod.key, pod.node);
    const node = this.world.ctx.store.nodes[pod.node];
    let cpu = 0;
    let memory = 0;
    let pods = 0;
    for (const p of this.world.ctx.store.podsOnNode[pod.node]) {
      if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
      cpu += p.template.requests.cpuMilli;
      memory += p.template.requests.memoryBytes;
      pods++;
    }
    const cap = node.spec.capacity;
    if (cpu > cap.cpuMilli || memory > cap.memoryBytes || pods > cap.pods) {
      this.fail(now, `${node.name} over-committed binding ${pod.key}: cpu ${cpu}/${cap.cpuMilli}m, memory ${memory}/${cap.memoryBytes}, pods ${pods}/${cap.pods}`);
    }
  }

  private created(pod: PodObj): void {
    if (pod.owner?.kind !== 'StatefulSet') return;
    for (const p of this.world.ctx.store.pods.values()) {
      if (p !== pod && p.owner?.key === pod.owner.key && p.ordinal === pod.ordinal) {
        this.fail(this.world.ctx.sim.now, `${pod.key} created while ${p.key} (uid ${p.uid}) still exists`);
      }
    }
  }
}
