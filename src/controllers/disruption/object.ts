/**
 * PodDisruptionBudget API objects (policy/v1): the spec from the manifests and the status the
 * disruption controller writes and the Eviction API decrements. Stored like every API object:
 * mutated only inside commits; `resourceVersion` lets a status write detect that an eviction
 * changed the object since it was read (optimistic concurrency, as UpdateStatus does upstream).
 */
import { LabelSetCache, type PodObj } from '../../apiserver/objects.js';
import type { Time } from '../../kernel/time.js';
import type { PdbSpec } from '../../manifests/types.js';
import { ObjectStore } from '../replicaset/objectstore.js';

/** PodDisruptionBudgetStatus. */
export interface PdbStatus {
  /** Generation the controller last computed the status for (0: never; evictions get 429 until then). */
  observedGeneration: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  /** Pods whose eviction was approved but whose deletion the controller has not seen yet: name → approval time. */
  disruptedPods: Map<string, Time>;
  /** The DisruptionAllowed condition's reason when the controller could not compute (`SyncFailed`), else ''. */
  syncFailed: string;
}

/** A PodDisruptionBudget object. */
export interface PdbObj {
  key: string;
  namespace: string;
  name: string;
  spec: PdbSpec;
  /** metadata.generation (specs never change during a run). */
  generation: number;
  /** Incremented at every committed change. */
  resourceVersion: number;
  status: PdbStatus;
}

/** What changed. */
export type PdbChange = 'created' | 'status';

/** The committed PDBs, with the PDBs selecting each pod (the Eviction API's list-and-filter, cached: labels never change). */
export class PdbStore extends ObjectStore<PdbObj, PdbChange> {
  /**
   * The answer per namespace and label set: pods of one template share their labels, and matching
   * every budget's selector for each new pod showed in profiles. Cleared when a budget is created
   * (all are, at t = 0); the arrays are shared and never mutated.
   */
  private readonly byLabels = new LabelSetCache<PdbObj[]>((namespace, labels) => {
    const out: PdbObj[] = [];
    for (const pdb of this.values()) {
      if (pdb.namespace === namespace && !pdb.spec.selector.nothing && pdb.spec.selector.matches(labels)) out.push(pdb);
    }
    return out;
  });

  /** Creates the PDB object of a manifest (initial object, t = 0). */
  create(spec: PdbSpec): PdbObj {
    const pdb: PdbObj = {
      key: spec.key,
      namespace: spec.namespace,
      name: spec.name,
      spec,
      generation: 1,
      resourceVersion: 1,
      status: { observedGeneration: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0, disruptedPods: new Map(), syncFailed: '' },
    };
    this.byLabels.clear();
    this.add(pdb, 'created');
    return pdb;
  }

  /** The PDBs whose selector matches the pod (same namespace; a selector that selects nothing never matches). */
  forPod(pod: PodObj): PdbObj[] {
    // By labels object, not by pod: the PDBs all exist before any pod is looked up (initial
    // objects), and a per-pod map of 150,000 entries cost a cache miss per pod change at 5,000 nodes.
    return this.byLabels.get(pod.namespace, pod.labels);
  }

  /** Replaces the status inside a commit. */
  setStatus(pdb: PdbObj, status: PdbStatus): void {
    pdb.status = status;
    pdb.resourceVersion++;
    this.changed(pdb, 'status');
  }
}
