/** Topology and latency fixtures shared by the control-plane tests. */
import { fixed, type Dist } from '../../src/kernel/dist.js';
import { MS } from '../../src/kernel/time.js';
import type { LatencyConfig } from '../../src/scenario/types.js';
import { buildTopology } from '../../src/topology/build.js';
import type { Topology } from '../../src/topology/types.js';

/** A topology with `zones` zones of one 2-node rack each and `cp` control-plane hosts spread over the zones. */
export function cpTopology(cp: number, zones = 3): Topology {
  const node = { capacity: { cpuMilli: 1000, memoryBytes: 1 << 30, pods: 10 } };
  return buildTopology(
    { regions: [{ name: 'r', zones: Array.from({ length: zones }, (_, i) => ({ name: `z${i + 1}`, racks: 1, nodesPerRack: 2, node })) }] },
    { hosts: 'spread-zones', count: cp, defaultCount: 3 },
  );
}

/** The scenario defaults' latencies (fixed), or every class but `host` at one distribution. */
export function latencies(d?: Dist): LatencyConfig {
  if (d) return { host: fixed(0), rack: d, zone: d, crossZone: d, crossRegion: d };
  return { host: fixed(0), rack: fixed(100), zone: fixed(500), crossZone: fixed(2 * MS), crossRegion: fixed(30 * MS) };
}
