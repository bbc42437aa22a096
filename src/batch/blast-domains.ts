/**
 * The failure domains a blast fails, level by level, and the fault that fails each: a node
 * crashes (`node-crash`), a rack loses power (`rack-power`), a zone or region goes dark
 * (`zone-outage`, `region-outage`), one etcd member crashes (`etcd-member-crash cp-N`, the host
 * stays up) or a whole control-plane host crashes (`control-plane-crash cp-N`).
 */
import type { FaultKind } from '../faults/types.js';
import type { Topology } from '../topology/types.js';

/** The levels of `blast --levels`, in the order the outputs list them. */
export const BLAST_LEVELS = ['node', 'rack', 'zone', 'region', 'etcd', 'control-plane'] as const;
/** A level of `blast --levels`. */
export type BlastLevel = (typeof BLAST_LEVELS)[number];

/** The fault that fails one domain of each level. */
export const LEVEL_FAULT: Record<BlastLevel, FaultKind> = {
  node: 'node-crash', rack: 'rack-power', zone: 'zone-outage', region: 'region-outage',
  etcd: 'etcd-member-crash', 'control-plane': 'control-plane-crash',
};

/** One domain to fail. */
export interface BlastDomain {
  level: BlastLevel;
  /** Its name as a fault target (`ZONE-rK-nM`, `ZONE/rK`, `ZONE`, `REGION`, `cp-N`). */
  domain: string;
}

/** Every domain of `levels` in topology order (levels in `BLAST_LEVELS` order, whatever order they were given in). */
export function blastDomains(t: Topology, levels: readonly BlastLevel[]): BlastDomain[] {
  const names: Record<BlastLevel, () => string[]> = {
    node: () => t.nodes.map((n) => n.name),
    rack: () => t.racks.map((r) => r.name),
    zone: () => t.zones.map((z) => z.name),
    region: () => t.regions.map((r) => r.name),
    etcd: () => t.controlPlane.map((h) => h.name),
    'control-plane': () => t.controlPlane.map((h) => h.name),
  };
  const out: BlastDomain[] = [];
  for (const level of BLAST_LEVELS) {
    if (!levels.includes(level)) continue;
    for (const domain of names[level]()) out.push({ level, domain });
  }
  return out;
}

/** Parses `--levels a,b,…` (duplicates dropped); `unknown` is the first name that is not a level. */
export function parseLevels(text: string): { levels: BlastLevel[] } | { unknown: string } {
  const levels: BlastLevel[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(BLAST_LEVELS as readonly string[]).includes(part)) return { unknown: part };
    if (!levels.includes(part as BlastLevel)) levels.push(part as BlastLevel);
  }
  return { levels };
}
