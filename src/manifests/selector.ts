/**
 * Label selectors compiled once and matched many times: matchLabels and matchExpressions
 * (`In`, `NotIn`, `Exists`, `DoesNotExist`) with Kubernetes' semantics for nil and empty selectors,
 * which differ per use (see `SelectorMode`). Compilation is pure and position-free: a bad selector
 * throws `SelectorError` with the path inside the selector, and the loader turns it into a
 * positioned `InputError`.
 */
import type { PathSegment } from '../yaml/source.js';
import type { Selector } from './types.js';

/**
 * How a nil (absent) or empty (`{}`) selector is read; Kubernetes differs per use.
 * - `labelSelector`: `metav1.LabelSelectorAsSelector` (apimachinery pkg/apis/meta/v1/helpers.go):
 *   nil selects nothing, `{}` selects everything. Used by policy/v1 PDBs (both the disruption
 *   controller and the Eviction API, pkg/registry/core/pod/storage/eviction.go
 *   `getPodDisruptionBudgets`, let `{}` match every pod of the namespace), topology spread
 *   constraints, pod (anti-)affinity terms and workload selectors.
 * - `pdbV1beta1`: policy/v1beta1 PDBs, where nil and `{}` both select nothing
 *   (pkg/apis/policy/v1beta1/conversion.go swaps `{}` for `policy.NonV1beta1MatchNoneSelector`).
 * - `service`: a Service's `spec.selector` map, where nil or `{}` selects nothing: the
 *   EndpointSlice controller gives a Service without a selector no endpoints (an empty map does
 *   not survive the API round trip, so it reads as nil — ⚠ inference from omitempty encoding).
 */
export type SelectorMode = 'labelSelector' | 'pdbV1beta1' | 'service';

/** A selector that cannot be compiled; `path` is relative to the selector (`['matchExpressions', 0, 'operator']`). */
export class SelectorError extends Error {
  constructor(
    message: string,
    readonly path: readonly PathSegment[],
  ) {
    super(message);
    this.name = 'SelectorError';
  }
}

/**
 * A LabelSelector as read from YAML (`null` allowed where absent is); `kubernetes-types`'
 * `LabelSelector` is assignable to it.
 */
export interface LabelSelectorLike {
  matchLabels?: Readonly<Record<string, string>> | null;
  matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: readonly string[] | null }> | null;
}

type Op = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

interface Requirement {
  key: string;
  op: Op;
  /** Sorted, deduplicated. */
  values: string[];
}

const OPS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

// ref: apimachinery pkg/util/validation/validation.go IsQualifiedName / IsValidLabelValue.
const NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `key` is not a valid label key (a qualified name: optional DNS prefix, `/`, name of ≤ 63 characters), or null. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : null;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== null && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `invalid label key "${key}": the prefix must be a DNS subdomain (lowercase letters, digits, '-' and '.')`;
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    return `invalid label key "${key}": expected a name of at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
  }
  return null;
}

/** Why `value` is not a valid label value (empty, or ≤ 63 characters as a label name), or null. */
export function labelValueProblem(value: string): string | null {
  if (value === '' || (value.length <= 63 && NAME.test(value))) return null;
  return `invalid label value "${value}": expected at most 63 characters of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`;
}

function requirementKey(r: Requirement): string {
  switch (r.op) {
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

function matchesOne(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case 'In':
      return has && r.values.includes(labels[r.key]);
    case 'NotIn':
      // ref: apimachinery pkg/labels/selector.go Requirement.Matches — NotIn matches an absent label.
      return !has || !r.values.includes(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

function checkKey(key: unknown, path: PathSegment[]): string {
  if (typeof key !== 'string') throw new SelectorError(`expected a label key (string), got ${JSON.stringify(key) ?? 'nothing'}`, path);
  const problem = labelKeyProblem(key);
  if (problem) throw new SelectorError(problem, path);
  return key;
}

function checkValue(value: unknown, path: PathSegment[]): string {
  if (typeof value !== 'string') throw new SelectorError(`expected a label value (string), got ${JSON.stringify(value) ?? 'nothing'}`, path);
  const problem = labelValueProblem(value);
  if (problem) throw new SelectorError(problem, path);
  return value;
}

function requirementsOf(ls: LabelSelectorLike): Requirement[] {
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) {
    const key = checkKey(k, ['matchLabels', k]);
    reqs.push({ key, op: 'In', values: [checkValue(v, ['matchLabels', k])] });
  }
  (ls.matchExpressions ?? []).forEach((e, i) => {
    const at = ['matchExpressions', i];
    const key = checkKey(e.key, [...at, 'key']);
    if (!OPS.includes(e.operator)) {
      throw new SelectorError(`expected In, NotIn, Exists or DoesNotExist, got ${JSON.stringify(e.operator) ?? 'nothing'}`, [...at, 'operator']);
    }
    const op = e.operator as Op;
    const values = (e.values ?? []).map((v, j) => checkValue(v, [...at, 'values', j]));
    // ref: apimachinery pkg/labels/selector.go NewRequirement.
    if ((op === 'In' || op === 'NotIn') && values.length === 0) {
      throw new SelectorError(`operator ${op} needs at least one value`, [...at, 'values']);
    }
    if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
      throw new SelectorError(`operator ${op} takes no values`, [...at, 'values']);
    }
    reqs.push({ key, op, values: [...new Set(values)].sort() });
  });
  return reqs;
}

const NOTHING: Selector = { matches: () => false, key: '<nothing>', nothing: true };
const EVERYTHING: Selector = { matches: () => true, key: '<everything>', nothing: false };

/** The selector that matches nothing. */
export const nothingSelector: Selector = NOTHING;
/** The selector that matches everything. */
export const everythingSelector: Selector = EVERYTHING;

/**
 * Compiles a label selector. `mode` says how nil and `{}` read (see `SelectorMode`). The `key`
 * is canonical: requirements sorted and deduplicated, a single-value `In` written `k=v` like a
 * matchLabels entry, so equal selectors have equal keys.
 */
export function compileSelector(ls: LabelSelectorLike | undefined | null, mode: SelectorMode): Selector {
  if (ls === undefined || ls === null) return NOTHING;
  const reqs = requirementsOf(ls);
  if (reqs.length === 0) return mode === 'labelSelector' ? EVERYTHING : NOTHING;
  const byKey = new Map<string, Requirement>();
  for (const r of reqs) byKey.set(requirementKey(r), r);
  const keys = [...byKey.keys()].sort((a, b) => {
    const ka = byKey.get(a)!.key;
    const kb = byKey.get(b)!.key;
    return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  const compiled = keys.map((k) => byKey.get(k)!);
  return {
    // A loop, not `every` with a callback: the callback closed over `labels`, one function object
    // per match, and the scheduler matches selectors for every pod against every domain's pods.
    matches: (labels) => {
      for (let i = 0; i < compiled.length; i++) if (!matchesOne(compiled[i], labels)) return false;
      return true;
    },
    key: keys.join(','),
    nothing: false,
  };
}

/** Compiles a Service-style selector map (`app: web`): nil or empty selects nothing. */
export function compileMapSelector(map: Readonly<Record<string, string>> | undefined | null): Selector {
  return compileSelector(map ? { matchLabels: { ...map } } : null, 'service');
}
