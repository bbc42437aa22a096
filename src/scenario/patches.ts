/**
 * `patches:` of a scenario (extends.ts): JSON merge patches (RFC 7386) on the objects of its
 * manifests, chosen by kind, name and namespace — kustomize's `patches` with a target, in the one
 * form that needs no schema knowledge: mappings merge key by key, lists and scalars replace,
 * `null` removes. Each patch must match exactly one object.
 */
import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { InputError, type SourcePos } from '../errors.js';
import { loadManifestFiles, type ManifestFile } from '../manifests/load.js';
import type { ManifestOptions, ManifestSet } from '../manifests/types.js';
import { nodePos, readYamlFile, type YamlFile } from '../yaml/source.js';
import { mergeNodes } from './extends.js';

/** One patch: its target and the patch (plain data), with positions for messages. */
export interface ManifestPatch {
  kind: string;
  name: string;
  /** null: the manifests' default namespace (`spec.defaults.namespace`, else "default"). */
  namespace: string | null;
  patch: Record<string, unknown>;
  pos: SourcePos;
}

const str = (n: unknown): string | null => (isScalar(n) && typeof n.value === 'string' && n.value !== '' ? n.value : null);

/** Reads and checks the `patches` of one scenario file's mapping; positions through `file`. */
export function readPatches(map: YAMLMap, file: YamlFile): ManifestPatch[] {
  const list = map.get('patches', true);
  if (list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) throw new InputError('patches: expected a list of { target: { kind, name, namespace? }, patch: { … } }', nodePos(file, list as Node));
  return list.items.map((item, i) => {
    const at = (n: unknown) => nodePos(file, (n ?? item) as Node);
    if (!isMap(item)) throw new InputError(`patches[${i}]: expected { target: { kind, name, namespace? }, patch: { … } }`, at(item));
    for (const p of item.items) {
      const k = isScalar(p.key) ? p.key.value : p.key;
      if (k !== 'target' && k !== 'patch') throw new InputError(`patches[${i}]: unknown field ${String(k)}; expected target and patch`, at(p.key));
    }
    const target = item.get('target', true);
    if (!isMap(target)) throw new InputError(`patches[${i}].target: expected { kind, name, namespace? }`, at(target));
    for (const p of target.items) {
      const k = isScalar(p.key) ? p.key.value : p.key;
      if (k !== 'kind' && k !== 'name' && k !== 'namespace') throw new InputError(`patches[${i}].target: unknown field ${String(k)}; expected kind, name, namespace`, at(p.key));
    }
    const kind = str(target.get('kind', true));
    const name = str(target.get('name', true));
    if (!kind || !name) throw new InputError(`patches[${i}].target: expected kind and name (strings)`, at(target));
    const ns = target.get('namespace', true);
    const patch = item.get('patch', true);
    if (!isMap(patch)) throw new InputError(`patches[${i}].patch: expected a mapping merged into the object (e.g. { spec: { replicas: 5 } })`, at(patch));
    if (ns !== undefined && !str(ns)) throw new InputError(`patches[${i}].target.namespace: expected a namespace name (string)`, at(ns));
    return { kind, name, namespace: ns === undefined ? null : str(ns), patch: patch.toJSON() as Record<string, unknown>, pos: at(target) };
  });
}

/** Whether `doc` is the patch's target; an object or a target that names no namespace is in `ns`. */
function matches(doc: Document.Parsed, p: ManifestPatch, ns: string): boolean {
  const c = doc.contents;
  if (!isMap(c)) return false;
  const meta = c.get('metadata', true);
  const value = (m: YAMLMap, k: string): unknown => (m.get(k, true) as { value?: unknown } | undefined)?.value;
  return isMap(meta) && value(c, 'kind') === p.kind && value(meta, 'name') === p.name && (value(meta, 'namespace') ?? ns) === (p.namespace ?? ns);
}

/** Gives the patch's new nodes the position of the object they patch (they have none in its file). */
function placed(doc: Document.Parsed, data: unknown): Node {
  const node = doc.createNode(data) as Node;
  const range = (doc.contents as Node).range;
  const stamp = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (isMap(n) || isSeq(n)) for (const it of n.items) stamp(isMap(n) ? (it as { value: unknown }).value : it);
    (n as Node).range = range ? [range[0], range[0], range[0]] : undefined;
  };
  stamp(node);
  return node;
}

/** Loads the manifest files with `patches` applied to their objects (as `loadManifests` does otherwise). */
export function loadPatchedManifests(files: ManifestFile[], opts: ManifestOptions, patches: ManifestPatch[]): ManifestSet {
  const yamls = files.map((f) => readYamlFile(f.path, f.display, f.from));
  for (const p of patches) {
    const hits = yamls.flatMap((y) => y.docs.filter((d) => matches(d, p, opts.defaultNamespace)));
    const what = `${p.kind} ${p.namespace ?? opts.defaultNamespace}/${p.name}`;
    if (hits.length !== 1) {
      throw new InputError(`patches: target ${what} matches ${hits.length === 0 ? 'no object' : `${hits.length} objects`} in the manifests (one expected)`, p.pos);
    }
    const doc = hits[0];
    doc.contents = mergeNodes(doc.contents, placed(doc, p.patch)) as typeof doc.contents;
  }
  return loadManifestFiles(yamls, opts);
}
