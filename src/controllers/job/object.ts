/**
 * Job API objects (batch/v1) with the status the Job controller writes: counted successes and
 * failures (upstream tracks them with pod finalizers and `uncountedTerminatedPods`; here the
 * counted pods' UIDs), the pod-failure backoff record, and the terminal condition.
 */
import type { PodUid } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PodTemplate, Selector, Workload } from '../../manifests/types.js';
import { ObjectStore } from '../replicaset/objectstore.js';

/** JobStatus (the fields kubeblast uses). */
export interface JobStatus {
  succeeded: number;
  failed: number;
  /** Pods already counted in succeeded/failed. */
  counted: ReadonlySet<PodUid>;
  /** Failures since the last success, and when the last was counted (the backoff record). */
  failuresSinceSuccess: number;
  lastFailureAt: Time;
  /** Terminal condition: Complete, or Failed (BackoffLimitExceeded); null while running. */
  condition: null | 'Complete' | 'Failed';
}

/** A Job. */
export interface JobObj {
  key: string;
  namespace: string;
  name: string;
  selector: Selector;
  template: PodTemplate;
  /** null: a work queue (done when a pod succeeds and none is left running). */
  completions: number | null;
  parallelism: number;
  backoffLimit: number;
  /** The output key its pods and desired count are recorded under: its own, or its CronJob's. */
  metricsKey?: string;
  status: JobStatus;
}

/** What changed. */
export type JobChange = 'created' | 'spec' | 'status' | 'deleted';

/** Committed Jobs. */
export class JobStore extends ObjectStore<JobObj, JobChange> {
  /** Creates the Job of a manifest (initial object, t = 0), or one a CronJob stamps out (`metricsKey`: the CronJob's key). */
  create(w: Workload, metricsKey?: string): JobObj {
    const job: JobObj = {
      key: w.key,
      namespace: w.namespace,
      name: w.name,
      selector: w.selector,
      template: w.template,
      completions: w.completions,
      parallelism: w.parallelism,
      backoffLimit: w.backoffLimit,
      ...(metricsKey ? { metricsKey } : {}),
      status: { succeeded: 0, failed: 0, counted: new Set(), failuresSinceSuccess: 0, lastFailureAt: -1, condition: null },
    };
    this.add(job, 'created');
    return job;
  }

  /** Changes parallelism inside a commit (`scale`). */
  setParallelism(job: JobObj, parallelism: number): void {
    job.parallelism = parallelism;
    this.changed(job, 'spec');
  }

  /** Removes a Job inside a commit (DELETE, background propagation: its pods are left to the garbage collector). */
  delete(job: JobObj): void {
    this.remove(job, 'deleted');
  }

  /** Replaces the status inside a commit. */
  setStatus(job: JobObj, status: JobStatus): void {
    job.status = status;
    this.changed(job, 'status');
  }
}
