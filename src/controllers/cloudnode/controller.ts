/**
 * The cloud node lifecycle controller (staging/src/k8s.io/cloud-provider/controllers/nodelifecycle/
 * node_lifecycle_controller.go `MonitorNodes`, run every `--node-monitor-period`, 5 s): a Node
 * whose Ready condition is not True and whose instance the provider no longer has is deleted
 * (event `DeletingNode`); pod GC then force-deletes its pods after its quarantine.
 *
 * Which instances are gone is the scenario's `cloudProvider.instanceGoneAfter`: a worker host
 * down that long (a cloud's auto-repair or autoscaling group replaced it). kubeblast runs the
 * controller with the controller-manager's leader (⚠ cloud-controller-manager has its own lease,
 * not modelled) and on the same pass grid from the start of that process; a pass is an event
 * only for a node that then qualifies — never a periodic no-op.
 */
import type { NodeObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import { gridAtOrAfter } from '../../kubelet/lease.js';
import type { CloudProviderConfig } from '../../scenario/types.js';
import type { HostId } from '../../topology/types.js';
import { PRIORITY } from '../../world/priority.js';
import type { Controller, ControllerManager } from '../manager.js';

const CLIENT = 'cloud-node-lifecycle-controller';

/** The controller. Register it with the controller-manager (`kcm.add`) when the scenario has a cloud provider. */
export class CloudNodeLifecycleController implements Controller {
  private acting = false;
  private anchorUs: Time = 0;
  /** When each down worker host went down. */
  private readonly downSince = new Map<HostId, Time>();
  /** The pending pass per node (its event id), so one node has at most one. */
  private readonly pending = new Map<HostId, number>();

  constructor(
    private readonly kcm: ControllerManager,
    private readonly cfg: CloudProviderConfig,
  ) {
    const { ctx } = kcm;
    const workers = ctx.topology.nodes.length;
    ctx.hosts.onDown((h) => {
      if (h >= workers) return;
      this.downSince.set(h, ctx.sim.now);
      this.plan(h);
    });
    ctx.hosts.onUp((h) => {
      this.downSince.delete(h);
      this.cancel(h);
    });
    ctx.store.onNode((node, change) => {
      if (change === 'condition') this.plan(node.host);
    });
  }

  start(): void {
    this.acting = true;
    this.anchorUs = this.kcm.ctx.sim.now;
    for (const h of this.downSince.keys()) this.plan(h);
  }

  stop(): void {
    this.acting = false;
    for (const h of [...this.pending.keys()]) this.cancel(h);
  }

  /** Schedules the first pass at which `host`'s Node qualifies for deletion, if it can. */
  private plan(host: HostId): void {
    const since = this.downSince.get(host);
    const node = this.kcm.ctx.store.nodes[host];
    if (!this.acting || since === undefined || !node || node.deleted || node.ready === 'True' || this.pending.has(host)) return;
    const sim = this.kcm.ctx.sim;
    const at = gridAtOrAfter(this.anchorUs, this.cfg.monitorPeriodUs, Math.max(sim.now, since + this.cfg.instanceGoneAfterUs));
    this.pending.set(host, sim.at(at, 'cloud node lifecycle pass', () => {
      this.pending.delete(host);
      this.monitor(node);
    }, PRIORITY.nodeLifecycle));
  }

  private cancel(host: HostId): void {
    const id = this.pending.get(host);
    if (id === undefined) return;
    this.kcm.ctx.sim.cancel(id);
    this.pending.delete(host);
  }

  /** MonitorNodes for one node: still not Ready and its instance gone → DELETE the Node. */
  private monitor(node: NodeObj): void {
    const ctx = this.kcm.ctx;
    const since = this.downSince.get(node.host);
    if (!this.kcm.isActing || node.deleted || node.ready === 'True' || since === undefined || ctx.sim.now - since < this.cfg.instanceGoneAfterUs) return;
    ctx.events.add(ctx.sim.now, 'Normal', 'DeletingNode', `node/${node.name}`, `Deleting node ${node.name} because it does not exist in the cloud provider`);
    this.kcm.request(`delete node/${node.name}`, () => ctx.store.deleteNode(node), (ok, why) => {
      if (!ok) ctx.events.add(ctx.sim.now, 'Warning', 'DeletingNodeFailed', `node/${node.name}`, `Failed deleting node ${node.name}: ${why}`);
      if (!ok) this.plan(node.host);
    }, CLIENT);
  }
}
