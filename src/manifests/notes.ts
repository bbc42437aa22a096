/**
 * What kubeblast made of each object, for `validate`: the fields the API server (or admission)
 * defaulted because the YAML left them out or empty (pkg/apis/*\/v1/defaults.go), and the fields it
 * has that kubeblast reads but does not simulate (volumes other than claims, env, probes other than readiness …).
 * Computed from the raw object and the value read, after the fact, so that readers stay unaware.
 */
import type { PdbSpec, ServiceSpec, Workload } from './types.js';

/** Defaulted and not-simulated fields of one object. */
export interface ObjectNotes {
  defaulted: string[];
  ignored: string[];
}

type Raw = Record<string, unknown>;

function at(raw: unknown, path: readonly string[]): unknown {
  let v = raw;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Raw)[k];
  }
  return v;
}

/** Absent, null or "" — what the API server defaults alike. */
const unset = (raw: unknown, path: readonly string[]): boolean => {
  const v = at(raw, path);
  return v === undefined || v === null || v === '';
};

const ip = (v: { int: number } | { percent: number }): string => ('int' in v ? String(v.int) : `${v.percent}%`);

/** Pod-spec fields kubeblast reads without simulating what they do (volumes: see templateNotes). */
const POD_UNREAD = ['dnsPolicy', 'dnsConfig', 'serviceAccountName', 'securityContext', 'imagePullSecrets', 'hostname', 'subdomain', 'runtimeClassName', 'readinessGates', 'activeDeadlineSeconds', 'hostAliases', 'os', 'resourceClaims'];
const CONTAINER_UNREAD = ['command', 'args', 'env', 'envFrom', 'volumeMounts', 'livenessProbe', 'startupProbe', 'lifecycle', 'securityContext', 'imagePullPolicy'];

function templateNotes(raw: unknown, specPath: readonly string[], w: Workload, out: ObjectNotes): void {
  const spec = at(raw, specPath);
  if (unset(spec, ['restartPolicy'])) out.defaulted.push(`restartPolicy ${w.template.restartPolicy}`);
  if (unset(spec, ['terminationGracePeriodSeconds'])) out.defaulted.push('terminationGracePeriodSeconds 30');
  const added = w.template.tolerations.filter((t) => t.tolerationSeconds !== undefined && (t.key === 'node.kubernetes.io/not-ready' || t.key === 'node.kubernetes.io/unreachable'));
  if (added.length > 0) out.defaulted.push(`tolerations ${added.map((t) => `${(t.key ?? '').slice('node.kubernetes.io/'.length)} ${t.tolerationSeconds}s`).join(', ')} (DefaultTolerationSeconds)`);
  const prefix = specPath.join('.');
  // persistentVolumeClaim volumes are simulated (binding, attach: src/storage/volumes.ts); the other kinds are not.
  const vols = at(spec, ['volumes']);
  if (Array.isArray(vols) && vols.some((v) => at(v, ['persistentVolumeClaim']) === undefined)) out.ignored.push(`${prefix}.volumes`);
  for (const f of POD_UNREAD) if (!unset(spec, [f])) out.ignored.push(`${prefix}.${f}`);
  const containers = [...((at(spec, ['containers']) as Raw[] | undefined) ?? []), ...((at(spec, ['initContainers']) as Raw[] | undefined) ?? [])];
  for (const f of CONTAINER_UNREAD) if (containers.some((c) => !unset(c, [f]))) out.ignored.push(`${prefix}.containers[].${f}`);
}

function workloadNotes(raw: unknown, w: Workload, out: ObjectNotes): void {
  const d = (path: string[], text: string) => { if (unset(raw, ['spec', ...path])) out.defaulted.push(text); };
  switch (w.kind) {
    case 'Deployment':
      d(['replicas'], `replicas ${w.replicas}`);
      d(['strategy', 'type'], `strategy ${w.strategy}`);
      if (w.strategy === 'RollingUpdate') {
        d(['strategy', 'rollingUpdate', 'maxSurge'], `maxSurge ${ip(w.maxSurge)}`);
        d(['strategy', 'rollingUpdate', 'maxUnavailable'], `maxUnavailable ${ip(w.maxUnavailable)}`);
      }
      d(['revisionHistoryLimit'], `revisionHistoryLimit ${w.revisionHistoryLimit}`);
      d(['progressDeadlineSeconds'], `progressDeadlineSeconds ${w.progressDeadlineSeconds}`);
      break;
    case 'StatefulSet':
      d(['replicas'], `replicas ${w.replicas}`);
      d(['podManagementPolicy'], `podManagementPolicy ${w.podManagementPolicy}`);
      d(['updateStrategy', 'type'], `updateStrategy ${w.strategy}`);
      break;
    case 'DaemonSet':
      d(['updateStrategy', 'type'], `updateStrategy ${w.strategy}`);
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      d(['replicas'], `replicas ${w.replicas}`);
      if (w.kind === 'ReplicationController') d(['selector'], 'selector from the template labels');
      break;
    case 'Job':
      d(['backoffLimit'], `backoffLimit ${w.backoffLimit}`);
      d(['parallelism'], `parallelism ${w.parallelism}`);
      break;
    case 'CronJob':
      d(['concurrencyPolicy'], `concurrencyPolicy ${w.cron?.concurrencyPolicy}`);
      d(['jobTemplate', 'spec', 'backoffLimit'], `backoffLimit ${w.backoffLimit}`);
      d(['successfulJobsHistoryLimit'], `successfulJobsHistoryLimit ${w.cron?.successfulJobsHistoryLimit}`);
      d(['failedJobsHistoryLimit'], `failedJobsHistoryLimit ${w.cron?.failedJobsHistoryLimit}`);
      break;
    default:
      break;
  }
  const specPath = w.kind === 'Pod' ? ['spec'] : w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'spec'] : ['spec', 'template', 'spec'];
  templateNotes(raw, specPath, w, out);
}

/** The notes of an object read as `value`. */
export function objectNotes(raw: unknown, value: Workload | ServiceSpec | PdbSpec, kind: string): ObjectNotes {
  const out: ObjectNotes = { defaulted: [], ignored: [] };
  if (kind === 'Service') {
    if (unset(raw, ['spec', 'type'])) out.defaulted.push(`type ${(value as ServiceSpec).type}`);
    // serving follows kube-proxy's Cluster policy without topology hints (src/kubeproxy/views.ts).
    if (at(raw, ['spec', 'internalTrafficPolicy']) === 'Local') out.ignored.push('spec.internalTrafficPolicy');
    if (!unset(raw, ['spec', 'trafficDistribution'])) out.ignored.push('spec.trafficDistribution');
  } else if (kind === 'PodDisruptionBudget') {
    if (unset(raw, ['spec', 'unhealthyPodEvictionPolicy'])) out.defaulted.push(`unhealthyPodEvictionPolicy ${(value as PdbSpec).unhealthyPodEvictionPolicy}`);
  } else {
    workloadNotes(raw, value as Workload, out);
  }
  return out;
}
