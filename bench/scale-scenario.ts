/**
 * The scenario of the `scale` bench group, generated in code: a cluster at Kubernetes' published
 * limits (design.md §6: 5,000 nodes, 150,000 pods) or a tenth of it, with a realistic workload
 * mix and a year of random failures.
 *
 * - Topology: 3 zones of racks of ~40 nodes (16 cpu / 64Gi / 110 pods each), 3 control-plane
 *   hosts spread over the zones.
 * - Workloads: a DaemonSet on every node; a few StatefulSets with hostname anti-affinity behind
 *   headless Services; Deployments of 50–1,000 replicas (sizes from a fixed skewed sequence) with
 *   requests, of which ~40 % sit behind a Service, ~20 % spread over zones and hosts (half
 *   DoNotSchedule, half ScheduleAnyway), ~10 % use pod anti-affinity (required on hostnames for
 *   small ones, preferred on zones otherwise), some with a PodDisruptionBudget.
 * - Faults: node crashes with an exponential MTBF of 12,000 h per node (~3,650 a year on 5,000
 *   nodes) and a lognormal MTTR (median 2 h), four rack power losses of an hour, and one zone
 *   outage of an hour.
 *
 * Everything is a pure function of the size, so every run of the bench simulates the same thing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';

/** A size of the scale scenario. */
export interface ScaleSize {
  /** Worker nodes. */
  nodes: number;
  /** Per zone (3): racks and nodes per rack; they add up to `nodes`. */
  zones: Array<{ racks: number; nodesPerRack: number }>;
  /** Deployments; their replicas add up to roughly `30 × nodes` pods with the DaemonSet and StatefulSets. */
  deployments: number;
}

/** Kubernetes' published limits: 5,000 nodes, ~150,000 pods. */
export const FULL: ScaleSize = {
  nodes: 5_000, deployments: 290,
  zones: [{ racks: 42, nodesPerRack: 40 }, { racks: 42, nodesPerRack: 40 }, { racks: 41, nodesPerRack: 40 }],
};
/** A tenth: 500 nodes, ~15,000 pods. */
export const TENTH: ScaleSize = {
  nodes: 500, deployments: 29,
  zones: [{ racks: 4, nodesPerRack: 42 }, { racks: 4, nodesPerRack: 42 }, { racks: 4, nodesPerRack: 41 }],
};

const ZONES = ['z-a', 'z-b', 'z-c'];

/** Replicas of Deployment `i`: a fixed skewed sequence between 50 and 1,000 (mean ~500). */
export function deploymentReplicas(i: number): number {
  // A golden-ratio walk gives a well spread u in [0, 1); the power skews sizes towards the small end.
  const u = (i * 0.6180339887) % 1;
  return 50 + Math.round(950 * u ** 1.1);
}

function podSpec(i: number, extra: string): string {
  const cpu = [100, 150, 200, 250, 500][i % 5];
  const memMi = [128, 256, 384, 512, 1024][(i * 3) % 5];
  return `      containers:
        - name: app
          image: registry.example/app-${i}:v1
          resources: { requests: { cpu: ${cpu}m, memory: ${memMi}Mi } }
          readinessProbe: { initialDelaySeconds: 5, httpGet: { path: /healthz, port: 8080 } }${extra}`;
}

/** The pod-spec extras (spread, anti-affinity) of Deployment `i`; `kind` = i mod 10. */
function placement(name: string, kind: number, replicas: number): string {
  const sel = `labelSelector: { matchLabels: { app: ${name} } }`;
  if (kind === 4 || kind === 5) {
    const zoneWhen = kind === 4 ? 'DoNotSchedule' : 'ScheduleAnyway';
    return `
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ${zoneWhen}, ${sel} }
        - { maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway, ${sel} }`;
  }
  if (kind === 6) {
    return replicas <= 200
      ? `
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { topologyKey: kubernetes.io/hostname, ${sel} }`
      : `
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - { weight: 100, podAffinityTerm: { topologyKey: topology.kubernetes.io/zone, ${sel} } }`;
  }
  return '';
}

