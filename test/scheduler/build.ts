/** Builders for plugin table tests: nodes, pods and a cache without a scenario. */
import type { Affinity, TopologySpreadConstraint } from 'kubernetes-types/core/v1.js';
import type { NodeObj, PodObj } from '../../src/apiserver/objects.js';
import type { PodTemplate, Toleration } from '../../src/manifests/types.js';
import { SchedulerCache } from '../../src/scheduler/cache/cache.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import type { Handle } from '../../src/scheduler/framework/handle.js';
import { LABEL_HOSTNAME, LABEL_ZONE, type Taint } from '../../src/topology/types.js';

export const GI = 1024 ** 3;

/** A node; `zone` adds the zone label, the hostname label is always set. */
export function node(name: string, o: { cpu?: number; mem?: number; pods?: number; zone?: string; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): NodeObj {
  const labels = { [LABEL_HOSTNAME]: name, ...(o.zone ? { [LABEL_ZONE]: o.zone } : {}), ...(o.labels ?? {}) };
  return {
    host: -1,
    name,
    spec: { id: -1, name, role: 'node', region: 0, zone: 0, rack: 0, capacity: { cpuMilli: o.cpu ?? 4000, memoryBytes: o.mem ?? 16 * GI, pods: o.pods ?? 110 }, labels, taints: o.taints ?? [] },
    labels,
    unschedulable: o.unschedulable ?? false,
    taints: o.taints ?? [],
    ready: 'True',
    readyTransition: 0,
  };
}

/** Numbers host ids in order (the cache indexes nodes by position). */
export function nodes(...list: NodeObj[]): NodeObj[] {
  list.forEach((n, i) => {
    n.host = i;
    n.spec.id = i;
  });
  return list;
}

let uid = 1;

/** A pod (unbound) with the given spec pieces. */
export function pod(name: string, o: { ns?: string; labels?: Record<string, string>; cpu?: number; mem?: number; tolerations?: Toleration[]; affinity?: Affinity; spread?: TopologySpreadConstraint[]; nodeSelector?: Record<string, string>; nodeName?: string; priority?: number; containers?: number; deleting?: boolean } = {}): PodObj {
  const labels = o.labels ?? {};
  const template: PodTemplate = {
    labels,
    annotations: {},
    requests: { cpuMilli: o.cpu ?? 0, memoryBytes: o.mem ?? 0 },
    nodeSelector: o.nodeSelector ?? {},
    affinity: o.affinity,
    tolerations: o.tolerations ?? [],
    topologySpreadConstraints: o.spread ?? [],
    priority: o.priority ?? 0,
    readiness: null,
    restartPolicy: 'Always',
    terminationGracePeriodUs: 0,
    image: 'x',
    hostNetwork: false,
    hostPorts: [],
    schedulingGates: [],
    containers: o.containers ?? 1,
    initContainers: 0,
  };
  if (o.nodeName) template.nodeName = o.nodeName;
  const ns = o.ns ?? 'default';
  const id = uid++;
  return {
    uid: id,
    namespace: ns,
    name,
    key: `pod/${ns}/${name}`,
    labels,
    template,
    tolerations: template.tolerations,
    owner: null,
    workloadKey: `pod/${ns}/${name}`,
    revision: '',
    ordinal: -1,
    createdAt: 0,
    node: -1,
    nominatedNode: -1,
    phase: 'Pending',
    ready: false,
    readySince: -1,
    restarts: 0,
    deletionTimestamp: o.deleting ? 0 : -1,
    deletionReason: '',
    services: [],
  };
}

/** A cache over `ns` with pods placed: `[pod, node index]`. */
export function cacheWith(ns: NodeObj[], placed: Array<[PodObj, number]> = [], minor = 33): { cache: SchedulerCache; handle: Handle } {
  const cache = new SchedulerCache(ns);
  for (const [p, n] of placed) cache.add(new PodInfo(p), n, false);
  return { cache, handle: { cache, services: new Map(), workloads: new Map(), kubernetesMinor: minor } };
}
