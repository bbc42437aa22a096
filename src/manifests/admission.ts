/**
 * Objects the API server's admission reads while creating pods, gathered before any workload is
 * read: PriorityClasses (the Priority plugin, plugin/pkg/admission/priority/admission.go) and
 * LimitRanges (the LimitRanger plugin, plugin/pkg/admission/limitranger/admission.go).
 */
import type { Document } from 'yaml';
import type { z } from 'zod';
import type { YamlFile } from '../yaml/source.js';
import { zodToInputError } from '../yaml/zod.js';
import { warn } from './context.js';
import { limitRangeDefaults, mergeDefaults, type ContainerDefaults } from './limitranger.js';
import { limitRangeSchema, priorityClassSchema, type headerSchema } from './schema.js';
import type { ManifestSet } from './types.js';

/** One object found in a document, before it is read. */
export interface Found {
  file: YamlFile;
  doc: Document.Parsed;
  prefix: (string | number)[];
  raw: Record<string, unknown>;
  header: z.infer<typeof headerSchema>;
}

/** Whether the object is one admission reads (and so is neither simulated nor ignored). */
export function isAdmissionObject(f: Found): boolean {
  const id = `${f.header.apiVersion} ${f.header.kind}`;
  return id === 'scheduling.k8s.io/v1 PriorityClass' || id === 'v1 LimitRange';
}

/** PriorityClasses in the manifests (scheduling.k8s.io/v1), to resolve pods' `priorityClassName`. */
export function priorityClasses(found: Found[], warnings: ManifestSet['warnings']) {
  const byName = new Map<string, number>();
  const neverPreempt = new Set<string>();
  let globalDefault: number | null = null;
  for (const f of found) {
    if (f.header.kind !== 'PriorityClass' || f.header.apiVersion !== 'scheduling.k8s.io/v1') continue;
    const parsed = priorityClassSchema.safeParse(f.raw);
    if (!parsed.success) throw zodToInputError(parsed.error, f.file, f.doc, f.prefix);
    byName.set(f.header.metadata.name, parsed.data.value);
    if (parsed.data.preemptionPolicy === 'Never') neverPreempt.add(f.header.metadata.name);
    if (parsed.data.globalDefault) {
      if (globalDefault !== null) {
        warn({ file: f.file, doc: f.doc, prefix: f.prefix, warnings }, ['globalDefault'], 'more than one PriorityClass has globalDefault: true; using the first');
      } else globalDefault = parsed.data.value;
    }
  }
  return { byName, globalDefault, neverPreempt };
}

/** The LimitRanger container defaults of each namespace, from the v1 LimitRanges in the manifests, in file order. */
export function limitRanges(found: Found[], defaultNamespace: string): Map<string, ContainerDefaults> {
  const byNamespace = new Map<string, ContainerDefaults>();
  for (const f of found) {
    if (f.header.kind !== 'LimitRange' || f.header.apiVersion !== 'v1') continue;
    const parsed = limitRangeSchema.safeParse(f.raw);
    if (!parsed.success) throw zodToInputError(parsed.error, f.file, f.doc, f.prefix);
    const ns = f.header.metadata.namespace || defaultNamespace;
    let d = byNamespace.get(ns);
    if (!d) byNamespace.set(ns, (d = { limits: {}, requests: {}, from: [] }));
    mergeDefaults(d, f.header.metadata.name, limitRangeDefaults(parsed.data));
  }
  return byNamespace;
}
