/**
 * What plugins may look at besides the pod and the node (framework.Handle): the cache with its
 * indexes, the Services and workloads for default spreading, and the Kubernetes minor version for
 * version-dependent behaviour.
 */
import type { ServiceSpec, Workload } from '../../manifests/types.js';
import type { Volumes } from '../../storage/volumes.js';
import type { SchedulerCache } from '../cache/cache.js';
import type { PodInfo } from '../cache/pod-info.js';
import type { PdbLister } from '../preemption/victims.js';
import type { CycleState } from './cycle-state.js';
import type { Status } from './status.js';

/** The plugins' view of the scheduler. */
export interface Handle {
  readonly cache: SchedulerCache;
  /** Services by output key (`service/NS/NAME`), as `PodObj.services` names them. */
  readonly services: ReadonlyMap<string, ServiceSpec>;
  /** Workloads by output key (`deployment/NS/NAME`, …), as `PodObj.workloadKey` names them. */
  readonly workloads: ReadonlyMap<string, Workload>;
  /** The run's persistent volumes (src/storage/volumes.ts), for VolumeBinding; absent in worlds without them. */
  readonly volumes?: Pick<Volumes, 'of' | 'conflict'> | null;
  /** Kubernetes minor version of the scenario. */
  readonly kubernetesMinor: number;
  /** PodDisruptionBudgets (the informer's lister), for preemption; null when the world has none. */
  readonly pdbs?: PdbLister | null;
  /**
   * Runs PreFilter and every Filter for the pod on one node against the cache as it is now (the
   * preemption dry run's RunFilterPluginsWithNominatedPods); set by the framework.
   */
  fitsOn?: (state: CycleState, pod: PodInfo, node: number) => Status;
}
