/**
 * batch/v1 Jobs and CronJobs (pkg/apis/batch/v1/defaults.go, pkg/apis/batch/validation,
 * pkg/registry/batch/job/strategy.go) and bare v1 Pods.
 */
import { fail, parseObject, posAt, warn, type ObjectCtx } from './context.js';
import { CronError, parseCron } from './cron.js';
import { schemas, strictSchemas } from './schema.js';
import { compileSelector, nothingSelector } from './selector.js';
import { buildPodTemplate } from './template.js';
import type { Workload } from './types.js';
import { baseWorkload, checkRestartPolicy, objectKey, workloadSelector } from './workload.js';

/** The label the API server puts on a Job's pods (pkg/apis/batch/types.go JobNameLabel). */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The legacy form of the same label (pkg/apis/batch/types.go LegacyJobNameLabel), still added. */
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/**
 * Job completions and parallelism as `SetDefaults_Job` sets them: both unset → 1 and 1;
 * completions only → parallelism 1; parallelism only → completions stay unset (a work queue:
 * done when any pod succeeds).
 */
export function jobCounts(completions: number | null | undefined, parallelism: number | null | undefined): { completions: number | null; parallelism: number } {
  if ((completions ?? null) === null && (parallelism ?? null) === null) return { completions: 1, parallelism: 1 };
  return { completions: completions ?? null, parallelism: parallelism ?? 1 };
}

/**
 * A Job: backoffLimit 6 by default; its template must say restartPolicy OnFailure or Never (unset
 * defaults to Always, which the API server rejects for a Job). Unless `manualSelector` is set, the
 * API server generates the selector and pod labels (`generateSelector`); kubeblast selects on the
 * `batch.kubernetes.io/job-name` label it adds, where the API server uses the Job's uid
 * (⚠ equivalent while Job names are unique per namespace, which duplicate checks ensure).
 * `replicas` is the pods run at once at the start: min(parallelism, completions).
 */
export function readJob(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.job, strictSchemas.job);
  const spec = obj.spec;
  checkRestartPolicy(ctx, 'Job', spec.template.spec.restartPolicy, ['OnFailure', 'Never']);
  const manual = spec.manualSelector === true;
  const own = spec.template.metadata?.labels ?? {};
  const extraLabels: Record<string, string> = {};
  if (!manual) {
    for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(key in own)) extraLabels[key] = obj.metadata.name;
  }
  const paths = { meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] };
  const template = buildPodTemplate(ctx, spec.template.metadata, spec.template.spec, paths, { extraLabels });
  const selectorIn = manual
    ? spec.selector
    : { matchLabels: { ...(spec.selector?.matchLabels ?? {}), [JOB_NAME_LABEL]: obj.metadata.name }, matchExpressions: spec.selector?.matchExpressions ?? [] };
  const selector = workloadSelector(ctx, 'Job', selectorIn, template.labels);
  const w = baseWorkload(ctx, 'Job', obj.metadata, template, selector);
  const counts = jobCounts(spec.completions, spec.parallelism);
  w.completions = counts.completions;
  w.parallelism = counts.parallelism;
  w.replicas = counts.completions === null ? counts.parallelism : Math.min(counts.parallelism, counts.completions);
  w.backoffLimit = spec.backoffLimit ?? 6;
  return w;
}

/**
 * A bare Pod: one replica, never replaced. Its selector is its own labels (nothing when it has
 * none), so that a Service or PDB view of "the pods of this workload" includes exactly it.
 */
export function readPod(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.pod, strictSchemas.pod);
  const template = buildPodTemplate(ctx, obj.metadata, obj.spec, { meta: ['metadata'], spec: ['spec'] }, { requireImage: true });
  const labels = obj.metadata.labels ?? {};
  const selector = Object.keys(labels).length > 0 ? compileSelector({ matchLabels: labels }, 'labelSelector') : nothingSelector;
  return baseWorkload(ctx, 'Pod', obj.metadata, template, selector);
}

/**
 * A batch/v1 CronJob: its jobTemplate read as a Job (same defaults and checks, positions inside
 * `spec.jobTemplate`), plus the schedule (parsed as kube-controller-manager does, cron.ts) and
 * `SetDefaults_CronJob`: concurrencyPolicy Allow, suspend false, history limits 3 successful and
 * 1 failed Job. `spec.timeZone` other than UTC
 * is not simulated (kubeblast's calendar is UTC; a warning says so).
 */
export function readCronJob(ctx: ObjectCtx, raw: unknown): Workload {
  const obj = parseObject(ctx, raw, schemas.cronJob, strictSchemas.cronJob);
  const spec = obj.spec;
  try {
    parseCron(spec.schedule);
  } catch (err) {
    if (err instanceof CronError) throw fail(ctx, ['spec', 'schedule'], `invalid schedule ${JSON.stringify(spec.schedule)}: ${err.message}`);
    throw err;
  }
  if (spec.timeZone && spec.timeZone !== 'UTC' && spec.timeZone !== 'Etc/UTC') {
    warn(ctx, ['spec', 'timeZone'], `time zone ${spec.timeZone} is not simulated; the schedule runs in UTC`);
  }
  const jobCtx: ObjectCtx = { ...ctx, prefix: [...ctx.prefix, 'spec', 'jobTemplate'] };
  const asJob = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace }, spec: spec.jobTemplate.spec };
  const w = readJob(jobCtx, asJob);
  w.kind = 'CronJob';
  w.key = objectKey('CronJob', w.namespace, w.name);
  w.source = posAt(ctx, []);
  w.replicas = 0;
  w.cron = {
    schedule: spec.schedule,
    concurrencyPolicy: spec.concurrencyPolicy ?? 'Allow',
    startingDeadlineSeconds: spec.startingDeadlineSeconds ?? null,
    suspend: spec.suspend ?? false,
    successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? 3,
    failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? 1,
  };
  return w;
}
