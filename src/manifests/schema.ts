/**
 * zod schemas of the Kubernetes objects kubeblast reads. Every field of the real API type is
 * listed (fields kubeblast does not read as `unknown`), so that a field the API does not know can
 * be reported. Kubernetes' default field validation (`Warn`) accepts unknown fields with a
 * warning, so the schemas come in two builds from one definition: `schemas` strips unknown
 * fields and is used to read; `strictSchemas` rejects them and is used only to collect the
 * warnings. `null` reads as absent everywhere, as JSON null does for the API server.
 */
import { z } from 'zod';

/** Renders a value for "got …" in messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

const missingOr = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? `expected ${what}, but it is missing` : `expected ${what}, got ${showValue(iss.input)}`;

/** An integer (int32/int64 field). */
export const int = () => z.int({ error: missingOr('integer') });
/** A non-negative integer. */
export const nonNegInt = () => int().min(0, { error: missingOr('a non-negative integer') });
/** One of a fixed set of strings. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: missingOr(values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`) });
/**
 * An enum field the API server defaults when it is empty as when it is omitted: these are
 * non-pointer strings in the Go types, so `""` and absence decode alike and `SetDefaults_*`
 * tests `== ""` (pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go). Helm renders `""`
 * for many of them. `""` reads as absent.
 */
export const oneOfOrEmpty = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.union([oneOf(values), z.literal('')], { error: missingOr(`one of ${values.join(', ')}`) }).transform((v) => (v === '' ? undefined : v));
/** IntOrString (maxSurge, minAvailable …). */
export const intOrString = () => z.union([z.int(), z.string()], { error: missingOr('an integer or a percentage such as "25%"') });
/** A resource quantity as YAML gives it (`500m`, `0.5`, `1Gi`). */
export const quantity = () => z.union([z.string(), z.number()], { error: missingOr('a quantity such as 500m, 2, 128Mi or 1G') });

const any = z.unknown().optional();
const str = () => z.string();
const strMap = () => z.record(z.string(), z.string());
const quantityMap = () => z.record(z.string(), quantity());

type ObjFn = <T extends z.core.$ZodLooseShape>(shape: T, params?: { error: ReturnType<typeof missingOr> }) => z.ZodObject<T, z.core.$strip>;

