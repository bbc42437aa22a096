/**
 * What plugins may look at besides the pod and the node (framework.Handle): the cache with its
 * indexes, the Services and workloads for default spreading, and the Kubernetes minor version for
 * version-dependent behaviour.
 */
import type { ServiceSpec, Workload } from '../../manifests/types.js';
import type { SchedulerCache } from '../cache/cache.js';

/** The plugins' view of the scheduler. */
export interface Handle {
  readonly cache: SchedulerCache;
  /** Services by output key (`service/NS/NAME`), as `PodObj.services` names them. */
  readonly services: ReadonlyMap<string, ServiceSpec>;
  /** Workloads by output key (`deployment/NS/NAME`, …), as `PodObj.workloadKey` names them. */
  readonly workloads: ReadonlyMap<string, Workload>;
  /** Kubernetes minor version of the scenario. */
  readonly kubernetesMinor: number;
}
