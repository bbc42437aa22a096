/**
 * Which (apiVersion, kind) pairs kubeblast simulates, and what happens to the rest: listed as
 * ignored, with a warning when the apiVersion is a known one that Kubernetes has removed.
 */
import { readDaemonSet, readDeployment, readReplicaSet, readStatefulSet } from './apps.js';
import { readCronJob, readJob, readPod } from './batch.js';
import { readReplicationController } from './core.js';
import { posAt, warn, type ObjectCtx } from './context.js';
import { deprecatedMessage, removedMessage } from './removed.js';
import { readPdb, readService } from './service.js';
import type { IgnoredObject, PdbSpec, ServiceSpec, Workload } from './types.js';

/** What reading one object gave. */
export type ReadResult =
  | { type: 'workload'; value: Workload }
  | { type: 'service'; value: ServiceSpec }
  | { type: 'pdb'; value: PdbSpec }
  | { type: 'ignored'; value: IgnoredObject };

type Reader = (ctx: ObjectCtx, raw: unknown) => ReadResult;

const workload = (read: (ctx: ObjectCtx, raw: unknown) => Workload): Reader => (ctx, raw) => ({ type: 'workload', value: read(ctx, raw) });

/** The simulated kinds, by `apiVersion kind`. */
const READERS: ReadonlyMap<string, Reader> = new Map<string, Reader>([
  ['apps/v1 Deployment', workload(readDeployment)],
  ['apps/v1 ReplicaSet', workload(readReplicaSet)],
  ['apps/v1 StatefulSet', workload(readStatefulSet)],
  ['apps/v1 DaemonSet', workload(readDaemonSet)],
  ['batch/v1 Job', workload(readJob)],
  ['batch/v1 CronJob', workload(readCronJob)],
  ['v1 Pod', workload(readPod)],
  ['v1 ReplicationController', workload(readReplicationController)],
  ['v1 Service', (ctx, raw) => ({ type: 'service', value: readService(ctx, raw) })],
  ['policy/v1 PodDisruptionBudget', (ctx, raw) => ({ type: 'pdb', value: readPdb(ctx, raw, false) })],
  [
    'policy/v1beta1 PodDisruptionBudget',
    (ctx, raw) => {
      // ref: Kubernetes 1.25 release notes / deprecation guide — policy/v1beta1 PodDisruptionBudget removed.
      warn(ctx, ['apiVersion'], 'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; read as policy/v1 (an empty selector still selects no pods, as in v1beta1)');
      return { type: 'pdb', value: readPdb(ctx, raw, true) };
    },
  ],
]);

/** Reads one object by its apiVersion and kind; anything not simulated is returned as ignored. */
export function readObject(ctx: ObjectCtx, header: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string | null } }, raw: unknown): ReadResult {
  const id = `${header.apiVersion} ${header.kind}`;
  const reader = READERS.get(id);
  if (reader) return reader(ctx, raw);
  const message = removedMessage(id, ctx.opts.kubernetesMinor) ?? deprecatedMessage(id);
  if (message) warn(ctx, ['apiVersion'], message);
  const value: IgnoredObject = { apiVersion: header.apiVersion, kind: header.kind, name: header.metadata.name, source: posAt(ctx, []) };
  if (header.metadata.namespace) value.namespace = header.metadata.namespace;
  return { type: 'ignored', value };
}
