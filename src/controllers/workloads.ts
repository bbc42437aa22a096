/**
 * Builds the workload controllers of kube-controller-manager — ReplicaSet, Deployment,
 * StatefulSet, DaemonSet, Job, EndpointSlice, disruption, pod GC (and the cloud node lifecycle
 * controller when the scenario has a cloud provider) — registers them with the
 * `ControllerManager`, creates the API objects of `scenario.manifests` as they are at t = 0 (as
 * if applied before the run: workload objects, PDBs, bare Pods) and the Eviction API over them.
 * Call before the run starts, after the world's own store listeners are in place.
 */
import { EvictionApi } from '../apiserver/eviction.js';
import { DESIRED } from '../metrics/availability.js';
import type { WorldContext } from '../world/context.js';
import type { ControllerManager } from './manager.js';
import { DaemonSetController } from './daemonset/controller.js';
import { DaemonSetStore } from './daemonset/object.js';
import { DeploymentController } from './deployment/controller.js';
import { DeploymentStore } from './deployment/object.js';
import { DisruptionController } from './disruption/controller.js';
import { PdbStore } from './disruption/object.js';
import { EndpointSliceController, EndpointSlices } from './endpointslice/controller.js';
import { CronJobController } from './cronjob/controller.js';
import { JobController } from './job/controller.js';
import { JobStore } from './job/object.js';
import { pinnedNode, ReplicaSetController } from './replicaset/controller.js';
import { templateHash } from './replicaset/names.js';
import { ReplicaSetStore } from './replicaset/object.js';
import { PodControl } from './replicaset/podcontrol.js';
import { PodIndex } from './replicaset/podindex.js';
import { PodGcController } from './podgc/controller.js';
import { CloudNodeLifecycleController } from './cloudnode/controller.js';
import { StatefulSetController } from './statefulset/controller.js';
import { StatefulSetStore } from './statefulset/object.js';

/** The workload API objects, their controllers and the Eviction API of one run. */
export interface Workloads {
  readonly ctx: WorldContext;
  readonly kcm: ControllerManager;
  /** The shared pod cache (by owner and name). */
  readonly index: PodIndex;
  readonly podControl: PodControl;
  readonly deployments: DeploymentStore;
  readonly replicaSets: ReplicaSetStore;
  readonly statefulSets: StatefulSetStore;
  readonly daemonSets: DaemonSetStore;
  readonly jobs: JobStore;
  readonly pdbs: PdbStore;
  readonly endpointSlices: EndpointSlices;
  readonly eviction: EvictionApi;
  readonly controllers: {
    readonly replicaSet: ReplicaSetController;
    readonly deployment: DeploymentController;
    readonly statefulSet: StatefulSetController;
    readonly daemonSet: DaemonSetController;
    readonly job: JobController;
    readonly cronJob: CronJobController;
    readonly endpointSlice: EndpointSliceController;
    readonly disruption: DisruptionController;
    readonly podGc: PodGcController;
  };
}

/** Creates the workload objects of the scenario's manifests and the controllers that run them. */
export function createWorkloads(ctx: WorldContext, kcm: ControllerManager): Workloads {
  const index = new PodIndex(ctx.store);
  const podControl = new PodControl(kcm, index);
  const deployments = new DeploymentStore();
  const replicaSets = new ReplicaSetStore();
  const statefulSets = new StatefulSetStore();
  const daemonSets = new DaemonSetStore();
  const jobs = new JobStore();
  const pdbs = new PdbStore();
  const endpointSlices = new EndpointSlices();
  createInitialObjects(ctx, { deployments, replicaSets, statefulSets, daemonSets, jobs, pdbs });
  const controllers = {
    replicaSet: new ReplicaSetController(kcm, replicaSets, podControl),
    deployment: new DeploymentController(kcm, deployments, replicaSets, podControl),
    statefulSet: new StatefulSetController(kcm, statefulSets, podControl),
    daemonSet: new DaemonSetController(kcm, daemonSets, podControl),
    job: new JobController(kcm, jobs, podControl),
    cronJob: new CronJobController(kcm, jobs, ctx.scenario.manifests.workloads),
    endpointSlice: new EndpointSliceController(kcm, endpointSlices, podControl),
    disruption: new DisruptionController(kcm, pdbs, { replicaSets, deployments, statefulSets }, podControl),
    podGc: new PodGcController(kcm),
  };
  for (const c of Object.values(controllers)) kcm.add(c);
  if (ctx.scenario.cloudProvider) kcm.add(new CloudNodeLifecycleController(kcm, ctx.scenario.cloudProvider));
  return {
    ctx, kcm, index, podControl, deployments, replicaSets, statefulSets, daemonSets, jobs, pdbs, endpointSlices,
    eviction: new EvictionApi(ctx, pdbs),
    controllers,
  };
}

