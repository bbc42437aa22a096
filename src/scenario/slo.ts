/**
 * The `slo` list of a scenario: each entry names a Service (`NAME` or `NS/NAME`), a workload
 * (`kind/NAME`, `kind/NS/NAME`) or a label selector in kubectl's syntax (`app=checkout`) that
 * picks workloads by their pod-template labels. An SLO that matches nothing is an error.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';
import { compileSelector, SelectorError } from '../manifests/selector.js';
import type { ManifestSet, Warning, Workload } from '../manifests/types.js';
import { listNames } from '../topology/build.js';
import { resolveService, resolveWorkload } from './names.js';
import type { RawSpec } from './schema.js';
import type { SloSpec } from './types.js';
import type { Where } from './where.js';

const ALL_KINDS: Workload['kind'][] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'];

/** Resolves `spec.slo` against the manifests. */
export function parseSlos(entries: RawSpec['slo'], ms: ManifestSet, defaultNamespace: string, where: Where, warnings: Warning[]): SloSpec[] {
  return (entries ?? []).map((e, i) => {
    const path = ['spec', 'slo', i];
    const given = (['service', 'workload', 'selector'] as const).filter((k) => e[k] !== undefined);
    if (given.length !== 1) {
      where.fail(given.length ? [...path, given[1]] : path,
        given.length ? `has both ${given[0]} and ${given[1]}; expected one of service, workload or selector` : 'expected one of service, workload or selector');
    }
    const field = given[0];
    const ref = e[field]!;
    const at = [...path, field];
    let objects: string[];
    let workloads: Workload[] = [];
    if (field === 'service') {
      const s = resolveService(ms, ref, defaultNamespace);
      if (typeof s === 'string') where.fail(at, s);
      objects = [s.key];
    } else if (field === 'workload') {
      const w = resolveWorkload(ms, ref, ALL_KINDS, defaultNamespace);
      if (typeof w === 'string') where.fail(at, w);
      workloads = [w];
      objects = [w.key];
    } else {
      workloads = selectWorkloads(ms, ref, (m) => where.fail(at, m));
      objects = workloads.map((w) => w.key);
    }
    for (const w of workloads) {
      if (e.minReady !== undefined && w.kind !== 'DaemonSet' && e.minReady > w.replicas) {
        warnings.push({ message: `slo[${i}]: minReady ${e.minReady} exceeds the ${w.replicas} replicas of ${w.key}; the SLO can never be met`, source: where.pos([...path, 'minReady']) });
      }
    }
    const slo: SloSpec = { objects, source: where.pos(path) };
    if (e.minReady !== undefined) slo.minReady = e.minReady;
    return slo;
  });
}

function selectWorkloads(ms: ManifestSet, text: string, fail: (message: string) => never): Workload[] {
  let selector;
  try {
    selector = compileSelector(parseSelectorString(text), 'labelSelector');
  } catch (err) {
    if (err instanceof SelectorError || err instanceof SyntaxError) fail(err.message);
    throw err;
  }
  const hits = ms.workloads.filter((w) => selector.matches(w.template.labels));
  if (hits.length === 0) {
    const labels = [...new Set(ms.workloads.flatMap((w) => Object.entries(w.template.labels).map(([k, v]) => `${k}=${v}`)))];
    fail(`selector "${text}" matches no workload; pod-template labels: ${listNames(labels)}`);
  }
  return hits;
}

/**
 * Parses kubectl's selector syntax into a `LabelSelector`: `k=v`, `k==v`, `k!=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas. Throws `SyntaxError`.
 */
export function parseSelectorString(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of splitTerms(text)) {
    const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = set[3].split(',').map((v) => v.trim()).filter((v) => v !== '');
      matchExpressions.push({ key: set[1], operator: set[2] === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    const eq = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (eq) {
      if (eq[2] === '!=') matchExpressions.push({ key: eq[1], operator: 'NotIn', values: [eq[3]] });
      else matchLabels[eq[1]] = eq[3];
      continue;
    }
    const exists = /^(!?)([^!=\s(),]+)$/.exec(term);
    if (!exists) throw new SyntaxError(`expected a label selector such as app=checkout or tier in (web,api), got "${text}"`);
    matchExpressions.push({ key: exists[2], operator: exists[1] ? 'DoesNotExist' : 'Exists' });
  }
  return { matchLabels, matchExpressions };
}

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === text.length) {
      terms.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (terms.some((t) => t === '')) throw new SyntaxError(`expected a label selector such as app=checkout, got "${text}"`);
  return terms;
}
