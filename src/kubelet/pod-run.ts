/**
 * What one kubelet knows about one pod it runs: the stage of its containers, the truth of its
 * readiness and the status it wants the API to show. Pure helpers; `pods.ts` drives them.
 */
import type { PodObj, PodPhase } from '../apiserver/objects.js';
import type { EventId } from '../kernel/sim.js';
import { SEC, type Time } from '../kernel/time.js';
import { parseDuration } from '../units/duration.js';

/**
 * Where a pod's containers are.
 * - `waiting`: admitted, nothing in progress (the kubelet stopped before it could start them);
 * - `pulling`, `starting`: image pull / container create+start in progress;
 * - `probing`: running, readiness not passed yet; `ready`: running and ready;
 * - `exited`: a run-to-completion container exited 0; `failed`: one (restartPolicy Never) died with its host;
 * - `stopping`: being killed after deletion; `stopped`: killed, deletion not yet confirmed;
 * - `dead`: the host went down under it.
 */
export type Stage = 'waiting' | 'pulling' | 'starting' | 'probing' | 'ready' | 'exited' | 'failed' | 'stopping' | 'stopped' | 'dead';

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
}

/** A fresh record for a pod just admitted. */
export function newRun(pod: PodObj): PodRun {
  return { pod, stage: 'waiting', timer: -1, exitTimer: -1, truth: false, restarts: pod.restarts, everStarted: false, seq: 0, committedSeq: 0, dirty: false };
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
 * Time from container start to Ready. No readiness probe: ready once started. With one: the first
 * probe that counts runs after initialDelaySeconds and successThreshold consecutive successes are
 * needed, one per period — ref: pkg/kubelet/prober/worker.go (doProbe skips probes before the
 * initial delay; resultRun ≥ successThreshold). ⚠ The probe ticker's offset is ignored.
 */
export function readinessDelay(pod: PodObj): Time {
  const r = pod.template.readiness;
  if (r === null) return 0;
  return r.initialDelayUs + Math.max(0, r.successThreshold - 1) * r.periodUs;
}

/** The status the kubelet wants reported for a pod in its stage, or null when it reports none (terminating, dead). */
export function desiredStatus(run: PodRun): PodStatus | null {
  const phase: PodPhase = run.everStarted ? 'Running' : 'Pending';
  switch (run.stage) {
    case 'waiting':
    case 'pulling':
    case 'starting':
    case 'probing':
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
