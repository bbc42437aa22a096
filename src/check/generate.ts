/**
 * The swarm's scenario generator: one whole scenario per seed, drawn from the seed's own stream —
 * topology sizes (1–3 zones in one or two regions, 1–2 racks of 1–3 nodes), a control plane of 1,
 * 3 or 5 hosts, workloads of every kind (a Deployment with a PDB, anti-affinity and a zone spread,
 * a StatefulSet with a PDB, a DaemonSet, a Job), and 2–10 faults of every kind (partitions one-way
 * too; node-delete where three or more nodes remain) during a chaos phase, every one healed by HEALED_S; the run goes on CONVERGE_US past it.
 * Sizes keep the cluster able to hold every workload, so each must converge.
 */
import { stringify } from 'yaml';
import { Rng } from '../kernel/rng.js';
import { CONVERGE_US } from './outputs.js';

/** The chaos phase: faults start in [CHAOS_FROM_S, CHAOS_TO_S) and all have healed by HEALED_S. */
export const CHAOS_FROM_S = 60;
export const CHAOS_TO_S = 15 * 60;
export const HEALED_S = 20 * 60;
/** Run length: the heal, the convergence bound, and a minute to see it hold. */
export const END_S = HEALED_S + CONVERGE_US / 1e6 + 60;

/** A generated case: the scenario and its manifest file, as YAML text, and its fault count. */
export interface SwarmCase {
  seed: number;
  scenario: string;
  manifests: string;
  faults: number;
}

interface Layout {
  zones: string[];
  nodes: string[];
  racks: string[];
  cps: string[];
}

function topology(rng: Rng): { spec: unknown; layout: Layout } {
  const zoneCount = 1 + rng.int(3);
  const racks = 1 + rng.int(2);
  const perRack = 1 + rng.int(3);
  const twoRegions = zoneCount > 1 && rng.next() < 0.3;
  const layout: Layout = { zones: [], nodes: [], racks: [], cps: [] };
  const regions: Array<{ name: string; zones: unknown[] }> = [{ name: 'r1', zones: [] }];
  if (twoRegions) regions.push({ name: 'r2', zones: [] });
  for (let z = 0; z < zoneCount; z++) {
    const name = `z${z + 1}`;
    layout.zones.push(name);
    for (let k = 1; k <= racks; k++) {
      layout.racks.push(`${name}/r${k}`);
      for (let m = 1; m <= perRack; m++) layout.nodes.push(`${name}-r${k}-n${m}`);
    }
    regions[twoRegions && z > 0 ? 1 : 0].zones.push({ name, racks, nodesPerRack: perRack, node: { cpu: '8', memory: '32Gi', pods: 40 } });
  }
  const count = rng.pick([1, 3, 3, 5]);
  layout.cps = Array.from({ length: count }, (_, i) => `cp-${i + 1}`);
  return { spec: { regions }, layout };
}

function manifests(rng: Rng, nodes: number): string {
  const web = Math.min(2 + rng.int(4), nodes * 2);
  const db = 1 + rng.int(3);
  const labels = (app: string) => ({ labels: { app } });
  const pod = (app: string, cpu: string, extra: Record<string, unknown> = {}) => ({
    metadata: labels(app),
    spec: { containers: [{ name: app, image: `example/${app}:1`, resources: { requests: { cpu, memory: '256Mi' } } }], ...extra },
  });
  const docs: unknown[] = [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: {
      replicas: web, selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: rng.pick([1, '25%', 2]), maxUnavailable: rng.pick([0, 1]) } },
      template: pod('web', '500m', {
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }],
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } } }] } },
      }),
    } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } } },
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: {
      serviceName: 'db', replicas: db, selector: { matchLabels: { app: 'db' } }, template: pod('db', '500m'),
    } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { minAvailable: Math.max(0, db - 1), selector: { matchLabels: { app: 'db' } } } },
    { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: pod('agent', '100m') } },
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'batch' }, spec: { completions: 2, parallelism: 1, template: pod('batch', '100m', { restartPolicy: 'Never' }) } },
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

function fault(rng: Rng, l: Layout, version: { n: number }): Record<string, unknown> {
  const at = Math.round(rng.uniform(CHAOS_FROM_S, CHAOS_TO_S));
  const forS = Math.min(Math.round(rng.uniform(5, 6 * 60)), HEALED_S - at);
  const timed = (kind: string, target: unknown) => ({ at: `${at}s`, [kind]: target, for: `${forS}s` });
  const workload = () => rng.pick(['deployment/web', 'statefulset/db']);
  switch (rng.int(16)) {
    case 0: return timed('node-crash', rng.pick(l.nodes));
    case 1: return { at: `${at}s`, 'node-reboot': rng.pick(l.nodes) };
    case 2: return timed('kubelet-stop', rng.pick(l.nodes));
    case 3: {
      const groups = l.zones.length > 1 ? [[l.zones[0]], [l.zones[1]]] : [[rng.pick(l.cps)]];
      return timed('partition', { groups, cut: rng.pick(['all', 'kubelet-apiserver', 'etcd-etcd']), oneWay: rng.next() < 0.3 });
    }
    case 4: return timed('etcd-member-crash', rng.pick([...l.cps, 'etcd-leader']));
    case 5: return timed('control-plane-crash', rng.pick([...l.cps, 'controller-manager-leader', 'scheduler-leader']));
    case 6: return timed('drain', { target: rng.pick(l.nodes), parallel: rng.next() < 0.5, timeout: '120s' });
    case 7: return { at: `${at}s`, rollout: { workload: workload(), image: `example/app:${++version.n}` } };
    case 8: return timed('zone-outage', rng.pick(l.zones));
    case 9: return timed('rack-power', rng.pick(l.racks));
    case 10: return { at: `${at}s`, scale: { workload: workload(), replicas: 1 + rng.int(4) } };
    case 11: return timed('cordon', rng.pick(l.nodes));
    case 12: return timed('container-crash', 'deployment/web');
    case 13: return { at: `${at}s`, 'pod-kill': { workload: workload(), count: 1 + rng.int(2) } };
    case 14: return { at: `${at}s`, rollback: 'deployment/web' };
    // A deleted Node never returns: only where the others still hold every workload.
    default: return l.nodes.length > 2 ? { at: `${at}s`, 'node-delete': rng.pick(l.nodes) } : timed('node-crash', rng.pick(l.nodes));
  }
}

/** The scenario of `seed`. */
export function generate(seed: number): SwarmCase {
  const rng = new Rng(`swarm-${seed}`);
  const { spec, layout } = topology(rng);
  const version = { n: 1 };
  const faults = Array.from({ length: 2 + rng.int(9) }, () => fault(rng, layout, version));
  const scenario = {
    apiVersion: 'kubeblast.io/v1', kind: 'Scenario', metadata: { name: `swarm-${seed}` },
    spec: {
      duration: `${END_S}s`, seed, kubernetesVersion: '1.33', topology: spec,
      controlPlane: { count: layout.cps.length }, manifests: ['manifests.yaml'], faults,
    },
  };
  return { seed, scenario: stringify(scenario), manifests: manifests(rng, layout.nodes.length), faults: faults.length };
}
