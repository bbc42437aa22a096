/**
 * design.md §6: periodic no-op work costs no event. A healthy 1,000-node cluster renews 1,000
 * Leases every 10 s and the node lifecycle controller checks every node every 5 s — 8.64 million
 * renewals and 17 million node checks a day — yet the simulation runs only the events of state
 * changes (here: starting the pods).
 */
import { expect, it } from 'vitest';
import { DAY, MIN } from '../../../src/kernel/time.js';
import { addPods, at, buildWorld, runTo, start } from '../../kubelet/harness.js';

it('a healthy 1,000-node cluster for a simulated day costs no event per renewal or per monitor pass', () => {
  const w = buildWorld('large', 1);
  const nodes = w.scenario.topology.nodes.map((n) => n.id);
  expect(nodes.length).toBe(1000);
  addPods(w, 'web', nodes);
  start(w);
  let warm = 0;
  at(w, 10 * MIN / 1e6, () => (warm = w.sim.eventsRun));
  runTo(w, DAY / 1e6);
  const total = w.sim.eventsRun;
  const renewals = (DAY / w.scenario.kubelet.leaseRenewIntervalUs) * nodes.length;
  console.log(`1,000 nodes, 1 day: ${total} events in all (${warm} while starting 1,000 pods), against ${renewals} renewals`);
  expect(total).toBeLessThan(renewals / 1000);
  expect(total - warm).toBe(0); // nothing at all after the pods started (the marker counted itself)
  expect(w.ctx.metrics.value('test/web', 1)).toBe(1000);
  expect(w.ctx.store.nodes.every((n) => n.ready === 'True')).toBe(true);
});
