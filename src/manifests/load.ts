/**
 * The manifest loader: real Kubernetes YAML (multi-document, `kind: List`) → `ManifestSet`, with
 * the defaults and checks the API server would apply. Kinds kubeblast does not simulate are listed
 * as ignored; bad input is an `InputError` at the offending node.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import { z } from 'zod';
import { InputError, type SourcePos } from '../errors.js';
import { docPos, readYamlFile, type PathSegment, type YamlFile } from '../yaml/source.js';
import { MAX_ITEMS, toPlainData, type ItemBudget } from '../yaml/limits.js';
import { zodToInputError } from '../yaml/zod.js';
import { fail, posAt, type ObjectCtx } from './context.js';
import { readObject } from './kinds.js';
import { checkObjectMeta } from './names.js';
import { objectNotes } from './notes.js';
import { isAdmissionObject, limitRanges, priorityClasses, type Found } from './admission.js';
import { headerSchema } from './schema.js';
import { isStorageObject, readStorage } from './storage.js';
import type { ManifestOptions, ManifestSet } from './types.js';

/** A manifest file to load: where it is, how to name it in messages, and where the scenario refers to it. */
export interface ManifestFile {
  path: string;
  display: string;
  from?: SourcePos;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const listSchema = z.object({ apiVersion: z.string(), kind: z.string(), items: z.array(z.unknown()).nullish() });

/** A `kind: List` (or any `…List` with `items`), as kubectl accepts them. */
function isList(raw: Record<string, unknown>): boolean {
  return raw.kind === 'List' || (typeof raw.kind === 'string' && raw.kind.endsWith('List') && Array.isArray(raw.items));
}

function collect(file: YamlFile, doc: Document.Parsed, prefix: PathSegment[], raw: Record<string, unknown>, out: Found[]): void {
  if (isList(raw)) {
    const list = listSchema.safeParse(raw);
    if (!list.success) throw zodToInputError(list.error, file, doc, prefix);
    (list.data.items ?? []).forEach((item, i) => {
      const at = [...prefix, 'items', i];
      if (!isRecord(item)) throw fail({ file, doc, prefix }, ['items', i], 'expected a Kubernetes object (a mapping with apiVersion, kind and metadata)');
      collect(file, doc, at, item, out);
    });
    return;
  }
  const header = headerSchema.safeParse(raw);
  if (!header.success) throw zodToInputError(header.error, file, doc, prefix);
  checkObjectMeta({ file, doc, prefix }, header.data.kind, raw);
  out.push({ file, doc, prefix, raw, header: header.data });
}

function collectFile(file: YamlFile, out: Found[]): void {
  for (const doc of file.docs) {
    const contents = doc.contents;
    // An empty document (`---` alone, only comments, or `null`) parses as a null scalar; kubectl skips it.
    if (contents === null || contents === undefined || (isScalar(contents) && contents.value === null)) continue;
    if (!isMap(contents)) {
      const what = isSeq(contents) ? 'a list' : 'a scalar value';
      throw new InputError(`expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got ${what}`, docPos(file, doc));
    }
    collect(file, doc, [], toPlainData(doc, docPos(file, doc)) as Record<string, unknown>, out);
  }
}

/** Loads already-parsed YAML files (see `loadManifests`). */
export function loadManifestFiles(files: YamlFile[], opts: ManifestOptions): ManifestSet {
  const set: ManifestSet = { workloads: [], services: [], pdbs: [], ignored: [], admission: [], warnings: [], files: files.map((f) => f.display) };
  const found: Found[] = [];
  for (const file of files) collectFile(file, found);
  const classes = priorityClasses(found, set.warnings);
  const ranges = limitRanges(found, opts.defaultNamespace);
  const seen = new Map<string, SourcePos>();
  for (const f of found) {
    const ctx: ObjectCtx = {
      file: f.file, doc: f.doc, prefix: f.prefix, opts, warnings: set.warnings,
      priorityClasses: classes.byName, globalDefaultPriority: classes.globalDefault, neverPreemptClasses: classes.neverPreempt,
      limitDefaults: ranges.get(f.header.metadata.namespace || opts.defaultNamespace),
    };
    if (isStorageObject(f)) continue; // read by readStorage below
    if (isAdmissionObject(f)) {
      const { apiVersion, kind, metadata } = f.header;
      set.admission.push({ apiVersion, kind, name: metadata.name, ...(metadata.namespace ? { namespace: metadata.namespace } : {}), source: posAt(ctx, []) });
      continue;
    }
    const read = readObject(ctx, f.header, f.raw);
    if (read.type === 'ignored') {
      set.ignored.push(read.value);
      continue;
    }
    const { key, source } = read.value;
    const first = seen.get(key);
    if (first) {
      const what = `${f.header.kind} ${read.value.namespace}/${read.value.name}`;
      throw new InputError(`duplicate ${what}: first defined at ${first.file}:${first.line}:${first.col}`, source);
    }
    seen.set(key, source);
    (set.notes ??= new Map()).set(key, objectNotes(f.raw, read.value, f.header.kind));
    if (read.type === 'workload') set.workloads.push(read.value);
    else if (read.type === 'service') set.services.push(read.value);
    else set.pdbs.push(read.value);
  }
  set.storage = readStorage(found, opts.defaultNamespace);
  return set;
}

/**
 * Reads manifest files into a `ManifestSet`: multi-document YAML, `kind: List`, empty documents
 * skipped; every object records its source position. Throws `InputError` on bad input.
 */
export function loadManifests(files: ManifestFile[], opts: ManifestOptions): ManifestSet {
  // One item budget for all files: many files just under a per-file limit must not add up unbounded.
  const budget: ItemBudget = { left: MAX_ITEMS };
  return loadManifestFiles(files.map((f) => readYamlFile(f.path, f.display, f.from, budget)), opts);
}
