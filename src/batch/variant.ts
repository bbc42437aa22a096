/**
 * Variants of a scenario file, written as scenario files: the blast replay of one domain (its
 * faults replaced by that domain's failure, its duration the blast window) and the capacity
 * probes (every zone with nodes resized). Editing the YAML document, rather than the loaded
 * `Scenario`, keeps each variant a file that `kubeblast run` replays and the batch workers load
 * like any other; comments and every other field stay as the user wrote them.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { formatDuration } from '../units/duration.js';
import type { Time } from '../kernel/time.js';
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
  /** Resizes every zone that has nodes: `nodes: N` per zone, or `nodesPerRack: N`. */
  count?: { per: CountPer; n: number };
  /** Replaces `metadata.name`. */
  name?: string;
  /** A comment put at the top of the file (what the variant is, how it was made). */
  header?: string;
}

/** The fault entry that fails `d` at t = 0 for `forUs`, as a scenario file writes it. */
export function blastFaultEntry(d: BlastDomain, forUs: Time): Record<string, string> {
  return { at: '0s', [LEVEL_FAULT[d.level]]: d.domain, for: formatDuration(forUs) };
}

/**
 * The text of `file` with `edits` applied, to be written into `dir`: manifest paths are rewritten
 * relative to `dir` so the variant loads the same manifests from there.
 */
export function variantYaml(file: string, edits: VariantEdits, dir: string): string {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  rebaseManifests(doc, dirname(resolve(file)), dir);
  if (edits.name !== undefined) doc.setIn(['metadata', 'name'], edits.name);
  if (edits.durationUs !== undefined) doc.setIn(['spec', 'duration'], formatDuration(edits.durationUs));
  if (edits.faults !== undefined) doc.setIn(['spec', 'faults'], doc.createNode(edits.faults));
  else if (edits.randomFaultsOnly) keepRandomFaults(doc);
  if (edits.count) resize(doc, edits.count.per, edits.count.n);
  if (edits.header !== undefined) doc.commentBefore = ` ${edits.header.split('\n').join('\n ')}${doc.commentBefore ? `\n\n${doc.commentBefore}` : ''}`;
  return doc.toString({ lineWidth: 0 });
}

function rebaseManifests(doc: Document, from: string, to: string): void {
  const list = doc.getIn(['spec', 'manifests']);
  if (!isSeq(list)) return;
  const paths = list.items.map((item) => {
    const written = String(isMap(item) ? item.toJSON() : (item as { value?: unknown }).value ?? item);
    const abs = isAbsolute(written) ? written : resolve(from, written);
    return relative(to, abs) || '.';
  });
  doc.setIn(['spec', 'manifests'], doc.createNode(paths));
}

function keepRandomFaults(doc: Document): void {
  const faults = doc.getIn(['spec', 'faults']);
  if (!isSeq(faults)) return;
  faults.items = faults.items.filter((f) => isMap(f) && f.has('random'));
}

/** Sets the count of every zone that has nodes (racks ≥ 1 and a node shape); zones without nodes stay empty. */
function resize(doc: Document, per: CountPer, n: number): void {
  const regions = doc.getIn(['spec', 'topology', 'regions']);
  if (!isSeq(regions)) return;
  for (const region of regions.items) {
    const zones = isMap(region) ? region.get('zones') : null;
    if (!isSeq(zones)) continue;
    for (const zone of zones.items) {
      if (!isMap(zone) || !zone.has('node') || Number(zone.get('racks')) < 1) continue;
      zone.delete(per === 'zone' ? 'nodesPerRack' : 'nodes');
      zone.set(per === 'zone' ? 'nodes' : 'nodesPerRack', n);
    }
  }
}
