import { describe, expect, it } from 'vitest';
import { AvailabilityRecorder } from '../../src/metrics/availability.js';
import { summarizeObject } from '../../src/metrics/summary.js';
import { availabilityCsv } from '../../src/metrics/output.js';
import { SEC } from '../../src/kernel/time.js';
import type { PodObj } from '../../src/apiserver/objects.js';

function pod(uid: number, workloadKey: string, services: string[] = []): PodObj {
  return { uid, workloadKey, services } as unknown as PodObj;
}

describe('availability step functions and summary', () => {
  it('computes slo/any/full, outages and time to recover from hand-made steps', () => {
    const rec = new AvailabilityRecorder();
    rec.register('deployment/default/web', false, 3);
    const pods = [pod(1, 'deployment/default/web'), pod(2, 'deployment/default/web'), pod(3, 'deployment/default/web')];
    // t=0: all 3 ready (a run starts from a converged cluster).
    for (const p of pods) rec.podTruth(p, true, 0);
    // t=90..120: one pod down (2 ready ≥ minReady 2: SLO met, not full).
    rec.podTruth(pods[0], false, 90 * SEC);
    rec.podTruth(pods[0], true, 120 * SEC);
    // t=190..250: two down (1 ready: SLO missed for 60 s).
    rec.podTruth(pods[0], false, 190 * SEC);
    rec.podTruth(pods[1], false, 190 * SEC);
    rec.podTruth(pods[0], true, 250 * SEC);
    rec.podTruth(pods[1], true, 250 * SEC);
    // t=390..400: all down (SLO missed 10 s, 'any' missed 10 s).
    for (const p of pods) rec.podTruth(p, false, 390 * SEC);
    for (const p of pods) rec.podTruth(p, true, 400 * SEC);
    // Window: the whole run, 0 .. 1000 s.
    const s = summarizeObject(rec.all()[0], 1000 * SEC, 2);
    // SLO missed 60 + 10 = 70 s → 930/1000.
    expect(s.availability.slo).toBeCloseTo(0.93, 9);
    // any: missed 10 s → 0.99; full: missed 30 + 60 + 10 = 100 s → 0.9.
    expect(s.availability.any).toBeCloseTo(0.99, 9);
    expect(s.availability.full).toBeCloseTo(0.9, 9);
    expect(s.outages).toBe(2);
    expect(s.downtimeS).toBe(70);
    expect(s.timeToRecoverS.max).toBe(60);
    // Median of [60, 10] with linear interpolation = 35.
    expect(s.timeToRecoverS.p50).toBe(35);
    expect(s.openOutages).toBe(0);
  });

  it('collapses changes at one instant into one row and counts an outage open at the end', () => {
    const rec = new AvailabilityRecorder();
    rec.register('service/default/web', true, 0);
    rec.register('deployment/default/web', false, 2);
    rec.linkService('service/default/web', ['deployment/default/web'], 0);
    const a = pod(1, 'deployment/default/web', ['service/default/web']);
    const b = pod(2, 'deployment/default/web', ['service/default/web']);
    rec.podTruth(a, true, 5 * SEC);
    rec.podTruth(b, true, 5 * SEC);
    rec.podEndpoint('service/default/web', a, true, 6 * SEC);
    rec.podEndpoint('service/default/web', b, true, 6 * SEC);
    // Node dies at 50 s: truth drops, endpoints stay (black hole) until 100 s.
    rec.podTruth(a, false, 50 * SEC);
    rec.podTruth(b, false, 50 * SEC);
    expect(rec.value('service/default/web', 3)).toBe(2); // endpoints
    expect(rec.value('service/default/web', 4)).toBe(0); // serving
    const csv = availabilityCsv(rec).trim().split('\n');
    // header + 2 initial rows + deployment@5 + service@5 + service@6 + deployment@50 + service@50
    expect(csv).toHaveLength(8);
    expect(csv.filter((l) => l.startsWith('50,'))).toEqual(['50,deployment/default/web,2,0,0,,', '50,service/default/web,2,0,0,2,0']);
    const s = summarizeObject(rec.all()[0], 100 * SEC, null);
    // Below "all desired" (2 serving) over [0, 6) — nothing served yet — and from 50 s to the end.
    expect(s.outages).toBe(2);
    expect(s.openOutages).toBe(1);
    expect(s.downtimeS).toBe(56);
    expect(s.timeToRecoverS.p50).toBe(6);
    expect(s.availability.slo).toBeCloseTo(0.44, 9);
  });
});

describe('pods that are gone', () => {
  it('stay in stale endpoints (black hole) until the EndpointSlice controller drops them, and leave no record', () => {
    const rec = new AvailabilityRecorder();
    rec.register('service/default/web', true, 1);
    const p = pod(7, 'deployment/default/web', ['service/default/web']);
    rec.podTruth(p, true, 1 * SEC);
    rec.podReported(p, true, 1 * SEC);
    rec.podEndpoint('service/default/web', p, true, 2 * SEC);
    rec.podGone(p, 10 * SEC);
    expect(rec.value('service/default/web', 3)).toBe(1); // endpoints: still listed
    expect(rec.value('service/default/web', 4)).toBe(0); // serving: nobody answers
    rec.podEndpoint('service/default/web', p, false, 12 * SEC);
    expect(rec.value('service/default/web', 3)).toBe(0);
    // A late "not ready" for a forgotten pod is ignored rather than recreating a record.
    rec.podEndpoint('service/default/web', p, false, 13 * SEC);
    expect(rec.isTrulyReady(p)).toBe(false);
    expect(rec.value('service/default/web', 3)).toBe(0);
  });
});