function deployment(i: number): string {
  const name = `app-${i}`;
  const replicas = deploymentReplicas(i);
  const kind = i % 10;
  let doc = `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, tier: t${i % 4} } }
    spec:
${podSpec(i, '')}${placement(name, kind, replicas)}
`;
  // Kinds 0–3 are behind a Service; every other one of those also has a PDB.
  if (kind < 4) doc += `---\napiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\nspec: { selector: { app: ${name} }, ports: [{ port: 80 }] }\n`;
  if (kind < 4 && i % 2 === 0) doc += `---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: ${name} }\nspec: { maxUnavailable: 10%, selector: { matchLabels: { app: ${name} } } }\n`;
  return doc;
}

function statefulSet(i: number, replicas: number): string {
  const name = `db-${i}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  serviceName: ${name}
  podManagementPolicy: Parallel
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${podSpec(i, '')}
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: ${name} } } }
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { clusterIP: None, selector: { app: ${name} }, ports: [{ port: 5432 }] }
`;
}

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter }
spec:
  selector: { matchLabels: { app: node-exporter } }
  template:
    metadata: { labels: { app: node-exporter } }
    spec:
      containers:
        - { name: exporter, image: prom/node-exporter:v1, resources: { requests: { cpu: 50m, memory: 64Mi } } }
`;

/** The manifests of a size, one multi-document YAML. */
export function manifests(size: ScaleSize): string {
  const docs = [DAEMONSET];
  for (const [i, n] of [3, 5, 5, 50, 100].entries()) docs.push(statefulSet(i, n));
  for (let i = 0; i < size.deployments; i++) docs.push(deployment(i));
  return docs.join('---\n');
}

/** Pods the manifests ask for: the DaemonSet's (one per node), the StatefulSets' and the Deployments'. */
export function desiredPods(size: ScaleSize): number {
  let n = size.nodes + 3 + 5 + 5 + 50 + 100;
  for (let i = 0; i < size.deployments; i++) n += deploymentReplicas(i);
  return n;
}

/** The `topology.regions[0].zones` entries. */
function zones(size: ScaleSize): string {
  if (size.zones.reduce((n, z) => n + z.racks * z.nodesPerRack, 0) !== size.nodes) throw new Error(`bench: the racks of size ${size.nodes} do not add up`);
  return ZONES.map((z, k) => {
    const { racks, nodesPerRack } = size.zones[k];
    return `          - { name: ${z}, racks: ${racks}, nodesPerRack: ${nodesPerRack}, node: { cpu: "16", memory: 64Gi, pods: 110 } }`;
  }).join('\n');
}

/** The scenario text: `withFaults` false gives the same cluster with no faults (to time the boot). */
export function scenarioYaml(size: ScaleSize, withFaults: boolean): string {
  const faults = withFaults
    ? `
  faults:
    - random: { level: node, mtbf: 12000h, mttr: { dist: lognormal, median: 2h, sigma: 1 } }
    - { at: 20d, rack-power: z-a/r2, for: 1h }
    - { at: 95d, rack-power: z-b/r3, for: 1h }
    - { at: 170d, rack-power: z-c/r1, for: 1h }
    - { at: 260d, rack-power: z-a/r4, for: 1h }
    - { at: 200d, zone-outage: z-b, for: 1h }`
    : '';
  return `apiVersion: kubeblast.io/v1
kind: Scenario
metadata: { name: bench-scale-${size.nodes} }
spec:
  duration: 1y
  seed: 1
  kubernetesVersion: "1.33"
  topology:
    regions:
      - name: r
        zones:
${zones(size)}
  controlPlane: { hosts: spread-zones, count: 3 }
  manifests: [apps.yaml]${faults}
`;
}

/** Writes the scenario of a size into a temporary directory and loads it. */
export function scaleScenario(size: ScaleSize, withFaults: boolean): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-bench-scale-'));
  try {
    writeFileSync(join(dir, 'apps.yaml'), manifests(size));
    writeFileSync(join(dir, 'scenario.yaml'), scenarioYaml(size, withFaults));
    return loadScenario(join(dir, 'scenario.yaml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
