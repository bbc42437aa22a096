/**
 * The shape of a scenario file (design.md §3) as zod strict objects: unknown fields are errors,
 * values are parsed to their units (µs, millicores, bytes, `Dist`). Defaults are applied later,
 * by version, in `config.ts`; fault entries are checked entry by entry in `faults.ts`, because
 * their key names the fault kind.
 */
import { z } from 'zod';
import {
  byteQuantity, cpuQuantity, distribution, duration, nonNegativeInt, nonNegativeNumber, positiveDuration, positiveInt, show,
} from './forms.js';

/** An optional section; an empty one (`faults:` with every entry commented out) reads as absent. */
const section = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null ? undefined : v), schema.optional());

const taint = z.strictObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

const nodeShape = z.strictObject({
  cpu: cpuQuantity,
  memory: byteQuantity,
  pods: positiveInt.optional(),
  // Extended resources in allocatable (device plugins: `nvidia.com/gpu: 8`), whole units.
  resources: section(z.record(z.string(), nonNegativeInt)),
  // Price of one node of this shape (any currency), for `capacity`'s cost per probe.
  costPerHour: nonNegativeNumber.optional(),
  labels: section(z.record(z.string(), z.string())),
  taints: section(z.array(taint)),
});

const zone = z.strictObject({
  name: z.string(),
  racks: nonNegativeInt,
  // Exactly one of: the same count in every rack, or a zone total spread over its racks (topology/build.ts).
  nodesPerRack: nonNegativeInt.optional(),
  nodes: nonNegativeInt.optional(),
  node: nodeShape.optional(),
  // Or node pools of unequal shapes, `nodes` of each (an imported cluster): the racks are filled in order with the pools' nodes (topology/build.ts poolLookup).
  pools: z.array(z.strictObject({ nodes: nonNegativeInt, node: nodeShape })).optional(),
});

const region = z.strictObject({
  name: z.string(),
  zones: z.array(zone),
});

const latency = z.strictObject({
  host: distribution().optional(),
  rack: distribution().optional(),
  zone: distribution().optional(),
  crossZone: distribution().optional(),
  crossRegion: distribution().optional(),
});

const etcd = z.strictObject({
  heartbeatInterval: positiveDuration.optional(),
  electionTimeout: positiveDuration.optional(),
  electionTimeoutMax: positiveDuration.optional(),
  preVote: z.boolean().optional(),
  checkQuorum: z.boolean().optional(),
  diskFsync: distribution().optional(),
});

const leaderElection = z.strictObject({
  leaseDuration: positiveDuration.optional(),
  renewDeadline: positiveDuration.optional(),
  retryPeriod: positiveDuration.optional(),
  jitterFactor: nonNegativeNumber.optional(),
  restartDelay: distribution().optional(),
});

const controlPlane = z.strictObject({
  hosts: z.union([z.literal('spread-zones'), z.array(z.string())], {
    error: (i) => `expected spread-zones or a list of zone or rack names, got ${show(i.input)}`,
  }).optional(),
  count: positiveInt.optional(),
  etcd: section(etcd),
  leaderElection: section(leaderElection),
});

const kubelet = z.strictObject({
  nodeLeaseDuration: positiveDuration.optional(),
  nodeStatusUpdateFrequency: positiveDuration.optional(),
  imagePull: distribution().optional(),
  containerStart: distribution().optional(),
  podStop: distribution().optional(),
  bootTime: distribution().optional(),
});

const storage = z.strictObject({
  attach: distribution().optional(),
});

const nodeLifecycle = z.strictObject({
  monitorPeriod: positiveDuration.optional(),
  gracePeriod: positiveDuration.optional(),
  evictionRate: nonNegativeNumber.optional(),
  secondaryEvictionRate: nonNegativeNumber.optional(),
  unhealthyZoneThreshold: nonNegativeNumber.max(1, { error: (i) => `expected a fraction between 0 and 1, got ${show(i.input)}` }).optional(),
  largeClusterSizeThreshold: nonNegativeInt.optional(),
});

/** A client's queries per second (client-go `rest.Config.QPS`, a float): positive, or the client would never send. */
const clientQPS = z.number({ error: (i) => `expected a positive number of requests per second, got ${show(i.input)}` })
  .positive({ error: (i) => `expected a positive number of requests per second, got ${show(i.input)}` });

/** kube-controller-manager flags (its generic configuration). */
const controllerManager = z.strictObject({
  kubeAPIQPS: clientQPS.optional(),
  kubeAPIBurst: positiveInt.optional(),
});

const scheduler = z.strictObject({
  kubeAPIQPS: clientQPS.optional(),
  kubeAPIBurst: positiveInt.optional(),
  percentageOfNodesToScore: nonNegativeInt.max(100, { error: (i) => `expected a percentage 0–100, got ${show(i.input)}` }).optional(),
  podInitialBackoff: positiveDuration.optional(),
  podMaxBackoff: positiveDuration.optional(),
  podMaxInUnschedulablePodsDuration: positiveDuration.optional(),
});

/** The cloud node lifecycle controller (`spec.cloudProvider`). */
const cloudProvider = z.strictObject({
  instanceGoneAfter: duration,
  nodeMonitorPeriod: positiveDuration.optional(),
});

const apiserver = z.strictObject({
  defaultNotReadyTolerationSeconds: nonNegativeInt.optional(),
  defaultUnreachableTolerationSeconds: nonNegativeInt.optional(),
});

const slo = z.strictObject({
  service: z.string().optional(),
  workload: z.string().optional(),
  selector: z.string().optional(),
  minReady: positiveInt.optional(),
});

/** `spec` of a scenario. */
export const specSchema = z.strictObject({
  duration: positiveDuration.optional(),
  seed: nonNegativeInt.max(Number.MAX_SAFE_INTEGER).optional(),
  // Checked by hand in load.ts, to explain YAML's reading of 1.30 as the number 1.3.
  kubernetesVersion: z.unknown().optional(),
  topology: z.strictObject({ regions: z.array(region), latency: section(latency) }),
  controlPlane: section(controlPlane),
  kubelet: section(kubelet),
  nodeLifecycle: section(nodeLifecycle),
  storage: section(storage),
  controllerManager: section(controllerManager),
  scheduler: section(scheduler),
  apiserver: section(apiserver),
  cloudProvider: section(cloudProvider),
  manifests: z.array(z.string()),
  slo: section(z.array(slo)),
  // Each entry's key names its kind; checked entry by entry in faults.ts.
  faults: section(z.array(z.record(z.string(), z.unknown(), {
    error: (i) => `expected a fault entry such as { at: 1h, zone-outage: NAME, for: 30m }, got ${show(i.input)}`,
  }))),
});

/** A whole scenario document. */
export const scenarioSchema = z.strictObject({
  apiVersion: z.literal('kubeblast.io/v1', { error: (i) => `expected kubeblast.io/v1, got ${show(i.input)}` }).optional(),
  kind: z.literal('Scenario', { error: (i) => `expected Scenario, got ${show(i.input)}` }).optional(),
  metadata: section(z.strictObject({ name: z.string().optional() })),
  spec: specSchema,
});

/** A validated scenario document, values in their units, before defaults. */
export type RawScenario = z.output<typeof scenarioSchema>;
/** `spec` of a `RawScenario`. */
export type RawSpec = RawScenario['spec'];
/** One zone of the raw topology. */
export type RawZone = z.output<typeof zone>;
