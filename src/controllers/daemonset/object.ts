/**
 * DaemonSet API objects. Mutated only inside commits. kubeblast keeps the status field the
 * outputs need (desiredNumberScheduled) in the controller, which reports it as the workload's
 * desired count.
 */
import type { IntOrPercent, PodTemplate, Selector, Workload } from '../../manifests/types.js';
import { templateHash } from '../replicaset/names.js';
import { ObjectStore } from '../replicaset/objectstore.js';

/** A DaemonSet. */
export interface DaemonSetObj {
  key: string;
  namespace: string;
  name: string;
  selector: Selector;
  /** The template, with the DaemonSet tolerations already added by the manifest loader. */
  template: PodTemplate;
  minReadySeconds: number;
  strategy: 'RollingUpdate' | 'OnDelete';
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  generation: number;
  /** controller-revision-hash of the current template. */
  hash: string;
}

/** What changed. */
export type DsChange = 'created' | 'spec';

/** Committed DaemonSets. */
export class DaemonSetStore extends ObjectStore<DaemonSetObj, DsChange> {
  /** Creates the DaemonSet of a manifest (initial object, t = 0). */
  create(w: Workload): DaemonSetObj {
    const ds: DaemonSetObj = {
      key: w.key,
      namespace: w.namespace,
      name: w.name,
      selector: w.selector,
      template: w.template,
      minReadySeconds: w.minReadySeconds,
      strategy: w.strategy === 'OnDelete' ? 'OnDelete' : 'RollingUpdate',
      maxSurge: w.maxSurge,
      maxUnavailable: w.maxUnavailable,
      generation: 1,
      hash: templateHash(w.template),
    };
    this.add(ds, 'created');
    return ds;
  }

  /** Changes the template inside a commit (starts a rolling update). */
  setTemplate(ds: DaemonSetObj, template: PodTemplate): void {
    ds.template = template;
    ds.hash = templateHash(template);
    ds.generation++;
    this.changed(ds, 'spec');
  }
}
