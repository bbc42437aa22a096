/**
 * Controller expectations (pkg/controller/controller_utils.go `ControllerExpectations`): the
 * creates and deletes a controller has issued for a key and not yet seen land. While any is
 * outstanding the key is not managed again, so a sync never counts a pod twice or double-creates
 * (upstream: `SatisfiedExpectations`). Here a write either commits or fails (the write path
 * reports failure after the etcd request timeout), so outstanding counts always drain and the
 * upstream 5-minute expectation TTL never matters; a dead process's expectations die with it
 * (`clear` on stop/start).
 */
export class Expectations {
  private readonly pending = new Map<string, number>();

  /** `onSatisfied` runs when a key's last outstanding write lands (the owner re-enqueues it). */
  constructor(private readonly onSatisfied: (key: string) => void) {}

  /** Records `n` writes issued for `key`. */
  expect(key: string, n: number): void {
    if (n <= 0) return;
    this.pending.set(key, (this.pending.get(key) ?? 0) + n);
  }

  /** One write for `key` committed or failed (CreationObserved / DeletionObserved). */
  observe(key: string, n = 1): void {
    const left = (this.pending.get(key) ?? 0) - n;
    if (left > 0) {
      this.pending.set(key, left);
      return;
    }
    if (!this.pending.delete(key)) return;
    this.onSatisfied(key);
  }

  /** Whether nothing is outstanding for `key`. */
  satisfied(key: string): boolean {
    return !this.pending.has(key);
  }

  /** Forgets everything (the process ended or a new one starts). */
  clear(): void {
    this.pending.clear();
  }
}

/**
 * Requeue-after with de-duplication: at most one pending wake-up per key, at the earliest time
 * asked for (the workqueue's `AddAfter` keeps the earliest too). For minReadySeconds and
 * deadlines: one event per transition, never polling.
 */
export class Wakeups {
  private readonly at = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly schedule: (key: string, delayUs: number) => void,
  ) {}

  /** Reconciles `key` at time `t` (or earlier if already due earlier). */
  wakeAt(key: string, t: number): void {
    const now = this.now();
    const pending = this.at.get(key);
    if (pending !== undefined && pending > now && pending <= t) return;
    this.at.set(key, t);
    this.schedule(key, Math.max(0, t - now));
  }

  /** Forgets pending wake-ups (their events are dropped by the generation check). */
  clear(): void {
    this.at.clear();
  }
}
