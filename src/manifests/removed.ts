/**
 * API versions Kubernetes has stopped serving, with the release that removed each and what to use
 * instead (kubernetes.io/docs/reference/using-api/deprecation-guide). An object in a removed
 * version is refused by the API server of that release or later (`kubectl apply`: "no matches for
 * kind … in version …"); kubeblast lists it as not created and names the replacement.
 */

/** A removed (apiVersion, kind): the 1.x minor that removed it and the replacement. */
export interface Removed {
  minor: number;
  use: string;
}

const R = (minor: number, use: string): Removed => ({ minor, use });

/** Removed versions by `apiVersion kind`. */
export const REMOVED: ReadonlyMap<string, Removed> = new Map([
  ['extensions/v1beta1 Deployment', R(16, 'apps/v1')],
  ['extensions/v1beta1 DaemonSet', R(16, 'apps/v1')],
  ['extensions/v1beta1 ReplicaSet', R(16, 'apps/v1')],
  ['extensions/v1beta1 NetworkPolicy', R(16, 'networking.k8s.io/v1')],
  ['extensions/v1beta1 PodSecurityPolicy', R(16, 'policy/v1beta1, itself removed in 1.25: use Pod Security Admission')],
  ['apps/v1beta1 Deployment', R(16, 'apps/v1')],
  ['apps/v1beta1 StatefulSet', R(16, 'apps/v1')],
  ['apps/v1beta2 Deployment', R(16, 'apps/v1')],
  ['apps/v1beta2 StatefulSet', R(16, 'apps/v1')],
  ['apps/v1beta2 DaemonSet', R(16, 'apps/v1')],
  ['apps/v1beta2 ReplicaSet', R(16, 'apps/v1')],
  ['extensions/v1beta1 Ingress', R(22, 'networking.k8s.io/v1')],
  ['networking.k8s.io/v1beta1 Ingress', R(22, 'networking.k8s.io/v1')],
  ['scheduling.k8s.io/v1beta1 PriorityClass', R(22, 'scheduling.k8s.io/v1')],
  ['scheduling.k8s.io/v1alpha1 PriorityClass', R(22, 'scheduling.k8s.io/v1')],
  ['storage.k8s.io/v1beta1 StorageClass', R(22, 'storage.k8s.io/v1')],
  ['batch/v1beta1 CronJob', R(25, 'batch/v1')],
  ['batch/v2alpha1 CronJob', R(25, 'batch/v1')],
  ['discovery.k8s.io/v1beta1 EndpointSlice', R(25, 'discovery.k8s.io/v1')],
  ['autoscaling/v2beta1 HorizontalPodAutoscaler', R(25, 'autoscaling/v2')],
  ['policy/v1beta1 PodSecurityPolicy', R(25, 'Pod Security Admission (no replacement object)')],
  ['autoscaling/v2beta2 HorizontalPodAutoscaler', R(26, 'autoscaling/v2')],
  ['storage.k8s.io/v1beta1 CSIStorageCapacity', R(27, 'storage.k8s.io/v1')],
]);

/**
 * The message for a removed version, or null when the scenario's version still serves it (then
 * deprecated: the caller reads it as its replacement or ignores it, with `deprecatedMessage`).
 */
export function removedMessage(id: string, kubernetesMinor: number | undefined): string | null {
  const r = REMOVED.get(id);
  if (!r || (kubernetesMinor !== undefined && kubernetesMinor < r.minor)) return null;
  return `${id} was removed in Kubernetes 1.${r.minor} (use ${r.use}); not simulated`;
}

/** The message for a version the scenario's Kubernetes still serves but a later one removes. */
export function deprecatedMessage(id: string): string | null {
  const r = REMOVED.get(id);
  return r ? `${id} is deprecated and removed in Kubernetes 1.${r.minor} (use ${r.use})` : null;
}
