/**
 * StatefulSet API objects with their ControllerRevisions (the templates of past and present
 * revisions, numbered, for partitioned updates and `rollout undo`). Mutated only inside commits.
 * ⚠ Upstream the controller creates a ControllerRevision when it first sees a new template; here
 * the revision is recorded by the commit that changes the template (the same content, one write fewer).
 */
import type { PodTemplate, Selector, Workload } from '../../manifests/types.js';
import { templateHash } from '../replicaset/names.js';
import { ObjectStore } from '../replicaset/objectstore.js';

/** A ControllerRevision of a StatefulSet. */
export interface StsRevision {
  /** `<set>-<hash>`: the pods' controller-revision-hash label. */
  name: string;
  template: PodTemplate;
  /** Revision number (re-numbered to the newest when a template is re-applied). */
  revision: number;
}

/** StatefulSetStatus (the fields kubeblast uses). */
export interface StsStatus {
  observedGeneration: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  currentRevision: string;
  updateRevision: string;
}

/** A StatefulSet. */
export interface StatefulSetObj {
  key: string;
  namespace: string;
  name: string;
  replicas: number;
  selector: Selector;
  template: PodTemplate;
  minReadySeconds: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  strategy: 'RollingUpdate' | 'OnDelete';
  partition: number;
  generation: number;
  /** The revision of the current template. */
  updateRevision: string;
  revisions: Map<string, StsRevision>;
  status: StsStatus;
}

/** What changed. */
export type StsChange = 'created' | 'spec' | 'status';

/** The revision name of a template for a set. */
export function revisionName(setName: string, template: PodTemplate): string {
  return `${setName}-${templateHash(template)}`;
}

/** Committed StatefulSets. */
export class StatefulSetStore extends ObjectStore<StatefulSetObj, StsChange> {
  /** Creates the StatefulSet of a manifest (initial object, t = 0), with its first revision. */
  create(w: Workload): StatefulSetObj {
    const rev = revisionName(w.name, w.template);
    const set: StatefulSetObj = {
      key: w.key,
      namespace: w.namespace,
      name: w.name,
      replicas: w.replicas,
      selector: w.selector,
      template: w.template,
      minReadySeconds: w.minReadySeconds,
      podManagementPolicy: w.podManagementPolicy,
      strategy: w.strategy === 'OnDelete' ? 'OnDelete' : 'RollingUpdate',
      partition: w.partition,
      generation: 1,
      updateRevision: rev,
      revisions: new Map([[rev, { name: rev, template: w.template, revision: 1 }]]),
      status: { observedGeneration: 0, replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, currentRevision: rev, updateRevision: rev },
    };
    this.add(set, 'created');
    return set;
  }

  /** Changes the spec inside a commit; a new template becomes (or re-numbers) a revision. */
  setSpec(set: StatefulSetObj, patch: { replicas?: number; template?: PodTemplate }): void {
    if (patch.replicas !== undefined) set.replicas = patch.replicas;
    if (patch.template !== undefined) {
      const name = revisionName(set.name, patch.template);
      const next = Math.max(0, ...[...set.revisions.values()].map((r) => r.revision)) + 1;
      const existing = set.revisions.get(name);
      if (existing && name !== set.updateRevision) existing.revision = next;
      else if (!existing) set.revisions.set(name, { name, template: patch.template, revision: next });
      set.template = patch.template;
      set.updateRevision = name;
    }
    set.generation++;
    this.changed(set, 'spec');
  }

  /** Replaces the status inside a commit. */
  setStatus(set: StatefulSetObj, status: StsStatus): void {
    set.status = status;
    this.changed(set, 'status');
  }
}
