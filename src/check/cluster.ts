/**
 * Checks on the API's committed objects, at the instant each pod change commits (store.onPod):
 * - a pod is bound once, to one node (pkg/registry/core/pod/storage: binding refuses a bound pod);
 * - no node over its allocatable: the requests of its non-terminal pods fit its CPU, memory and
 *   pod count (the scheduler's NodeResourcesFit; terminating pods still hold their resources);
 * - a Deployment never asks for more than replicas + maxSurge pods during a rollout: the sum of its
 *   ReplicaSets' spec.replicas, checked when a pod is created. That sum is what upstream bounds
 *   (pkg/controller/deployment/rolling.go, util.NewRSNewReplicas with GetReplicaCountForReplicaSets;
 *   surge rounds up, util.ResolveFenceposts); live pods may pass it for an instant while a scaled-down
 *   ReplicaSet has not deleted its surplus yet, as upstream;
 * - an eviction through the Eviction API never takes a healthy pod below its PDB's desiredHealthy
 *   when the budget's status was current (pkg/registry/core/pod/storage/eviction.go). Taint-based
 *   eviction and pods of dead nodes are not evictions through the API and are excepted, as upstream.
 */
import type { PodObj } from '../apiserver/objects.js';
import type { IntOrPercent } from '../manifests/types.js';
import type { World } from '../world/world.js';

/** Resolves maxSurge against `replicas` (a percentage rounds up). */
export function surgeOf(maxSurge: IntOrPercent, replicas: number): number {
  return 'int' in maxSurge ? maxSurge.int : Math.ceil((maxSurge.percent * replicas) / 100);
}

function active(p: PodObj): boolean {
  return p.deletionTimestamp < 0 && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

/** Wires the object checks into `world`; violations go to `report`. */
export function watchCluster(world: World, report: (what: string) => void): void {
  const { store } = world.ctx;
  const boundTo = new Map<number, number>();
  store.onPod((pod, change) => {
    if (change === 'bound') {
      const prior = boundTo.get(pod.uid);
      if (prior !== undefined) report(`${pod.key} bound to node ${pod.node} after node ${prior}`);
      boundTo.set(pod.uid, pod.node);
      checkNode(world, pod, report);
    } else if (change === 'created') {
      checkSurge(world, pod, report);
    } else if (change === 'deleting' && pod.deletionReason === 'Evicted') {
      checkBudget(world, pod, report);
    }
  });
}

function checkNode(world: World, pod: PodObj, report: (what: string) => void): void {
  const node = world.ctx.store.nodes[pod.node];
  let cpu = 0;
  let memory = 0;
  let pods = 0;
  for (const p of world.ctx.store.podsOnNode[pod.node]) {
    if (p.phase === 'Succeeded' || p.phase === 'Failed') continue;
    cpu += p.template.requests.cpuMilli;
    memory += p.template.requests.memoryBytes;
    pods++;
  }
  const cap = node.spec.capacity;
  if (cpu > cap.cpuMilli || memory > cap.memoryBytes || pods > cap.pods) {
    report(`${node.name} over allocatable binding ${pod.key}: cpu ${cpu}/${cap.cpuMilli}m, memory ${memory}/${cap.memoryBytes}, pods ${pods}/${cap.pods}`);
  }
}

function checkSurge(world: World, pod: PodObj, report: (what: string) => void): void {
  if (pod.owner?.kind !== 'ReplicaSet') return;
  const rs = world.workloads.replicaSets.get(pod.owner.key);
  const d = rs?.deployment ? world.workloads.deployments.get(rs.deployment) : undefined;
  if (!d || d.strategy !== 'RollingUpdate') return;
  const sets = new Set<string>();
  let specified = 0;
  for (const r of world.workloads.replicaSets.values()) {
    if (r.deployment !== d.key) continue;
    sets.add(r.key);
    specified += r.replicas;
  }
  const limit = d.replicas + surgeOf(d.maxSurge, d.replicas);
  if (specified <= limit) return;
  // The active pods are counted only for the report: a scan of every pod at each creation made
  // `--check` quadratic in the cluster's pods.
  let count = 0;
  for (const p of world.ctx.store.pods.values()) if (p.owner && sets.has(p.owner.key) && active(p)) count++;
  report(`${d.key}: its ReplicaSets ask for ${specified} pods (${count} active) when ${pod.key} is created, above replicas ${d.replicas} + maxSurge = ${limit}`);
}

function checkBudget(world: World, pod: PodObj, report: (what: string) => void): void {
  if (!pod.ready) return;
  for (const pdb of world.workloads.pdbs.forPod(pod)) {
    let healthy = 0;
    for (const p of world.ctx.store.pods.values()) if (p !== pod && active(p) && p.ready && world.workloads.pdbs.forPod(p).includes(pdb)) healthy++;
    const s = pdb.status;
    // Only a budget whose status matched the pods (the controller had caught up) makes a violation of the API's rule.
    if (healthy < s.desiredHealthy && s.currentHealthy === healthy + 1 && s.observedGeneration >= pdb.generation) {
      report(`${pdb.key}: eviction of ${pod.key} left ${healthy} healthy pods, below desiredHealthy ${s.desiredHealthy}`);
    }
  }
}
