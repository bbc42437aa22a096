/**
 * Scheduler figures: wall-clock throughput of kube-scheduler placing 150,000 pods on 5,000 nodes
 * in 3 zones (design.md §6), through the whole path — store events, queue, framework and plugins,
 * assume, rate-limited bindings committing through the ideal control plane. The workload mix:
 * Deployments behind Services (so system default spreading applies), Deployments with zone +
 * hostname topology spread (DoNotSchedule), and Deployments with required hostname anti-affinity
 * or preferred zone anti-affinity. All pods exist at t = 0, as after a large apply.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/types.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { buildContext } from '../src/world/build-context.js';
import { median, type BenchGroup, type BenchOptions, type Figure } from './harness.js';

const NODES = 5_000;
const PODS = 150_000;
const DEPLOYMENTS = 300;
const REPLICAS = PODS / DEPLOYMENTS;

/** One Deployment of the mix; `i` picks its kind and size. */
function deployment(i: number): string {
  const name = `app-${i}`;
  const cpu = [100, 200, 250, 500, 750][i % 5];
  const memMi = [128, 256, 512, 768, 1024][(i * 7) % 5];
  const kind = i % 20;
  let extra = '';
  if (kind < 5) {
    // 25 %: spread over zones and hosts.
    extra = `
      topologySpreadConstraints:
        - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: ${name} } } }
        - { maxSkew: 2, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: ${name} } } }`;
  } else if (kind < 8) {
    // 15 %: anti-affinity, required on hosts or preferred on zones.
    extra =
      kind < 6
        ? `
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: ${name} } } }`
        : `
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - { weight: 100, podAffinityTerm: { topologyKey: topology.kubernetes.io/zone, labelSelector: { matchLabels: { app: ${name} } } } }`;
  }
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${REPLICAS}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, tier: t${i % 4} } }
    spec:
      containers:
        - { name: c, image: img, resources: { requests: { cpu: ${cpu}m, memory: ${memMi}Mi } } }${extra}
---
apiVersion: v1
kind: Service
metadata: { name: ${name} }
spec: { selector: { app: ${name} }, ports: [{ port: 80 }] }
`;
}

/** Writes the scenario (3 zones: 1667 + 1667 + 1666 nodes of 16 cpu / 64Gi / 110 pods) and loads it. */
function scenario(): Scenario {
  const dir = mkdtempSync(join(tmpdir(), 'kubeblast-bench-scheduler-'));
  try {
    writeFileSync(join(dir, 'apps.yaml'), Array.from({ length: DEPLOYMENTS }, (_, i) => deployment(i)).join('---\n'));
    const zone = (z: string, n: number): string => `          - { name: ${z}, racks: 1, nodesPerRack: ${n}, node: { cpu: "16", memory: 64Gi, pods: 110 } }`;
    writeFileSync(
      join(dir, 'scenario.yaml'),
      `apiVersion: kubeblast.io/v1
kind: Scenario
metadata: { name: bench-scheduler }
spec:
  seed: 1
  topology:
    regions:
      - name: r
        zones:
${zone('z-a', 1667)}
${zone('z-b', 1667)}
${zone('z-c', NODES - 2 * 1667)}
  manifests: [apps.yaml]
`,
    );
    return loadScenario(join(dir, 'scenario.yaml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One placement of every pod; returns wall milliseconds and pods bound. */
function placeAll(s: Scenario): { ms: number; bound: number } {
  const { ctx, controlPlane } = buildContext(s);
  ctx.events.keep = false;
  const scheduler = new Scheduler(ctx);
  controlPlane.start();
  for (const w of s.manifests.workloads) {
    for (let i = 0; i < w.replicas; i++) {
      ctx.store.createPod(
        {
          namespace: w.namespace,
          name: `${w.name}-h-${i}`,
          labels: { ...w.template.labels, 'pod-template-hash': 'h' },
          template: w.template,
          tolerations: w.template.tolerations,
          owner: { kind: 'ReplicaSet', key: `replicaset/${w.namespace}/${w.name}-h` },
          workloadKey: w.key,
          revision: 'h',
          ordinal: -1,
        },
        0,
      );
    }
  }
  const start = performance.now();
  ctx.sim.run();
  const ms = performance.now() - start;
  if (scheduler.stats.bound !== PODS) throw new Error(`bench: only ${scheduler.stats.bound} of ${PODS} pods were bound (${scheduler.stats.unschedulable} failed attempts)`);
  // BENCH_DEBUG=1 prints the scheduler's counters (attempts, nodes filtered …) of each repetition.
  if (process.env.BENCH_DEBUG) process.stderr.write(`${JSON.stringify(scheduler.stats)}\n`);
  return { ms, bound: scheduler.stats.bound };
}

/** The scheduler's group of figures. */
export const schedulerBench: BenchGroup = {
  name: 'scheduler',
  description: `kube-scheduler placing ${PODS.toLocaleString('en')} pods (${DEPLOYMENTS} Deployments: spread, anti-affinity, plain) on ${NODES.toLocaleString('en')} nodes in 3 zones`,
  run(opts: BenchOptions): Figure[] {
    const s = scenario();
    // A repetition is a whole placement (seconds of wall time); at most 3 are timed.
    for (let i = 0; i < Math.min(opts.warmup, 1); i++) placeAll(s);
    const runs = Array.from({ length: Math.max(1, Math.min(opts.reps, 3)) }, () => placeAll(s));
    const ms = median(runs.map((r) => r.ms));
    return [
      { name: 'schedule.podsPerSec', value: (PODS * 1000) / ms, unit: 'pods/s' },
      { name: 'schedule.wallMs', value: ms, unit: 'ms' },
      { name: 'schedule.peakRssMB', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' },
    ];
  },
};