type Stores = Pick<Workloads, 'deployments' | 'replicaSets' | 'statefulSets' | 'daemonSets' | 'jobs' | 'pdbs'>;

/** The manifests' objects at t = 0; desired counts set where the spec says them. */
function createInitialObjects(ctx: WorldContext, s: Stores): void {
  for (const w of ctx.scenario.manifests.workloads) {
    switch (w.kind) {
      case 'Deployment':
        s.deployments.create(w);
        ctx.metrics.setDesired(w.key, w.replicas, 0);
        break;
      case 'ReplicaSet':
      case 'ReplicationController': // pkg/controller/replication runs the ReplicaSet controller's code on RCs
        s.replicaSets.create({
          namespace: w.namespace, name: w.name, replicas: w.replicas, selector: w.selector, template: w.template, minReadySeconds: w.minReadySeconds,
          hash: templateHash(w.template), deployment: null, workloadKey: w.key, createdAt: 0, annotations: { revision: 0, desiredReplicas: -1, maxReplicas: -1 },
        });
        ctx.metrics.setDesired(w.key, w.replicas, 0);
        break;
      case 'StatefulSet':
        s.statefulSets.create(w);
        ctx.metrics.setDesired(w.key, w.replicas, 0);
        break;
      case 'DaemonSet':
        s.daemonSets.create(w);
        break;
      case 'Job':
        s.jobs.create(w);
        break;
      case 'Pod': {
        const node = pinnedNode(ctx.topology.hostByName, ctx.topology.nodes.length, w.template.nodeName);
        ctx.store.createPod({
          namespace: w.namespace, name: w.name, labels: w.template.labels, template: w.template, tolerations: w.template.tolerations,
          owner: null, workloadKey: w.key, revision: '', ordinal: -1, ...(node >= 0 ? { node } : {}),
        }, 0);
        ctx.metrics.setDesired(w.key, 1, 0);
        break;
      }
    }
  }
  for (const pdb of ctx.scenario.manifests.pdbs) s.pdbs.create(pdb);
  countFinishedPodsDone(ctx);
}

/**
 * A pod that runs to completion (restartPolicy Never or OnFailure) and exits is finished, not down:
 * its workload wants one pod fewer from that instant (a bare Pod is never replaced; a Job's
 * controller sets its own count at its next sync, 1 s later, and lowers it the same way when the
 * Job completes), so a successful Job or Pod shows no outage. The exit is told from a loss by
 * what else holds: the pod is not being deleted and its node is up. ⚠ inferred: a container-crash
 * fault on such a pod is also read as an exit until the Job controller's next sync.
 */
function countFinishedPodsDone(ctx: WorldContext): void {
  ctx.metrics.onTruth((pod, ready, t) => {
    if (ready || pod.template.restartPolicy === 'Always' || pod.deletionTimestamp >= 0 || pod.node < 0 || !ctx.network.isUp(pod.node)) return;
    const desired = ctx.metrics.value(pod.workloadKey, DESIRED);
    if (desired > 0) ctx.metrics.setDesired(pod.workloadKey, desired - 1, t);
  });
}
