/**
 * Object names, namespaces and labels as the API server validates them on create, so that a
 * manifest kubectl could never apply is an error here too (issue 14).
 *
 * ref: k8s.io/apimachinery/pkg/util/validation/validation.go — IsDNS1123Label (≤ 63, `[a-z0-9]([-a-z0-9]*[a-z0-9])?`),
 *      IsDNS1123Subdomain (≤ 253, dot-separated labels), IsDNS1035Label (≤ 63, starts with a letter);
 * ref: k8s.io/apimachinery/pkg/api/validation/generic.go — NameIsDNSSubdomain, NameIsDNSLabel,
 *      NameIsDNS1035Label; path_segment.go ValidatePathSegmentName (the floor for any kind);
 * ref: pkg/apis/core/validation/validation.go — ValidatePodName and ValidateReplicationControllerName
 *      (subdomain), ValidateServiceName (DNS-1035 label), ValidateNamespaceName (DNS-1123 label);
 * ref: pkg/apis/apps/validation/validation.go — Deployment, ReplicaSet, DaemonSet names are subdomains,
 *      ValidateStatefulSetName is NameIsDNSLabel; pkg/apis/batch/validation — Job a subdomain,
 *      CronJob a subdomain of at most 52 characters (its Jobs add an 11-character suffix);
 * ref: k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go ValidateLabels.
 */
import { quote } from '../yaml/limits.js';
import { fail, type ObjectWhere } from './context.js';
import { labelKeyProblem, labelValueProblem } from './selector.js';

type Rule = 'subdomain' | 'label' | 'dns1035' | 'segment';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** The rule for each kind's name; kinds not listed get only the path-segment floor. */
const RULES: ReadonlyMap<string, Rule> = new Map([
  ['Deployment', 'subdomain'], ['ReplicaSet', 'subdomain'], ['DaemonSet', 'subdomain'], ['StatefulSet', 'label'],
  ['Job', 'subdomain'], ['CronJob', 'subdomain'], ['Pod', 'subdomain'], ['ReplicationController', 'subdomain'],
  ['Service', 'dns1035'], ['Namespace', 'label'], ['PodDisruptionBudget', 'subdomain'], ['PriorityClass', 'subdomain'],
  ['ConfigMap', 'subdomain'], ['Secret', 'subdomain'], ['PersistentVolumeClaim', 'subdomain'], ['LimitRange', 'subdomain'],
  ['StorageClass', 'subdomain'], ['ServiceAccount', 'subdomain'],
]);

const SAYS: Record<Rule, string> = {
  subdomain: 'expected a DNS-1123 subdomain: at most 253 characters of lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
  label: 'expected a DNS-1123 label: at most 63 characters of lowercase letters, digits and \'-\', starting and ending with a letter or digit',
  dns1035: 'expected a DNS-1035 label: at most 63 characters of lowercase letters, digits and \'-\', starting with a letter and ending with a letter or digit',
  segment: 'expected a name without \'/\' or \'%\', other than "." and ".."',
};

/** Whether `name` satisfies `rule`. */
function satisfies(rule: Rule, name: string): boolean {
  switch (rule) {
    case 'subdomain':
      return name.length <= 253 && SUBDOMAIN.test(name);
    case 'label':
      return name.length <= 63 && LABEL.test(name);
    case 'dns1035':
      return name.length <= 63 && DNS1035.test(name);
    case 'segment':
      return name !== '' && name !== '.' && name !== '..' && !/[/%]/.test(name);
  }
}

/** Why `name` is not a valid DNS-1123 subdomain (the scenario's own name, a folder name), or null. */
export function subdomainProblem(name: string): string | null {
  return satisfies('subdomain', name) ? null : SAYS.subdomain;
}

/** Checks `metadata.name` by kind, `metadata.namespace` and `metadata.labels` of one object. */
export function checkObjectMeta(at: ObjectWhere, kind: string, raw: Record<string, unknown>): void {
  const meta = raw.metadata as Record<string, unknown>;
  const name = meta.name as string;
  const rule = RULES.get(kind) ?? 'segment';
  if (!satisfies(rule, name)) throw fail(at, ['metadata', 'name'], `invalid ${kind} name ${quote(name)}: ${SAYS[rule]}`);
  if (kind === 'CronJob' && name.length > 52) throw fail(at, ['metadata', 'name'], `invalid CronJob name ${quote(name)}: at most 52 characters`);
  const ns = meta.namespace;
  if (typeof ns === 'string' && !satisfies('label', ns)) throw fail(at, ['metadata', 'namespace'], `invalid namespace ${quote(ns)}: ${SAYS.label}`);
  checkLabels(at, ['metadata', 'labels'], meta.labels);
}

/** Checks a `labels` map (keys qualified names, values label values); anything not a map is left to the schema. */
export function checkLabels(at: ObjectWhere, path: Array<string | number>, labels: unknown): void {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) throw fail(at, [...path, key], shorten(keyProblem, key));
    if (typeof value !== 'string') continue;
    const valueProblem = labelValueProblem(value);
    if (valueProblem) throw fail(at, [...path, key], shorten(valueProblem, value));
  }
}

/** selector.ts quotes the whole value; cut it to the quoting limit. */
function shorten(problem: string, value: string): string {
  return problem.replace(`"${value}"`, quote(value));
}
