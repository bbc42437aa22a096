/**
 * Per-cycle state (framework.CycleState): what PreFilter and PreScore computed for the pod being
 * scheduled, read by Filter and Score for every node. Slots are indexed by plugin id, so a read is
 * an array access. One object is reused across cycles; `reset` clears it for the next pod.
 */
import type { PodInfo } from '../cache/pod-info.js';
import type { Victims } from '../preemption/victims.js';

/** Slot of a plugin's PreScore data (its PreFilter data is at its id). */
export function scoreSlot(pluginId: number): number {
  return pluginId + 16;
}

/** The state of one scheduling cycle. */
export class CycleState {
  /** Monotonic cycle number (the queue's schedulingCycle). */
  cycle = 0;
  /** Plugins whose PreFilter returned Skip (bit mask). */
  skipFilter = 0;
  /** Plugins whose PreScore returned Skip (bit mask). */
  skipScore = 0;
  /** What DefaultPreemption chose in this cycle (node and victims), or null. */
  nomination: Victims | null = null;
  /** PreFilterResult: the only nodes worth filtering (by name), or null for every node. */
  nodeNames: readonly string[] | null = null;
  private readonly slots: unknown[] = [];
  private podInfo: PodInfo | null = null;

  /** The pod of this cycle. */
  get pod(): PodInfo {
    return this.podInfo!;
  }

  /** Starts a new cycle for `pod`. */
  reset(pod: PodInfo): void {
    this.cycle++;
    this.podInfo = pod;
    this.skipFilter = 0;
    this.skipScore = 0;
    this.nomination = null;
    this.nodeNames = null;
    this.slots.fill(undefined);
  }

  /** Stores a plugin's data for this cycle. */
  write(slot: number, data: unknown): void {
    this.slots[slot] = data;
  }

  /** Reads what the plugin stored in this cycle. */
  read<T>(slot: number): T {
    return this.slots[slot] as T;
  }
}
