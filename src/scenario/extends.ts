/**
 * Scenario variants (`extends:` and `patches:`). A scenario may name a base scenario file and
 * change it:
 *
 * ```yaml
 * extends: base.yaml                 # relative to this file; bases may extend others (no cycles)
 * metadata: { name: checkout-5 }
 * spec:                              # overrides, merged into the base's fields: mappings merge key
 *   duration: 1y                     # by key, anything else (scalars, lists) replaces the base's
 *   faults: [ { random: { profile: fleet-2009 } } ]   # value, `null` removes a field
 * patches:                           # applied to the manifests' objects (patches.ts)
 *   - target: { kind: Deployment, name: checkoutservice }    # namespace defaults to "default"
 *     patch: { spec: { replicas: 5 } }                        # JSON merge patch (RFC 7386)
 * ```
 *
 * The merge works on the YAML trees, so every error about the merged scenario still points at the
 * file, line and column where the offending value was written, in the variant or in a base: each
 * file's nodes have their offsets moved into a range of their own, and the merged file's line
 * index maps an offset back to its file.
 */
import { dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, visit, type Document, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { InputError } from '../errors.js';
import { nodePos, readYamlFile, type YamlFile } from '../yaml/source.js';
import { readPatches, type ManifestPatch } from './patches.js';

/** Offsets of the k-th file of a chain start at k × SPAN (files are far smaller: yaml/limits.ts). */
const SPAN = 2 ** 32;

/** A scenario file with its bases merged in, and the manifest patches of the whole chain. */
export interface ResolvedScenario {
  yaml: YamlFile;
  patches: ManifestPatch[];
  /** Every file of the chain, the scenario first (for content hashes). */
  files: string[];
}

function firstMap(yaml: YamlFile): YAMLMap | null {
  const doc = yaml.docs.find((d) => d.contents !== null);
  return doc && isMap(doc.contents) ? doc.contents : null;
}

/** Merges `over` into `base` (mappings by key, anything else replaces; a null value deletes). */
export function mergeNodes(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  for (const pair of over.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const at = base.items.findIndex((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
    const value = pair.value;
    if (isScalar(value) && value.value === null) {
      if (at >= 0) base.items.splice(at, 1);
    } else if (at >= 0) {
      base.items[at].value = mergeNodes(base.items[at].value, value);
    } else {
      base.items.push(pair);
    }
  }
  return base;
}

function shift(doc: Document.Parsed, by: number): void {
  visit(doc, (_key, node) => {
    const n = node as Node;
    if (n && n.range) n.range = [n.range[0] + by, n.range[1] + by, n.range[2] + by];
  });
}

/** Rewrites a base's manifest paths so they read relative to the variant's directory. */
function rebaseManifests(map: YAMLMap, fromDir: string, toDir: string): void {
  const list = map.getIn(['spec', 'manifests'], true);
  if (!isSeq(list)) return;
  for (const item of list.items) {
    if (isScalar(item) && typeof item.value === 'string') item.value = relative(toDir, resolve(fromDir, item.value)) || '.';
  }
}

/** The files of the `extends` chain of `yaml` (at `file`), the scenario first. */
function chain(yaml: YamlFile, file: string): Array<{ yaml: YamlFile; file: string; map: YAMLMap }> {
  const out = [{ yaml, file, map: firstMap(yaml)! }];
  for (;;) {
    const cur = out[out.length - 1];
    const ext = cur.map.get('extends', true);
    if (ext === undefined) return out;
    if (!isScalar(ext) || typeof ext.value !== 'string' || ext.value === '') {
      throw new InputError('extends: expected the path of a base scenario file (relative to this file)', nodePos(cur.yaml, ext as Node));
    }
    const path = resolve(dirname(cur.file), ext.value);
    if (out.some((c) => c.file === path)) throw new InputError(`extends: ${ext.value} is already in this chain of bases (a cycle)`, nodePos(cur.yaml, ext));
    const base = readYamlFile(path, relative(process.cwd(), path) || path, nodePos(cur.yaml, ext));
    const map = firstMap(base);
    if (!map || base.docs.filter((d) => d.contents !== null).length !== 1) {
      throw new InputError(`extends: ${ext.value} is not a scenario (expected one YAML mapping)`, nodePos(cur.yaml, ext));
    }
    out.push({ yaml: base, file: path, map });
  }
}

/** One line index for the offsets of every file of the chain (see SPAN). */
function chainFile(files: YamlFile[], doc: Document.Parsed): YamlFile {
  let current = 0;
  const lines = {
    linePos(offset: number) {
      current = Math.min(files.length - 1, Math.floor(offset / SPAN));
      return files[current].lines.linePos(offset - current * SPAN);
    },
  } as unknown as LineCounter;
  // nodePos reads `display` right after `lines.linePos`: it names the file that offset came from.
  return { get display() { return files[current].display; }, text: files[0].text, docs: [doc], lines };
}

/**
 * Resolves `extends` and collects `patches` of the scenario in `yaml` (read from `file`). A file
 * with neither comes back unchanged; a file that is not a mapping is left to the scenario schema.
 */
export function resolveExtends(yaml: YamlFile, file: string): ResolvedScenario {
  const top = firstMap(yaml);
  if (!top || (!top.has('extends') && !top.has('patches'))) return { yaml, patches: [], files: [file] };
  const links = chain(yaml, file);
  const dir = dirname(file);
  links.forEach((l, k) => {
    if (k > 0) {
      shift(l.yaml.docs.find((d) => d.contents !== null)!, k * SPAN);
      rebaseManifests(l.map, dirname(l.file), dir);
    }
  });
  const merged = chainFile(links.map((l) => l.yaml), yaml.docs.find((d) => d.contents !== null)!);
  // Patches apply base first; the collected nodes keep their positions for messages.
  const patches = links.slice().reverse().flatMap((l) => readPatches(l.map, merged));
  let acc: unknown = links[links.length - 1].map;
  for (let k = links.length - 2; k >= 0; k--) acc = mergeNodes(acc, links[k].map);
  const map = acc as YAMLMap;
  map.delete('extends');
  map.delete('patches');
  merged.docs[0].contents = map as unknown as Document.Parsed['contents'];
  return { yaml: merged, patches, files: links.map((l) => l.file) };
}
