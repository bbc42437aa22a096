/**
 * capacity.json (design.md §4 "Batch outputs"): `{ level, per, answer, probes, passing, failing }`
 * plus the blast window, each domain's verdict for the passing and failing counts (the proof),
 * and, with `--seeds`, availability against cost per count (capacity-sweep.ts).
 */
import { toSeconds } from '../kernel/time.js';
import type { Time } from '../kernel/time.js';
import { verdicts } from './blast.js';
import type { CapacityResult, Probe, ProbeDetail } from './capacity.js';
import { probeFileName } from './capacity-probe.js';
import type { CostPoint } from './capacity-sweep.js';

function probe(p: ProbeDetail): Probe {
  return { count: p.count, passed: p.passed, worstDomain: p.worstDomain, worstObject: p.worstObject, costPerMonth: p.costPerMonth };
}

function detail(p: ProbeDetail | null): object | null {
  if (!p) return null;
  return {
    ...probe(p),
    nodes: p.nodes,
    scenario: p.blast ? probeFileName(p.count) : null,
    domains: p.blast ? verdicts(p.blast).map((v) => ({ domain: v.domain, passed: v.passed, sloMissed: v.sloMissed, notRecovered: v.notRecovered, sloDowntimeS: v.sloDowntimeS, worstObject: v.worstObject })) : [],
  };
}

/** The text of capacity.json. */
export function capacityJson(r: CapacityResult, window: { forUs: Time; settleUs: Time }, costCurve: CostPoint[] | null): string {
  const doc = {
    level: r.level,
    per: r.per,
    answer: r.answer,
    forS: toSeconds(window.forUs),
    settleS: toSeconds(window.settleUs),
    probes: r.probes.map(probe),
    passing: detail(r.passing),
    failing: detail(r.failing),
    ...(costCurve ? { availability: costCurve } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
