/**
 * The normalized view of the Kubernetes objects kubeblast simulates, after the defaults the API
 * server would apply. Raw shapes (affinity terms, spread constraints) keep their `kubernetes-types`
 * types; everything the simulation reads often is pre-digested (requests summed, durations in µs,
 * selectors compiled).
 */
import type { StorageManifests } from './storage.js';
import type { Affinity, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { SourcePos } from '../errors.js';
import type { Time } from '../kernel/time.js';
import type { Taint } from '../topology/types.js';
import type { ObjectNotes } from './notes.js';

/** A compiled label selector (matchLabels + matchExpressions). */
export interface Selector {
  /** Whether the labels satisfy the selector. An empty selector matches everything; `nothing` matches nothing. */
  matches(labels: Readonly<Record<string, string>>): boolean;
  /** A canonical string form, equal for equal selectors (for caches and messages): `app=zk,tier in (a,b)`. */
  readonly key: string;
  /** True for the selector that matches nothing (a nil selector where Kubernetes treats nil as none). */
  readonly nothing: boolean;
}

/** A core/v1 Toleration after defaulting (`operator` defaults to Equal). */
export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  /** Empty means every effect. */
  effect?: Taint['effect'];
  /** Seconds a NoExecute taint is tolerated; undefined means forever. */
  tolerationSeconds?: number;
}

/** Readiness gate of a pod's containers, from its readinessProbe (defaults: k8s SetDefaults_Probe). */
export interface Readiness {
  initialDelayUs: Time;
  periodUs: Time;
  successThreshold: number;
  failureThreshold: number;
}

/** A host port a container binds: hostIP defaults to 0.0.0.0, protocol to TCP. */
export interface HostPort {
  ip: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
}

/** Everything the simulation needs of a pod template, defaults applied. Shared (immutable) by all pods of a revision. */
export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /**
   * Effective requests as the scheduler counts them (`resourcehelper.PodRequests`): per resource,
   * max(sum of containers + sidecars, peak of each init container + the sidecars before it),
   * pod-level `spec.resources` where set, plus `spec.overhead`. Requests default to limits.
   */
  requests: {
    cpuMilli: number;
    memoryBytes: number;
    /** Extended resources requested (`nvidia.com/gpu: 2`), whole units; absent when none. */
    extended?: Record<string, number>;
  };
  nodeSelector: Record<string, string>;
  /** spec.nodeName, when the template pins the pod to a node. */
  nodeName?: string;
  affinity?: Affinity;
  tolerations: Toleration[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  /** Priority from the PriorityClass (manifests or built-in), else spec.priority, else the global default class, else 0. */
  priority: number;
  /** `Never`: the pod may not preempt others (spec.preemptionPolicy, or its PriorityClass's); absent: PreemptLowerPriority. */
  preemptionPolicy?: 'Never';
  /** Readiness of the containers and sidecars: null when none has a readinessProbe (ready once started); else each field is the max over them. */
  readiness: Readiness | null;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodUs: Time;
  /** Image of the first container; a `rollout` fault changes it. */
  image: string;
  hostNetwork: boolean;
  /** Host ports the pod's containers bind (NodePorts); empty for most pods. */
  hostPorts: HostPort[];
  /** spec.schedulingGates names: while any remains the pod is not scheduled (SchedulingGated). */
  schedulingGates: string[];
  /** Container and init-container counts, for `validate`. */
  containers: number;
  initContainers: number;
}

/** The kinds of workload kubeblast runs. */
export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'ReplicationController' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod';

/** What a CronJob adds to the Job it stamps out (batch/v1 CronJobSpec after SetDefaults_CronJob). */
export interface CronSpec {
  schedule: string;
  concurrencyPolicy: 'Allow' | 'Forbid' | 'Replace';
  /** Seconds after its scheduled time a run may still start; null: no deadline. */
  startingDeadlineSeconds: number | null;
  suspend: boolean;
  /** Finished Jobs kept (SetDefaults_CronJob: 3 successful, 1 failed); older ones are deleted. */
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
}

/** An integer or a percentage (`25%`), as in maxSurge or minAvailable. */
export type IntOrPercent = { int: number } | { percent: number };

