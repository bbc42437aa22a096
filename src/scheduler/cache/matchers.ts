/**
 * Pod matchers: "does this pod count for that term", with the namespace rule folded in. A spread
 * constraint counts pods of the incoming pod's namespace; an affinity term counts pods of its
 * namespaces (its own by default, `namespaces`, or a namespaceSelector) — upstream
 * framework.AffinityTerm.Matches (pkg/scheduler/framework/types.go). Every matcher has a canonical
 * `key` (equal terms share one incremental index in the cache) and, when the selector requires
 * some `k=v`, that pair as a `hint`, so adding a pod only tests the indexes its own labels can hit.
 */
import type { PodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { PodObj } from '../../apiserver/objects.js';
import { compileSelector, everythingSelector, nothingSelector } from '../../manifests/selector.js';
import type { Selector } from '../../manifests/types.js';

/** Whether a pod counts for a term, with a canonical key and an optional `k=v` the pod must carry. */
export interface PodMatcher {
  readonly key: string;
  /** A `k=v` pair every matching pod carries, or null (the matcher is tested against every pod). */
  readonly hint: string | null;
  matches(pod: PodObj): boolean;
}

/** The label every namespace carries (kube-apiserver NamespaceDefaultLabelName). */
const NS_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Splits a canonical selector key at the commas that are not inside `in (…)` lists. */
function segments(key: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (c === 44 && depth === 0) {
      out.push(key.slice(start, i));
      start = i + 1;
    }
  }
  out.push(key.slice(start));
  return out;
}

const EQ = /^([^=!,()\s]+)=([^=,()\s]*)$/;

/** The `k=v` requirements of a compiled selector (its canonical key writes a one-value `In` as `k=v`). */
export function equalityPairs(sel: Selector): Array<[string, string]> {
  if (sel.nothing || sel.key === '<everything>' || sel.key === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const s of segments(sel.key)) {
    const m = EQ.exec(s);
    if (m) pairs.push([m[1], m[2]]);
  }
  return pairs;
}

/** A selector ANDed with `k=v` (eq) and `k!=v` (neq) requirements, as matchLabelKeys / mismatchLabelKeys merge them. */
export function andLabels(base: Selector, eq: ReadonlyArray<readonly [string, string]>, neq: ReadonlyArray<readonly [string, string]> = []): Selector {
  if (eq.length === 0 && neq.length === 0) return base;
  if (base.nothing) return base;
  const parts = base.key === '<everything>' || base.key === '' ? [] : segments(base.key);
  for (const [k, v] of eq) parts.push(`${k}=${v}`);
  for (const [k, v] of neq) parts.push(`${k}!=${v}`);
  parts.sort();
  return {
    key: [...new Set(parts)].join(','),
    nothing: false,
    matches(labels) {
      for (const [k, v] of eq) if (labels[k] !== v) return false;
      for (const [k, v] of neq) if (labels[k] === v) return false;
      return base.matches(labels);
    },
  };
}

function hintOf(sel: Selector): string | null {
  const pairs = equalityPairs(sel);
  return pairs.length > 0 ? `${pairs[0][0]}=${pairs[0][1]}` : null;
}

/** Pods of `namespace` whose labels the selector matches (PodTopologySpread's countPodsMatchSelector). */
export function namespaceMatcher(namespace: string, sel: Selector): PodMatcher {
  return {
    key: `ns:${namespace}|${sel.key}`,
    hint: hintOf(sel),
    matches: (p) => p.namespace === namespace && sel.matches(p.labels),
  };
}

/** A pod affinity term of a pod in `ownerNamespace`, as upstream's newAffinityTerm resolves it. */
export function affinityTermMatcher(term: PodAffinityTerm, ownerNamespace: string, ownerLabels: Readonly<Record<string, string>>): PodMatcher {
  const sel = termSelector(term, ownerLabels);
  const names = new Set(term.namespaces ?? []);
  // ref: framework/types.go newAffinityTerm — no namespaces and a nil namespaceSelector mean the pod's own.
  if (names.size === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null)) names.add(ownerNamespace);
  const nsSel = term.namespaceSelector ? compileSelector(term.namespaceSelector, 'labelSelector') : nothingSelector;
  const memo = new Map<string, boolean>();
  const nsMatches = (ns: string): boolean => {
    let m = memo.get(ns);
    if (m === undefined) {
      m = names.has(ns) || nsSel.matches({ [NS_NAME_LABEL]: ns });
      memo.set(ns, m);
    }
    return m;
  };
  const nsKey = nsSel === everythingSelector || (!nsSel.nothing && nsSel.key === '<everything>') ? '*' : `${[...names].sort().join(',')}${nsSel.nothing ? '' : `+{${nsSel.key}}`}`;
  return {
    key: `ns:${nsKey}|${sel.key}`,
    hint: hintOf(sel),
    matches: (p) => nsMatches(p.namespace) && sel.matches(p.labels),
  };
}

/** A term's label selector with matchLabelKeys / mismatchLabelKeys merged from the owner's labels (kube-apiserver does it at pod creation). */
function termSelector(term: PodAffinityTerm, ownerLabels: Readonly<Record<string, string>>): Selector {
  const base = compileSelector(term.labelSelector as LabelSelector | undefined, 'labelSelector');
  const eq: Array<[string, string]> = [];
  const neq: Array<[string, string]> = [];
  for (const k of term.matchLabelKeys ?? []) if (ownerLabels[k] !== undefined) eq.push([k, ownerLabels[k]]);
  for (const k of term.mismatchLabelKeys ?? []) if (ownerLabels[k] !== undefined) neq.push([k, ownerLabels[k]]);
  return andLabels(base, eq, neq);
}

/** A matcher that requires every one of `parts` (podMatchesAllAffinityTerms). */
export function allOf(parts: readonly PodMatcher[]): PodMatcher {
  if (parts.length === 1) return parts[0];
  return {
    key: `all(${parts.map((p) => p.key).join(';')})`,
    hint: parts.find((p) => p.hint !== null)?.hint ?? null,
    matches: (p) => parts.every((m) => m.matches(p)),
  };
}
