/**
 * Random failures (design.md §3 `random`): every domain of a level alternates up time (drawn from
 * `mtbf`) and repair (drawn from `mttr`) — a two-state process per domain, independent of every
 * other domain and of everything else in the run.
 *
 * Each domain draws from its own stream, named by level, the entry's rank among the entries of
 * that level, and the domain: `faults/random/node#0/eu-a-r1-n3`. A seed therefore gives the same
 * failure and repair times whatever else the scenario holds (workloads, other faults, control-plane
 * settings): nothing but this domain's own process ever draws from its stream.
 */
import { sample } from '../kernel/dist.js';
import type { Rng } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import type { HostId, Topology } from '../topology/types.js';
import type { FaultTarget, RandomFaults, RandomLevel } from './types.js';

/** One domain of a random level: the target its failures hit, and the machines it holds. */
export interface RandomDomain {
  target: FaultTarget;
  name: string;
  /** Hosts (worker nodes and control-plane hosts) in the domain; the `mtbfPer: host` divisor. */
  hosts: number;
}

/** Every domain of `level` in the topology, in topology order. */
export function randomDomains(t: Topology, level: RandomLevel): RandomDomain[] {
  const domain = (lvl: 'rack' | 'zone' | 'region', name: string, index: number, hosts: HostId[]): RandomDomain =>
    ({ target: { type: 'domain', level: lvl, name, index, hosts }, name, hosts: hosts.length });
  const zoneHosts = (z: number): HostId[] => [...t.zones[z].nodes, ...t.zones[z].controlPlane];
  switch (level) {
    case 'node':
      return t.nodes.map((n) => ({ target: { type: 'nodes', name: n.name, nodes: [n.id] }, name: n.name, hosts: 1 }));
    case 'rack':
      return t.racks.map((k) => domain('rack', k.name, k.index, [...k.hosts]));
    case 'zone':
      return t.zones.map((z) => domain('zone', z.name, z.index, zoneHosts(z.index)));
    case 'region':
      return t.regions.map((g) => domain('region', g.name, g.index, g.zones.flatMap(zoneHosts)));
    case 'control-plane':
      return t.controlPlane.map((h) => ({ target: { type: 'control-plane', name: h.name, host: h.id }, name: h.name, hosts: 1 }));
  }
}

/** The stream of one domain of the `rank`-th random entry of its level. */
export function randomStreamName(r: RandomFaults, rank: number, domain: RandomDomain): string {
  return `faults/random/${r.level}#${rank}/${domain.name}`;
}

/**
 * Draws the up time before a domain's next failure. With `mtbfPer: host` the entry's MTBF is per
 * machine, so a domain of n hosts fails n times as often: the draw is divided by n (exact for an
 * exponential: the first of n independent machines to fail). A domain with no host never fails.
 */
export function drawUpTime(r: RandomFaults, domain: RandomDomain, rng: Rng): Time {
  const divisor = r.mtbfPer === 'host' ? domain.hosts : 1;
  if (divisor === 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.round(sample(r.mtbf, rng) / divisor));
}

/** Draws a repair time; at least 1 µs, so a failure always has an end after its start. */
export function drawRepair(r: RandomFaults, rng: Rng): Time {
  return Math.max(1, Math.round(sample(r.mttr, rng)));
}