/** Builds the schema set with `make` as the object constructor (stripping or strict). */
function build(make: ObjFn) {
  const obj = <T extends z.core.$ZodLooseShape>(shape: T) => make(shape, { error: missingOr('a mapping') });
  const metadata = obj({
    name: str().nullish(), generateName: str().nullish(), namespace: str().nullish(),
    labels: strMap().nullish(), annotations: strMap().nullish(),
    uid: any, resourceVersion: any, generation: any, creationTimestamp: any, deletionTimestamp: any,
    deletionGracePeriodSeconds: any, ownerReferences: any, finalizers: any, managedFields: any, selfLink: any,
  });
  const labelSelector = obj({
    matchLabels: strMap().nullish(),
    matchExpressions: z.array(obj({ key: str(), operator: str(), values: z.array(str()).nullish() })).nullish(),
  });
  const probe = obj({
    initialDelaySeconds: nonNegInt().nullish(), periodSeconds: nonNegInt().nullish(), timeoutSeconds: nonNegInt().nullish(),
    successThreshold: nonNegInt().nullish(), failureThreshold: nonNegInt().nullish(), terminationGracePeriodSeconds: any,
    exec: any, httpGet: any, tcpSocket: any, grpc: any,
  });
  const resources = obj({ requests: quantityMap().nullish(), limits: quantityMap().nullish(), claims: any });
  const container = obj({
    name: str(), image: str().nullish(), command: any, args: any, workingDir: any,
    ports: z.array(obj({
      name: any, containerPort: int(), hostPort: int().nullish(), hostIP: str().nullish(),
      protocol: oneOfOrEmpty(['TCP', 'UDP', 'SCTP']).nullish(),
    })).nullish(), envFrom: any, env: any,
    resources: resources.nullish(), resizePolicy: any, restartPolicy: str().nullish(), restartPolicyRules: any,
    volumeMounts: any, volumeDevices: any, livenessProbe: probe.nullish(), readinessProbe: probe.nullish(),
    startupProbe: probe.nullish(), lifecycle: any, terminationMessagePath: any, terminationMessagePolicy: any,
    imagePullPolicy: any, securityContext: any, stdin: any, stdinOnce: any, tty: any,
  });
  const toleration = obj({
    key: str().nullish(), operator: oneOfOrEmpty(['Equal', 'Exists']).nullish(), value: str().nullish(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute', ''], { error: missingOr('NoSchedule, PreferNoSchedule or NoExecute') }).nullish(),
    tolerationSeconds: int().nullish(),
  });
  const spreadConstraint = obj({
    maxSkew: int().min(1, { error: missingOr('an integer of at least 1') }), topologyKey: str(),
    whenUnsatisfiable: oneOf(['DoNotSchedule', 'ScheduleAnyway']), labelSelector: labelSelector.nullish(),
    minDomains: any, nodeAffinityPolicy: any, nodeTaintsPolicy: any, matchLabelKeys: any,
  });
  const podSpec = obj({
    volumes: any, initContainers: z.array(container).nullish(), containers: z.array(container), ephemeralContainers: any,
    restartPolicy: oneOfOrEmpty(['Always', 'OnFailure', 'Never']).nullish(), terminationGracePeriodSeconds: nonNegInt().nullish(),
    activeDeadlineSeconds: any, dnsPolicy: any, nodeSelector: strMap().nullish(), serviceAccountName: any, serviceAccount: any,
    automountServiceAccountToken: any, nodeName: str().nullish(), hostNetwork: z.boolean().nullish(), hostPID: any, hostIPC: any,
    shareProcessNamespace: any, securityContext: any, imagePullSecrets: any, hostname: any, subdomain: any,
    affinity: any, schedulerName: any, tolerations: z.array(toleration).nullish(), hostAliases: any,
    priorityClassName: str().nullish(), priority: int().nullish(), dnsConfig: any, readinessGates: any,
    runtimeClassName: any, enableServiceLinks: any, preemptionPolicy: oneOfOrEmpty(['PreemptLowerPriority', 'Never']).nullish(), overhead: quantityMap().nullish(),
    topologySpreadConstraints: z.array(spreadConstraint).nullish(), setHostnameAsFQDN: any, os: any, hostUsers: any,
    schedulingGates: z.array(obj({ name: str() })).nullish(), resourceClaims: any, resources: resources.nullish(), hostnameOverride: any,
  });
  const template = obj({ metadata: metadata.nullish(), spec: podSpec });
  const top = <S extends z.ZodType>(spec: S) =>
    obj({ apiVersion: str(), kind: str(), metadata: metadata.extend({ name: str() }), spec, status: any });

  const rollingDeployment = obj({ maxUnavailable: intOrString().nullish(), maxSurge: intOrString().nullish() });
  const deployment = top(obj({
    replicas: nonNegInt().nullish(), selector: labelSelector.nullish(), template,
    strategy: obj({ type: oneOfOrEmpty(['RollingUpdate', 'Recreate']).nullish(), rollingUpdate: rollingDeployment.nullish() }).nullish(),
    minReadySeconds: nonNegInt().nullish(), revisionHistoryLimit: nonNegInt().nullish(), paused: any,
    progressDeadlineSeconds: nonNegInt().nullish(),
  }));
  const replicaSet = top(obj({ replicas: nonNegInt().nullish(), minReadySeconds: nonNegInt().nullish(), selector: labelSelector.nullish(), template }));
  const replicationController = top(obj({
    replicas: nonNegInt().nullish(), minReadySeconds: nonNegInt().nullish(), selector: strMap().nullish(), template,
  }));
  const statefulSet = top(obj({
    replicas: nonNegInt().nullish(), selector: labelSelector.nullish(), template, volumeClaimTemplates: any,
    serviceName: str().nullish(), podManagementPolicy: oneOfOrEmpty(['OrderedReady', 'Parallel']).nullish(),
    updateStrategy: obj({
      type: oneOfOrEmpty(['RollingUpdate', 'OnDelete']).nullish(),
      rollingUpdate: obj({ partition: nonNegInt().nullish(), maxUnavailable: intOrString().nullish() }).nullish(),
    }).nullish(),
    revisionHistoryLimit: nonNegInt().nullish(), minReadySeconds: nonNegInt().nullish(),
    persistentVolumeClaimRetentionPolicy: any, ordinals: any,
  }));
  const daemonSet = top(obj({
    selector: labelSelector.nullish(), template,
    updateStrategy: obj({ type: oneOfOrEmpty(['RollingUpdate', 'OnDelete']).nullish(), rollingUpdate: rollingDeployment.nullish() }).nullish(),
    minReadySeconds: nonNegInt().nullish(), revisionHistoryLimit: nonNegInt().nullish(),
  }));
  const job = top(obj({
    parallelism: nonNegInt().nullish(), completions: nonNegInt().nullish(), activeDeadlineSeconds: any, podFailurePolicy: any,
    successPolicy: any, backoffLimit: nonNegInt().nullish(), backoffLimitPerIndex: any, maxFailedIndexes: any,
    selector: labelSelector.nullish(), manualSelector: z.boolean().nullish(), template, ttlSecondsAfterFinished: any,
    completionMode: any, suspend: any, podReplacementPolicy: any, managedBy: any,
  }));
  const pod = top(podSpec);
  const cronJob = top(obj({
    schedule: str(), timeZone: str().nullish(), startingDeadlineSeconds: nonNegInt().nullish(),
    concurrencyPolicy: oneOfOrEmpty(['Allow', 'Forbid', 'Replace']).nullish(), suspend: z.boolean().nullish(),
    successfulJobsHistoryLimit: nonNegInt().nullish(), failedJobsHistoryLimit: nonNegInt().nullish(),
    jobTemplate: obj({ metadata: metadata.nullish(), spec: job.shape.spec }),
  }));
  const service = top(obj({
    ports: any, selector: strMap().nullish(), clusterIP: str().nullish(), clusterIPs: any,
    type: oneOfOrEmpty(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).nullish(), externalIPs: any, sessionAffinity: any,
    loadBalancerIP: any, loadBalancerSourceRanges: any, externalName: any, externalTrafficPolicy: any,
    healthCheckNodePort: any, publishNotReadyAddresses: z.boolean().nullish(), sessionAffinityConfig: any, ipFamilies: any,
    ipFamilyPolicy: any, allocateLoadBalancerNodePorts: any, loadBalancerClass: any, internalTrafficPolicy: any,
    trafficDistribution: any,
  }).nullish());
  const pdb = top(obj({
    minAvailable: intOrString().nullish(), maxUnavailable: intOrString().nullish(), selector: labelSelector.nullish(),
    unhealthyPodEvictionPolicy: oneOf(['IfHealthyBudget', 'AlwaysAllow']).nullish(),
  }).nullish());
  return { metadata, labelSelector, deployment, replicaSet, replicationController, statefulSet, daemonSet, job, cronJob, pod, service, pdb };
}

/** Schemas that read (unknown fields stripped). */
export const schemas = build(z.object);
/** The same schemas rejecting unknown fields, used only to list them as warnings. */
export const strictSchemas = build(z.strictObject as unknown as ObjFn);

/** The header every object must have. */
export const headerSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string().min(1, { error: 'expected a non-empty name' }), namespace: z.string().nullish() }, { error: missingOr('a mapping') }),
});

