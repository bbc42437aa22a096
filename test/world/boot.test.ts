/**
 * The boot phase (src/world/boot.ts): a run starts from a converged cluster, its t = 0; a fault
 * at t = 0 counts in full; a cluster that cannot converge starts anyway, with the objects below
 * their desired count named, and they are measured from 0.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN, SEC } from '../../src/kernel/time.js';
import { DESIRED, READY, SERVING } from '../../src/metrics/availability.js';
import { buildSummary } from '../../src/metrics/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import { World } from '../../src/world/world.js';

const fixture = (name: string) => loadScenario(fileURLToPath(new URL(`../fixtures/scenarios/world/${name}.yaml`, import.meta.url)));

describe('the boot phase', () => {
  it.each([1, 2, 3])('starts the run converged; a fault at t = 0 hits a running pod and counts in full (seed %i)', (seed) => {
    const s = fixture('boot-fault-at-zero');
    const w = new World(s, { seed });
    const r = w.run();
    const msg = `seed ${seed}`;
    expect(w.originUs, msg).toBeGreaterThan(0);
    expect(r.bootUs, msg).toBe(w.originUs);
    // Every object starts with one row at 0, at its desired count.
    for (const series of r.availability.all()) {
      expect(series.times[0], `${msg}: ${series.key}`).toBe(0);
      const col = series.isService ? SERVING : READY;
      expect(series.values[col], `${msg}: ${series.key}`).toBe(series.values[DESIRED]);
    }
    const started = r.events.byReason('RunStarted');
    expect(started.map((e) => e.time), msg).toEqual([0]);
    // Boot events come before 0; the fault starts at 0.
    expect(r.events.rows[0].time, msg).toBeLessThan(0);
    expect(r.faults.map((f) => [f.kind, f.startS, f.endS]), msg).toEqual([['zone-outage', 0, 300]]);
    // The pinned pod is down from 0 until its zone is back and it restarted: at least the 5 minutes.
    const summary = buildSummary(r, 0);
    const svc = summary.objects.find((o) => o.object === 'service/default/pinned')!;
    expect(svc.outages, msg).toBe(1);
    expect(svc.downtimeS, msg).toBeGreaterThanOrEqual(300);
    expect(svc.downtimeS, msg).toBeLessThan(300 + 120);
    expect(svc.timeToRecoverS.max, msg).toBe(svc.downtimeS);
  });

  it('ends an incomplete boot after ten quiet minutes, names what did not converge, and measures it from 0', () => {
    const s = fixture('boot-incomplete');
    const w = new World(s, { seed: 1 });
    const r = w.run();
    const incomplete = r.events.byReason('BootIncomplete');
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0].time).toBe(0);
    expect(incomplete[0].message).toContain('deployment/default/too-big');
    expect(incomplete[0].message).not.toContain('pinned');
    // Boot: the pinned pod is ready within a minute; then ten minutes without any change.
    expect(w.originUs).toBeGreaterThanOrEqual(10 * MIN);
    expect(w.originUs).toBeLessThan(12 * MIN);
    const summary = buildSummary(r, 0);
    const big = summary.objects.find((o) => o.object === 'deployment/default/too-big')!;
    expect(big.availability.slo).toBe(0);
    expect(big.openOutages).toBe(1);
    expect(big.downtimeS).toBe(s.durationUs / SEC);
    expect(summary.objects.find((o) => o.object === 'deployment/default/pinned')!.availability.slo).toBe(1);
  });
});
