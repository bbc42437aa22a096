/**
 * Deployment API objects: the spec from the manifests (changed by `rollout`, `rollback` and
 * `scale` through writes) and the status the Deployment controller writes. Mutated only inside
 * commits.
 */
import type { Time } from '../../kernel/time.js';
import type { IntOrPercent, PodTemplate, Selector, Workload } from '../../manifests/types.js';
import { ObjectStore } from '../replicaset/objectstore.js';

/** The Progressing condition (apps/v1 DeploymentCondition). */
export interface DeploymentCondition {
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdate: Time;
  lastTransition: Time;
}

/** DeploymentStatus (the fields kubeblast uses). */
export interface DeploymentStatus {
  observedGeneration: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  progressing: DeploymentCondition | null;
}

/** A Deployment. */
export interface DeploymentObj {
  key: string;
  namespace: string;
  name: string;
  replicas: number;
  selector: Selector;
  template: PodTemplate;
  minReadySeconds: number;
  strategy: 'RollingUpdate' | 'Recreate';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  /** metadata.generation: incremented by every spec change. */
  generation: number;
  status: DeploymentStatus;
}

/** What changed. */
export type DeploymentChange = 'created' | 'spec' | 'status';

/** Committed Deployments. */
export class DeploymentStore extends ObjectStore<DeploymentObj, DeploymentChange> {
  /** Creates the Deployment of a manifest (initial object, t = 0). */
  create(w: Workload): DeploymentObj {
    const d: DeploymentObj = {
      key: w.key,
      namespace: w.namespace,
      name: w.name,
      replicas: w.replicas,
      selector: w.selector,
      template: w.template,
      minReadySeconds: w.minReadySeconds,
      strategy: w.strategy === 'Recreate' ? 'Recreate' : 'RollingUpdate',
      maxSurge: w.maxSurge,
      maxUnavailable: w.maxUnavailable,
      revisionHistoryLimit: w.revisionHistoryLimit,
      progressDeadlineSeconds: w.progressDeadlineSeconds,
      generation: 1,
      status: { observedGeneration: 0, replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, progressing: null },
    };
    this.add(d, 'created');
    return d;
  }

  /** Changes the spec inside a commit (a new template starts a rollout). */
  setSpec(d: DeploymentObj, patch: { replicas?: number; template?: PodTemplate }): void {
    if (patch.replicas !== undefined) d.replicas = patch.replicas;
    if (patch.template !== undefined) d.template = patch.template;
    d.generation++;
    this.changed(d, 'spec');
  }

  /** Replaces the status inside a commit. */
  setStatus(d: DeploymentObj, status: DeploymentStatus): void {
    d.status = status;
    this.changed(d, 'status');
  }
}
