/**
 * The labels a workload's pods really carry: the template's, plus those the controllers add —
 * `pod-template-hash` (Deployment's ReplicaSets, pkg/controller/deployment/sync.go),
 * `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index` and
 * `controller-revision-hash` (pkg/controller/statefulset/stateful_set_utils.go newStatefulSetPod),
 * `controller-revision-hash` and `pod-template-generation` (DaemonSet, pkg/controller/daemon/util),
 * `controller-uid` / `batch.kubernetes.io/controller-uid` (Job, the API server's generated
 * selector). A Service or PDB that selects on them selects those pods, so what it "is meant to
 * have" is counted from these labels, not from the template alone. Hash and uid values are not
 * known before the run: they are given a value no label selector can name, so a selector that
 * requires a particular one matches nothing here (⚠ inferred; `Exists` still matches).
 */
import type { Selector, Workload } from './types.js';

/** A value no label value can equal (labels are `[A-Za-z0-9._-]` only): stands for an unknown hash or uid. */
const UNKNOWN = '\u0000';

const interned = new WeakMap<Readonly<Record<string, string>>, Map<string, Map<string, Readonly<Record<string, string>>>>>();

/**
 * `base` plus the label `key: value`, as one frozen object shared by every caller that asks for
 * the same three: the pods of one ReplicaSet (template labels + pod-template-hash) or one
 * DaemonSet revision then share their labels instead of carrying a copy each, and caches keyed
 * by a labels object (`LabelSetCache`) hit at once. Labels never change once a pod exists.
 */
export function withLabel(base: Readonly<Record<string, string>>, key: string, value: string): Readonly<Record<string, string>> {
  let byKey = interned.get(base);
  if (!byKey) interned.set(base, (byKey = new Map()));
  let byValue = byKey.get(key);
  if (!byValue) byKey.set(key, (byValue = new Map()));
  let labels = byValue.get(value);
  if (!labels) byValue.set(value, (labels = Object.freeze({ ...base, [key]: value })));
  return labels;
}

/** The labels of the pod of `w` at `ordinal` (StatefulSet) or of any of its pods (other kinds). */
export function podLabels(w: Workload, ordinal = 0): Record<string, string> {
  const labels: Record<string, string> = { ...w.template.labels };
  switch (w.kind) {
    case 'Deployment':
      labels['pod-template-hash'] = UNKNOWN;
      break;
    case 'StatefulSet':
      labels['controller-revision-hash'] = UNKNOWN;
      labels['statefulset.kubernetes.io/pod-name'] = `${w.name}-${ordinal}`;
      labels['apps.kubernetes.io/pod-index'] = String(ordinal);
      break;
    case 'DaemonSet':
      labels['controller-revision-hash'] = UNKNOWN;
      labels['pod-template-generation'] = '1';
      break;
    case 'Job':
      labels['controller-uid'] = UNKNOWN;
      labels['batch.kubernetes.io/controller-uid'] = UNKNOWN;
      break;
    default:
      break;
  }
  return labels;
}

/**
 * How many of `replicas` pods of `w` the selector matches: all or none, except a StatefulSet's,
 * whose pods differ by name and index (a Service per pod selects one).
 */
export function selectedPodCount(selector: Selector, w: Workload, replicas: number): number {
  if (w.kind !== 'StatefulSet') return selector.matches(sharedPodLabels(w)) ? replicas : 0;
  // One object whose two per-pod labels are rewritten per ordinal: a run's setup asks this for
  // every Service × StatefulSet pair and 1,000 ordinals each.
  const labels = podLabels(w, 0);
  let n = 0;
  for (let i = 0; i < replicas; i++) {
    labels['statefulset.kubernetes.io/pod-name'] = `${w.name}-${i}`;
    labels['apps.kubernetes.io/pod-index'] = String(i);
    if (selector.matches(labels)) n++;
  }
  return n;
}

const sharedLabels = new WeakMap<Workload, Readonly<Record<string, string>>>();

/** `podLabels(w)` of a kind whose pods all carry the same labels, built once per workload. */
function sharedPodLabels(w: Workload): Readonly<Record<string, string>> {
  let labels = sharedLabels.get(w);
  if (!labels) sharedLabels.set(w, (labels = Object.freeze(podLabels(w))));
  return labels;
}

/**
 * The workloads of the namespace whose pods the selector matches, each with the share of its
 * desired count it selects (a function of that count; the identity when it selects them all).
 */
export function selectedWorkloads(selector: Selector, namespace: string, workloads: readonly Workload[]): Array<{ workload: Workload; share: (desired: number) => number }> {
  const out: Array<{ workload: Workload; share: (desired: number) => number }> = [];
  for (const w of workloads) {
    if (w.namespace !== namespace) continue;
    // A StatefulSet may scale; probe its first 1,000 ordinals to know whether any matches.
    const probe = w.kind === 'StatefulSet' ? Math.max(w.replicas, 1000) : 1;
    const n = selectedPodCount(selector, w, probe);
    if (n === 0) continue;
    const all = w.kind !== 'StatefulSet' || n === probe;
    out.push({ workload: w, share: all ? (d) => d : (d) => selectedPodCount(selector, w, d) });
  }
  return out;
}
