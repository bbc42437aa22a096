/**
 * The result of a plugin at an extension point, as upstream's framework.Status
 * (pkg/scheduler/framework/interface.go): a code and the reasons a node was rejected. Plugins
 * return a status instead of throwing; statuses without a per-node detail are shared constants,
 * so the filter loop allocates nothing on the happy path.
 */

/** Status codes (framework.Code). */
export const Code = {
  /** The plugin ran and the pod may go on. */
  Success: 0,
  /** The node cannot host the pod now; preemption or a cluster event may change that. */
  Unschedulable: 1,
  /** The node cannot host the pod and preemption cannot help. */
  UnschedulableAndUnresolvable: 2,
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is not run. */
  Skip: 3,
} as const;

/** One of `Code`. */
export type StatusCode = (typeof Code)[keyof typeof Code];

/** A plugin's verdict: a code, the reasons (for the FitError histogram) and who said it. */
export class Status {
  constructor(
    readonly code: StatusCode,
    readonly reasons: readonly string[] = [],
  ) {}

  /** Whether the code is Success. */
  get ok(): boolean {
    return this.code === Code.Success;
  }

  /** The reasons joined, as Status.Message(). */
  get message(): string {
    return this.reasons.join(', ');
  }
}

/** The shared Success status. */
export const SUCCESS = new Status(Code.Success);
/** The shared Skip status. */
export const SKIP = new Status(Code.Skip);

/** An Unschedulable status with the given reasons. */
export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

/** An UnschedulableAndUnresolvable status with the given reasons. */
export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

/**
 * Statuses whose reason is built from data (a taint's key and value): one object per distinct
 * message, so a cluster full of tainted nodes does not allocate one status per node per cycle.
 */
export class StatusCache {
  private readonly byMessage = new Map<string, Status>();

  constructor(private readonly code: StatusCode) {}

  /** The status with this one reason. */
  get(reason: string): Status {
    let s = this.byMessage.get(reason);
    if (!s) {
      s = new Status(this.code, [reason]);
      this.byMessage.set(reason, s);
    }
    return s;
  }
}