/** A workload after defaulting. `key` is the object name used in outputs: `deployment/NS/NAME`. */
export interface Workload {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  key: string;
  /**
   * Desired replicas (Deployment, ReplicaSet, StatefulSet; 1 for a Pod; for a Job the pods run at
   * once at the start, min(parallelism, completions); 0 (computed) for a DaemonSet).
   */
  replicas: number;
  /**
   * spec.selector (validated to match the template labels). A Job without manualSelector selects
   * its generated `batch.kubernetes.io/job-name` label; a bare Pod its own labels (nothing when none).
   */
  selector: Selector;
  template: PodTemplate;
  minReadySeconds: number;
  /**
   * Deployment: RollingUpdate or Recreate. StatefulSet/DaemonSet: RollingUpdate or OnDelete.
   * ReplicaSet, ReplicationController, Job and Pod: OnDelete (a template change replaces no pod). Fields that do not
   * apply to a kind hold neutral values: maxSurge/maxUnavailable 0 outside rolling updates,
   * revisionHistoryLimit/progressDeadlineSeconds 0, Job fields null/0 for other kinds.
   */
  strategy: 'RollingUpdate' | 'Recreate' | 'OnDelete';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  revisionHistoryLimit: number;
  progressDeadlineSeconds: number;
  /** StatefulSet only. */
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  serviceName?: string;
  /** StatefulSet RollingUpdate partition. */
  partition: number;
  /** Job only. */
  completions: number | null;
  parallelism: number;
  backoffLimit: number;
  /** CronJob only: its schedule and policies (the Job fields above are those of its jobTemplate). */
  cron?: CronSpec;
  source: SourcePos;
}

/** A v1 Service. */
export interface ServiceSpec {
  namespace: string;
  name: string;
  key: string;
  /**
   * The pod selector; null when the Service has no (or an empty) selector, or is ExternalName:
   * the EndpointSlice controller gives it no endpoints (managed by hand, never selects pods).
   */
  selector: Selector | null;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  headless: boolean;
  publishNotReadyAddresses: boolean;
  source: SourcePos;
}

/**
 * A policy/v1 PodDisruptionBudget (policy/v1beta1 is read as v1, its empty selector selecting
 * nothing). At most one of minAvailable / maxUnavailable is set; when neither is, no default
 * applies and the disruption controller computes disruptionsAllowed 0 (every voluntary eviction
 * of a healthy pod refused; pkg/controller/disruption/disruption.go).
 */
export interface PdbSpec {
  namespace: string;
  name: string;
  key: string;
  selector: Selector;
  minAvailable?: IntOrPercent;
  maxUnavailable?: IntOrPercent;
  unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow';
  source: SourcePos;
}

/** An object of a kind kubeblast does not simulate; listed by `validate` and in run outputs. */
export interface IgnoredObject {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  source: SourcePos;
}

/** A non-fatal remark about the input (e.g. a deprecated API version read as its successor). */
export interface Warning {
  message: string;
  source: SourcePos;
}

/** Everything loaded from a scenario's manifest files. */
export interface ManifestSet {
  workloads: Workload[];
  services: ServiceSpec[];
  pdbs: PdbSpec[];
  ignored: IgnoredObject[];
  /** Objects the API server's admission reads (PriorityClass, LimitRange): applied to pods, not simulated themselves. */
  admission: IgnoredObject[];
  /** Per simulated object (by key): the fields defaulted and those read but not simulated (notes.ts), for `validate`. */
  notes?: Map<string, ObjectNotes>;
  warnings: Warning[];
  files: string[];
  /** StorageClasses, PersistentVolumeClaims and the claims pods mount (storage.ts); absent: none read. */
  storage?: StorageManifests;
}

/** Options of the manifest loader that come from the scenario (API server admission defaults). */
export interface ManifestOptions {
  /** DefaultTolerationSeconds admission: --default-not-ready-toleration-seconds (300). */
  defaultNotReadyTolerationSeconds: number;
  /** DefaultTolerationSeconds admission: --default-unreachable-toleration-seconds (300). */
  defaultUnreachableTolerationSeconds: number;
  /** Namespace for objects that name none. */
  defaultNamespace: string;
  /**
   * The scenario's Kubernetes minor version (33 for 1.33): fields behind a feature gate that is off
   * in it are dropped, removed API versions refused. Unset: every gate on (the loader used alone).
   */
  kubernetesMinor?: number;
}
