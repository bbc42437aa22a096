/**
 * What one kubelet knows about one pod it runs: the stage of its containers, the truth of its
 * readiness and the status it wants the API to show. Pure helpers; `pods.ts` drives them.
 */
import type { PodObj, PodPhase } from '../apiserver/objects.js';
import type { Readiness } from '../manifests/types.js';
import type { EventId } from '../kernel/sim.js';
import { SEC, type Time } from '../kernel/time.js';
import { parseDuration } from '../units/duration.js';
import { newBackoff, type BackoffEntry } from './appfaults.js';

/**
 * Where a pod's containers are.
 * - `waiting`: admitted, nothing in progress (the kubelet stopped before it could start them);
 * - `pulling`, `starting`: image pull / container create+start in progress;
 * - `probing`: running, readiness not passed yet; `ready`: running and ready;
 * - `exited`: a run-to-completion container exited 0; `failed`: one (restartPolicy Never) died with its host;
 * - `stopping`: being killed after deletion; `stopped`: killed, deletion not yet confirmed;
 * - `dead`: the host went down under it;
 * - `crashed`: its container exited with an error and waits for its restart (CrashLoopBackOff).
 */
export type Stage = 'waiting' | 'pulling' | 'starting' | 'probing' | 'ready' | 'exited' | 'failed' | 'stopping' | 'stopped' | 'dead' | 'crashed';

/** A status the kubelet wants the API to show. */
export interface PodStatus {
  phase: PodPhase;
  ready: boolean;
  restarts: number;
}

/** The kubelet's record of one pod. */
export interface PodRun {
  pod: PodObj;
  stage: Stage;
  /** Pending stage event (pull done, started, ready, stop done), or -1. */
  timer: EventId;
  /** Pending exit of a run-to-completion container, or -1. */
  exitTimer: EventId;
  /** Whether the pod truly serves (containers run and pass readiness); mirrors `metrics.podTruth`. */
  truth: boolean;
  /** Container restarts (a reboot restarts them). */
  restarts: number;
  /** Whether its containers have ever started (the phase is Running from then on). */
  everStarted: boolean;
  /** Sequence of the last status write submitted, and of the last one that committed. */
  seq: number;
  committedSeq: number;
  /** A status or a deletion confirmation that could not be written yet. */
  dirty: boolean;
  /** Status writes submitted whose answer (commit or failure) has not come yet. */
  inFlight: number;
  /** When this pod's readiness probe worker runs its first probe; its ticks follow every period from there. */
  workerUs: Time;
  /** The container's restart back-off entry (crash loops). */
  backoff: BackoffEntry;
}

/** A fresh record for a pod just admitted, whose probe worker starts probing at `workerUs`. */
export function newRun(pod: PodObj, workerUs: Time): PodRun {
  return {
    pod, stage: 'waiting', timer: -1, exitTimer: -1, truth: false, restarts: pod.restarts, everStarted: false,
    seq: 0, committedSeq: 0, dirty: false, inFlight: 0, workerUs, backoff: newBackoff(),
  };
}

/** Whether the pod's containers are running (so killing them takes the stop time). */
export function containersRunning(run: PodRun): boolean {
  return run.stage === 'probing' || run.stage === 'ready';
}

/** Whether the pod runs to completion (Job pods) rather than forever. */
export function runsToCompletion(pod: PodObj): boolean {
  return pod.template.restartPolicy !== 'Always';
}

/** Annotation giving how long a run-to-completion pod's containers run before exiting 0. */
export const RUN_DURATION_ANNOTATION = 'kubeblast.io/run-duration';
/** kubeblast's own default run time of a Job pod when the annotation is absent or unreadable. */
export const DEFAULT_RUN_DURATION_US: Time = 60 * SEC;

/** How long a run-to-completion pod's containers run. */
export function runDuration(pod: PodObj): Time {
  const text = pod.template.annotations[RUN_DURATION_ANNOTATION];
  if (text === undefined) return DEFAULT_RUN_DURATION_US;
  try {
    return parseDuration(text);
  } catch {
    return DEFAULT_RUN_DURATION_US;
  }
}

/**
 * When a pod whose containers started at `startedUs` passes readiness, its probe worker having
 * begun probing at `workerUs` — ref: pkg/kubelet/prober/worker.go `run` and `doProbe`:
 * - the worker is created when the pod is admitted (prober_manager.go `AddPod`, called from
 *   HandlePodAdditions), probes once at once and then on a `time.Ticker` of periodSeconds, so
 *   every probe falls on `workerUs + k × period`, whatever the container does;
 * - doProbe skips (no result) while `int32(time.Since(StartedAt).Seconds()) < initialDelaySeconds`,
 *   i.e. the first probe that counts is the first tick at or after `startedUs + initialDelay`;
 * - readiness needs successThreshold consecutive successes, one per tick;
 * - prober_manager.go `UpdatePodStatus` sends the worker a manual trigger when it finds a running
 *   container with no readiness result yet; with initialDelaySeconds 0 that probe counts at the
 *   container's start (⚠ the PLEG relist that reports the start, ≤ 1 s, is not modelled; with a
 *   positive initial delay the triggered probe is skipped, and later pod syncs are rare enough to ignore).
 * Without a readinessProbe the pod is ready when its containers start. ⚠ Probes always succeed
 * (the application is healthy) and take no time.
 */
export function readinessPassesAt(startedUs: Time, workerUs: Time, r: Readiness | null): Time {
  if (r === null) return startedUs;
  const need = Math.max(1, r.successThreshold);
  const manual = r.initialDelayUs === 0 && startedUs >= workerUs ? 1 : 0;
  if (manual >= need) return startedUs;
  const fromUs = startedUs + r.initialDelayUs;
  let tick = workerUs + Math.max(0, Math.ceil((fromUs - workerUs) / r.periodUs)) * r.periodUs;
  if (manual === 1 && tick <= startedUs) tick += r.periodUs; // that tick is the triggered probe itself
  return tick + (need - manual - 1) * r.periodUs;
}

/** The status the kubelet wants reported for a pod in its stage, or null when it reports none (terminating, dead). */
export function desiredStatus(run: PodRun): PodStatus | null {
  const phase: PodPhase = run.everStarted ? 'Running' : 'Pending';
  switch (run.stage) {
    case 'waiting':
    case 'pulling':
    case 'starting':
    case 'probing':
    case 'crashed':
      return { phase, ready: false, restarts: run.restarts };
    case 'ready':
      return { phase: 'Running', ready: true, restarts: run.restarts };
    case 'exited':
      return { phase: 'Succeeded', ready: false, restarts: run.restarts };
    case 'failed':
      return { phase: 'Failed', ready: false, restarts: run.restarts };
    default:
      return null;
  }
}

/** Whether the API already shows `s` for the pod. */
export function statusMatches(pod: PodObj, s: PodStatus): boolean {
  return pod.phase === s.phase && pod.ready === s.ready && pod.restarts === s.restarts;
}
