/**
 * The application's own failures, as the kubelets meet them: images of a bad release (a
 * `rollout` fault with `fails`) and workloads whose containers crash (`container-crash`). Plus
 * the kubelet's restart back-off (pkg/kubelet/kubelet.go: `backOffPeriod` 10 s,
 * `MaxContainerBackOff` 300 s, one `flowcontrol.Backoff` for containers and one for image pulls;
 * k8s.io/client-go/util/flowcontrol/backoff.go; pkg/kubelet/kuberuntime `doBackOff`).
 */
import { SEC, type Time } from '../kernel/time.js';

/** How the pods of a bad image fail. */
export const IMAGE_FAILURES = ['never-ready', 'crash-loop', 'pull-error'] as const;
export type ImageFailure = (typeof IMAGE_FAILURES)[number];

/** backOffPeriod. */
export const BACKOFF_INITIAL_US: Time = 10 * SEC;
/** MaxContainerBackOff. */
export const BACKOFF_MAX_US: Time = 300 * SEC;
/** A back-off entry not updated for 2 × the maximum is forgotten (backoff.go `hasExpired`): 10 min. */
export const BACKOFF_RESET_US: Time = 2 * BACKOFF_MAX_US;
/** How long a crashing container runs before it exits (inferred: it fails during start-up, before any readiness probe passes). */
export const CRASH_AFTER_US: Time = 1 * SEC;

/** A container's back-off entry (flowcontrol.Backoff's per-key entry): `delayUs` 0 = none. */
export interface BackoffEntry {
  delayUs: Time;
  /** lastUpdate: when `next` was last called. */
  updatedUs: Time;
}

/** A fresh (empty) entry. */
export function newBackoff(): BackoffEntry {
  return { delayUs: 0, updatedUs: 0 };
}

/**
 * The restart of a container that exited at `finishedUs`, asked at `nowUs` (its next pod sync):
 * how long it still waits (`IsInBackOffSince`: no entry, or one expired → 0), and the entry as
 * `Next` leaves it when the restart happens (first: 10 s, then doubled up to 300 s).
 */
export function restartDelay(e: BackoffEntry, finishedUs: Time, nowUs: Time): Time {
  if (e.delayUs === 0 || nowUs - e.updatedUs > BACKOFF_RESET_US) return 0;
  return Math.max(0, finishedUs + e.delayUs - nowUs);
}

/** `Next` at a restart at `nowUs`. */
export function backoffNext(e: BackoffEntry, nowUs: Time): void {
  e.delayUs = e.delayUs === 0 || nowUs - e.updatedUs > BACKOFF_RESET_US ? BACKOFF_INITIAL_US : Math.min(2 * e.delayUs, BACKOFF_MAX_US);
  e.updatedUs = nowUs;
}

/** The registry the kubelets consult; fault actions fill it. */
export class AppFaults {
  private readonly images = new Map<string, ImageFailure>();
  /** Workload keys whose containers crash, with the number of faults holding each. */
  private readonly crashing = new Map<string, number>();
  private readonly crashListeners: Array<(workload: string) => void> = [];

  /** The pods of `image` fail as `how` from now on. */
  markImage(image: string, how: ImageFailure): void {
    this.images.set(image, how);
  }

  /** How pods of `image` fail, if they do. */
  imageFailure(image: string): ImageFailure | undefined {
    return this.images.size === 0 ? undefined : this.images.get(image);
  }

  /** Whether the containers of `workload` crash now. */
  isCrashing(workload: string): boolean {
    return this.crashing.size > 0 && (this.crashing.get(workload) ?? 0) > 0;
  }

  /** Starts (`on`) or ends one `container-crash` hold on `workload`; listeners hear a start. */
  setCrashing(workload: string, on: boolean): void {
    const n = (this.crashing.get(workload) ?? 0) + (on ? 1 : -1);
    if (n > 0) this.crashing.set(workload, n);
    else this.crashing.delete(workload);
    if (on) for (const fn of this.crashListeners) fn(workload);
  }

  /** Calls `fn` when a workload's containers start crashing. */
  onCrash(fn: (workload: string) => void): void {
    this.crashListeners.push(fn);
  }
}