/** A PriorityClass (scheduling.k8s.io/v1), read only to resolve `priorityClassName`. */
export const priorityClassSchema = z.object({ value: int(), globalDefault: z.boolean().nullish(), preemptionPolicy: oneOfOrEmpty(['PreemptLowerPriority', 'Never']).nullish() });

/** A v1 LimitRange, read for the defaults the LimitRanger admission plugin gives containers. */
export const limitRangeSchema = z.object({
  spec: z.object({
    limits: z.array(z.object({
      type: z.string(),
      default: z.record(z.string(), quantity()).nullish(),
      defaultRequest: z.record(z.string(), quantity()).nullish(),
      max: z.record(z.string(), quantity()).nullish(),
      min: z.record(z.string(), quantity()).nullish(),
      maxLimitRequestRatio: z.record(z.string(), quantity()).nullish(),
    }, { error: missingOr('a mapping') })),
  }, { error: missingOr('a mapping') }),
});
/** A LimitRange as parsed. */
export type LimitRangeIn = z.infer<typeof limitRangeSchema>;

/** A Service as parsed. */
export type ServiceIn = z.infer<typeof schemas.service>;
/** A PodDisruptionBudget as parsed. */
export type PdbIn = z.infer<typeof schemas.pdb>;
/** A pod spec as parsed (a bare Pod's spec, or a template's). */
export type PodSpecIn = z.infer<typeof schemas.pod>['spec'];
/** A container or init container as parsed. */
export type ContainerIn = PodSpecIn['containers'][number];
/** A probe as parsed. */
export type ProbeIn = NonNullable<ContainerIn['readinessProbe']>;
/** A pod template (metadata and spec) as parsed. */
export type TemplateIn = z.infer<typeof schemas.deployment>['spec']['template'];
/** A LabelSelector as parsed. */
export type LabelSelectorIn = z.infer<typeof schemas.labelSelector>;
/** Object or template metadata as parsed. */
export type MetadataIn = z.infer<typeof schemas.metadata>;
