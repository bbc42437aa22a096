/**
 * The fault vocabulary executed on a world: host power through the network (and the per-host
 * transitions every process reacts to), kubelet processes, the control plane's etcd and
 * partitions, and kubectl operations issued by an operator through a healthy API server.
 */
import type { Workloads } from '../controllers/workloads.js';
import type { FaultActions, OnOutcome, RunningOperation } from '../faults/actions.js';
import type { MovingTarget, PartitionCut } from '../faults/types.js';
import { SEC, type Time } from '../kernel/time.js';
import type { Kubelets } from '../kubelet/kubelets.js';
import { cordon, deleteNode, drain, podKill, rollback, rollout, scale, taintOutOfService } from '../operations/index.js';
import type { ImageFailure } from '../kubelet/appfaults.js';
import { OPERATOR, type OpResult } from '../operations/client.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from './context.js';
import { PRIORITY } from './priority.js';

/** An operator re-runs an uncordon the API refused after this pause (kubectl drain's retry period for refused evictions). */
export const OPERATOR_RETRY_US: Time = 5 * SEC;

/** Control-plane operations the faults need (the real control plane has them all; the ideal one none). */
export interface ControlPlaneFaults {
  crashEtcdMember(host: HostId): void;
  restartEtcdMember(host: HostId): void;
  addPartition(groups: HostId[][], cut: PartitionCut, oneWay: boolean): number;
  removePartition(id: number): void;
  resolveMovingTarget(role: MovingTarget): HostId;
}

