/**
 * Reads `kubectl get … -o yaml` / `-o json` dumps: one object, a `List` (kubectl's form for
 * several), or several YAML documents; JSON is read as YAML. Every object is returned with the
 * file it came from; anything that is not a Kubernetes object is an `InputError`.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../errors.js';

/** A Kubernetes object as dumped (plain data). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string }>; [k: string]: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(v: unknown, file: string, out: KubeObject[]): void {
  if (v === null || v === undefined) return;
  if (!isObject(v)) throw new InputError(`${file}: expected Kubernetes objects (kubectl get -o yaml), got ${Array.isArray(v) ? 'a list' : 'a scalar'}`, { file, line: 1, col: 1 });
  if (Array.isArray(v.items) && (v.kind === 'List' || (typeof v.kind === 'string' && v.kind.endsWith('List')))) {
    for (const item of v.items) flatten(item, file, out);
    return;
  }
  const meta = v.metadata;
  if (typeof v.apiVersion !== 'string' || typeof v.kind !== 'string' || !isObject(meta) || typeof meta.name !== 'string') {
    throw new InputError(`${file}: expected an object with apiVersion, kind and metadata.name`, { file, line: 1, col: 1 });
  }
  out.push(v as unknown as KubeObject);
}

/** Every object of the dump files, in file and document order. */
export function readDumps(paths: readonly string[]): KubeObject[] {
  const out: KubeObject[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, { file, line: 1, col: 1 });
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        const e = doc.errors[0];
        throw new InputError(`YAML error: ${e.message.split('\n')[0]}`, { file, line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1 });
      }
      flatten(doc.toJS({ maxAliasCount: 100 }), file, out);
    }
  }
  return out;
}
