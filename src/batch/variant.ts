/**
 * Variants of a scenario file, written as scenario files that `extends` it (src/scenario/
 * extends.ts): the blast replay of one domain (its faults replaced by that domain's failure, its
 * duration the blast window), the capacity probes (every zone with nodes resized) and the
 * `--seeds` runs (random faults only). The variant holds only what changes; manifests, patches and
 * everything else come from the user's file through the ordinary loader, bases included, so a
 * worker loads a variant like any scenario and `kubeblast run` / `blast` replays it.
 */
import { readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { Document } from 'yaml';
import { InputError } from '../errors.js';
import type { Time } from '../kernel/time.js';
import { resolveExtends } from '../scenario/extends.js';
import { formatDuration } from '../units/duration.js';
import { parseYamlText } from '../yaml/source.js';
import { LEVEL_FAULT, type BlastDomain } from './blast-domains.js';

/** How a node count maps to the topology: per zone (spread over its racks) or per rack. */
export type CountPer = 'zone' | 'rack';

/** Edits of a variant. */
export interface VariantEdits {
  /** Replaces `spec.faults` (entries as a scenario file writes them). */
  faults?: unknown[];
  /** Keeps only the `random` entries of `spec.faults` (the scenario's random failures). */
  randomFaultsOnly?: boolean;
  durationUs?: Time;
  /** Resizes every zone that has one node shape: `nodes: N` per zone, or `nodesPerRack: N`. */
  count?: { per: CountPer; n: number };
  /** A comment put at the top of the file (what the variant is, how it was made). */
  header?: string;
}

/** The fault entry that fails `d` at t = 0 for `forUs`, as a scenario file writes it. */
export function blastFaultEntry(d: BlastDomain, forUs: Time): Record<string, string> {
  return { at: '0s', [LEVEL_FAULT[d.level]]: d.domain, for: formatDuration(forUs) };
}

type Json = Record<string, unknown>;

/** The scenario at `file` with its bases merged in, as plain data. */
function mergedSpec(file: string): Json {
  const yaml = parseYamlText(readFileSync(file, 'utf8'), file);
  const merged = resolveExtends(yaml, file).yaml.docs[0].toJS() as Json | null;
  return (merged?.spec ?? {}) as Json;
}

/** The text of a variant of `file` with `edits`, to be written into `dir` (it extends `file` by a path relative to `dir`). */
export function variantYaml(file: string, edits: VariantEdits, dir: string): string {
  const abs = resolve(file);
  const base = mergedSpec(abs);
  const spec: Json = {};
  if (edits.durationUs !== undefined) spec.duration = formatDuration(edits.durationUs);
  if (edits.faults !== undefined) spec.faults = edits.faults;
  else if (edits.randomFaultsOnly) spec.faults = ((base.faults ?? []) as unknown[]).filter((f) => f !== null && typeof f === 'object' && 'random' in f);
  if (edits.count) spec.topology = { regions: resized(base, edits.count.per, edits.count.n, file) };
  const doc = new Document({ extends: relative(dir, abs) || basename(abs), spec });
  if (edits.header !== undefined) doc.commentBefore = ` ${edits.header.split('\n').join('\n ')}`;
  return doc.toString({ lineWidth: 0 });
}

/**
 * The regions with every zone of one node shape (racks ≥ 1 and `node`) resized; zones without
 * nodes stay empty. Zones given as `pools` (unequal shapes) are not resized: the count assumes the
 * nodes of a zone identical, so a scenario with none to resize is refused.
 */
function resized(spec: Json, per: CountPer, n: number, file: string): unknown[] {
  const regions = (((spec.topology ?? {}) as Json).regions ?? []) as Array<Json & { zones?: Json[] }>;
  let any = false;
  const out = regions.map((r) => ({
    ...r,
    zones: (r.zones ?? []).map((z) => {
      if (!z.node || Number(z.racks) < 1) return z;
      any = true;
      const { nodes: _n, nodesPerRack: _p, ...rest } = z;
      return per === 'zone' ? { ...rest, nodes: n } : { ...rest, nodesPerRack: n };
    }),
  }));
  if (!any) throw new InputError(`${file}: no zone has racks and one node shape (node:) to resize; capacity assumes the nodes of a zone identical (zones given as pools are not resized)`);
  return out;
}