/** `FaultActions` over the components of a world. */
export class WorldFaultActions implements FaultActions {
  /** Per node, the number of the latest cordon/uncordon asked for: a retry of an older one stops. */
  private readonly cordonIntent = new Map<HostId, number>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly kubelets: Kubelets,
    private readonly workloads: Workloads,
    private readonly cp: ControlPlaneFaults | null,
  ) {}

  hostDown(host: HostId, cause: string): void {
    const wasUp = this.ctx.network.isUp(host);
    this.ctx.network.hostDown(host, cause);
    if (wasUp && !this.ctx.network.isUp(host)) this.ctx.hosts.down(host);
  }

  hostUp(host: HostId, cause: string): void {
    const wasUp = this.ctx.network.isUp(host);
    this.ctx.network.hostUp(host, cause);
    if (!wasUp && this.ctx.network.isUp(host)) this.ctx.hosts.up(host);
  }

  kubeletStop(host: HostId): void {
    if (host < this.ctx.topology.nodes.length) this.kubelets.stopKubelet(host);
  }

  kubeletStart(host: HostId): void {
    if (host < this.ctx.topology.nodes.length) this.kubelets.startKubelet(host);
  }

  etcdCrash(host: HostId): void {
    this.cp?.crashEtcdMember(host);
  }

  etcdRestart(host: HostId): void {
    this.cp?.restartEtcdMember(host);
  }

  partition(groups: HostId[][], cut: PartitionCut, oneWay: boolean): number {
    return this.cp ? this.cp.addPartition(groups, cut, oneWay) : -1;
  }

  heal(handle: number): void {
    if (this.cp && handle >= 0) this.cp.removePartition(handle);
  }

  resolveMoving(role: MovingTarget): HostId {
    if (this.cp) return this.cp.resolveMovingTarget(role);
    return role === 'scheduler-leader' ? this.ctx.schedulerLease.leaderHost() : this.ctx.controllerManagerLease.leaderHost();
  }

  cordon(nodes: HostId[], on: boolean, done?: OnOutcome): void {
    for (const n of nodes) this.cordonNode(n, on, this.newIntent(n), done);
  }

  /** Makes a new cordon/uncordon of `node` the latest asked for; a pending retry of an older one stops. */
  private newIntent(node: HostId): number {
    const intent = (this.cordonIntent.get(node) ?? 0) + 1;
    this.cordonIntent.set(node, intent);
    return intent;
  }

  /**
   * One `kubectl cordon` / `uncordon`. A request the API refuses (no API server can commit) is
   * recorded as `FaultActionFailed`. An uncordon ends a cordon or drain fault — it puts the node
   * back into service — so the operator re-runs it every 5 s until it commits (or a newer cordon of
   * the node supersedes it); without that, a fault ending during an API outage would never end.
   */
  private cordonNode(node: HostId, on: boolean, intent: number, done?: OnOutcome): void {
    const name = this.ctx.store.nodes[node].name;
    cordon(this.ctx, node, on, this.operator(), (r) => {
      if (this.cordonIntent.get(node) !== intent) return;
      // A refused cordon is final (the fault failed); a refused uncordon is retried until it commits.
      if (r.ok || on) done?.(r);
      if (r.ok) return;
      this.failed(`node/${name}`, r, !on);
      if (on) return;
      this.ctx.sim.after(OPERATOR_RETRY_US, `operator retries uncordon ${name}`, () => {
        if (this.cordonIntent.get(node) === intent) this.cordonNode(node, on, intent, done);
      }, PRIORITY.fault);
    });
  }

  /** Records an operator request the API refused. */
  private failed(object: string, r: OpResult, retrying = false): void {
    this.ctx.events.add(this.ctx.sim.now, 'Warning', 'FaultActionFailed', object, `${r.message}${retrying ? ' (will retry after 5s)' : ''}`);
  }

  /**
   * `kubectl drain`. Its cordon of each node is the operator's latest cordon of that node: an
   * uncordon still being retried (from the end of an earlier cordon or drain) stops, instead of
   * undoing this drain's cordon when it finally commits. A refused cordon is the drain's own
   * failure (`DrainFailed`), not retried.
   */
  drain(nodes: HostId[], opts: { parallel: boolean; timeoutUs: Time }, done?: OnOutcome): RunningOperation {
    // The drain cordons every node as it starts (synchronously), so the intents are its cordons'.
    for (const n of nodes) this.newIntent(n);
    return drain(this.workloads, nodes, opts, this.operator(), done);
  }

  rollout(workload: string, image: string | undefined, done?: OnOutcome, fails?: ImageFailure): void {
    // The bad release: pods of this image fail as `fails` says, wherever and whenever they start.
    if (fails && image !== undefined) this.kubelets.appFaults.markImage(image, fails);
    rollout(this.workloads, workload, image, this.operator(), (r) => {
      if (!r.ok) this.failed(workload, r);
      done?.(r);
    });
  }

  rollback(workload: string, toRevision: number, done?: OnOutcome): void {
    rollback(this.workloads, workload, this.operator(), toRevision, (r) => {
      if (!r.ok) this.failed(workload, r);
      done?.(r);
    });
  }

  podKill(workload: string, spec: { count?: number; share?: number }, done?: OnOutcome): void {
    podKill(this.workloads, workload, spec, this.operator(), (r) => {
      if (!r.ok) this.failed(workload, r);
      done?.(r);
    });
  }

  containerCrash(workload: string, on: boolean): void {
    this.kubelets.appFaults.setCrashing(workload, on);
  }

  nodeDelete(nodes: HostId[], done?: OnOutcome): void {
    for (const n of nodes) {
      deleteNode(this.ctx, n, this.operator(), (r) => {
        if (!r.ok) this.failed(`node/${this.ctx.store.nodes[n].name}`, r);
        done?.(r);
      });
    }
  }

  outOfService(nodes: HostId[], on: boolean, done?: OnOutcome): void {
    for (const n of nodes) {
      taintOutOfService(this.ctx, n, on, this.operator(), (r) => {
        if (!r.ok) this.failed(`node/${this.ctx.store.nodes[n].name}`, r);
        done?.(r);
      });
    }
  }

  scale(workload: string, replicas: number, done?: OnOutcome): void {
    scale(this.workloads, workload, replicas, this.operator(), (r) => {
      if (!r.ok) this.failed(workload, r);
      done?.(r);
    });
  }

  /** Where an operator's kubectl runs: outside the cluster, through the API load balancer (`OPERATOR`, operations/client.ts). */
  private operator(): HostId {
    return OPERATOR;
  }
}
