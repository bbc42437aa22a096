/**
 * The pods each PodDisruptionBudget selects, with running counts kept at every pod change: how
 * many are healthy (Ready and not being deleted) and which controllers own them. A budget's sync
 * then costs the number of its owners rather than a scan of its pods (a budget over a Deployment
 * of 1,000 pods is synced each time one of them changes). Selection is fixed per pod (labels never
 * change), so a pod's budgets are looked up once.
 */
import type { OwnerRef, PodObj } from '../../apiserver/objects.js';
import { UidBytes } from '../uidbytes.js';
import type { PdbObj } from './object.js';

/** What one budget's status needs to know of its pods. */
export interface PdbMemberCounts {
  /** Selected pods that are Ready and have no deletionTimestamp (countHealthyPods before pending evictions). */
  healthy: number;
  /** Controllers of the selected pods, by key, with how many of the pods each owns. */
  owners: Map<string, { ref: OwnerRef; pods: number }>;
}

function isHealthy(p: PodObj): boolean {
  return p.ready && p.deletionTimestamp < 0;
}

/** Pods by budget, with counts. */
export class PdbMembers {
  private readonly pods = new Map<string, Set<PodObj>>();
  private readonly counts = new Map<string, PdbMemberCounts>();
  /** By pod uid: 1 if the tracked pod counted as healthy at its last change, 0 if not, −1 untracked. */
  private readonly healthy = new UidBytes();

  /** `budgetsOf` gives the budgets that select a pod. */
  constructor(private readonly budgetsOf: (pod: PodObj) => readonly PdbObj[]) {}

  /** The selected pods of a budget, in the order they were created. */
  of(key: string): ReadonlySet<PodObj> {
    return this.pods.get(key) ?? new Set();
  }

  /** The running counts of a budget's pods. */
  countsOf(key: string): PdbMemberCounts {
    return this.counts.get(key) ?? { healthy: 0, owners: new Map() };
  }

  /** A pod was created. */
  add(pod: PodObj): void {
    const budgets = this.budgetsOf(pod);
    if (budgets.length === 0) return;
    const h = isHealthy(pod);
    this.healthy.set(pod.uid, h ? 1 : 0);
    for (const pdb of budgets) {
      let set = this.pods.get(pdb.key);
      let c = this.counts.get(pdb.key);
      if (!set || !c) {
        this.pods.set(pdb.key, (set = new Set()));
        this.counts.set(pdb.key, (c = { healthy: 0, owners: new Map() }));
      }
      set.add(pod);
      if (h) c.healthy++;
      if (pod.owner) {
        const o = c.owners.get(pod.owner.key);
        if (o) o.pods++;
        else c.owners.set(pod.owner.key, { ref: pod.owner, pods: 1 });
      }
    }
  }

  /** A pod changed (status, deletion started): its health may have. */
  update(pod: PodObj): void {
    const tracked = this.healthy.get(pod.uid);
    if (tracked < 0) return;
    const h = isHealthy(pod);
    if (h === (tracked === 1)) return;
    this.healthy.set(pod.uid, h ? 1 : 0);
    for (const pdb of this.budgetsOf(pod)) this.counts.get(pdb.key)!.healthy += h ? 1 : -1;
  }

  /** A pod was removed. */
  remove(pod: PodObj): void {
    const tracked = this.healthy.get(pod.uid);
    if (tracked < 0) return;
    const was = tracked === 1;
    this.healthy.set(pod.uid, -1);
    for (const pdb of this.budgetsOf(pod)) {
      this.pods.get(pdb.key)!.delete(pod);
      const c = this.counts.get(pdb.key)!;
      if (was) c.healthy--;
      if (!pod.owner) continue;
      const o = c.owners.get(pod.owner.key)!;
      if (--o.pods === 0) c.owners.delete(pod.owner.key);
    }
  }
}
