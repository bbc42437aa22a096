/**
 * Random failures (design.md §3 `random`): every domain of a level alternates up time (drawn from
 * `mtbf`) and repair (drawn from `mttr`) — a two-state process per domain, independent of every
 * other domain and of everything else in the run.
 *
 * Each domain draws from its own stream, named by level, the entry's rank among the entries of
 * that level, and the domain: `faults/random/node#0/eu-a-r1-n3`. A seed therefore gives the same
 * failure and repair times whatever else the scenario holds (workloads, other faults, control-plane
 * settings): nothing but this domain's own process ever draws from its stream.
 *
 * By default (`start: equilibrium`) the run looks at an existing fleet at a random moment: at
 * t = 0 each domain is up or down with its long-run odds, part-way through its current up time or
 * repair (`drawStart`). `start: new` starts every domain freshly repaired instead.
 */
import { distMean, sample, sampleResidual } from '../kernel/dist.js';
import type { Rng } from '../kernel/rng.js';
import type { Time } from '../kernel/time.js';
import type { HostId, Topology } from '../topology/types.js';
import type { FaultTarget, RandomFaults, RandomLevel } from './types.js';

/** One domain of a random level: the target its failures hit, and its name (for its stream). */
export interface RandomDomain {
  target: FaultTarget;
  name: string;
}

/** Every domain of `level` in the topology, in topology order. */
export function randomDomains(t: Topology, level: RandomLevel): RandomDomain[] {
  const domain = (lvl: 'rack' | 'zone' | 'region', name: string, index: number, hosts: HostId[]): RandomDomain =>
    ({ target: { type: 'domain', level: lvl, name, index, hosts }, name });
  const zoneHosts = (z: number): HostId[] => [...t.zones[z].nodes, ...t.zones[z].controlPlane];
  switch (level) {
    case 'node':
      return t.nodes.map((n) => ({ target: { type: 'nodes', name: n.name, nodes: [n.id] }, name: n.name }));
    case 'rack':
      return t.racks.map((k) => domain('rack', k.name, k.index, [...k.hosts]));
    case 'zone':
      return t.zones.map((z) => domain('zone', z.name, z.index, zoneHosts(z.index)));
    case 'region':
      return t.regions.map((g) => domain('region', g.name, g.index, g.zones.flatMap(zoneHosts)));
    case 'control-plane':
      return t.controlPlane.map((h) => ({ target: { type: 'control-plane', name: h.name, host: h.id }, name: h.name }));
  }
}

/** The stream of one domain of the `rank`-th random entry of its level. */
export function randomStreamName(r: RandomFaults, rank: number, domain: RandomDomain): string {
  return `faults/random/${r.level}#${rank}/${domain.name}`;
}

/** A domain's state at t = 0: down for `downUs` more (its failure starts at t = 0), or up for `upUs` more. */
export type RandomStartState = { downUs: Time } | { upUs: Time };

/**
 * The probability that a domain is down at a random instant of its stationary alternating renewal
 * process: E[repair] / (E[up] + E[repair]).
 */
export function downFraction(r: RandomFaults): number {
  const up = distMean(r.mtbf);
  const down = distMean(r.mttr);
  return up + down > 0 ? down / (up + down) : 0;
}

/**
 * Where a domain's process stands at t = 0, its first draws. With `start: equilibrium` it is a
 * fleet that has run for ever (a stationary alternating renewal process): down with probability
 * `downFraction`, for the residual of a repair; otherwise up, for the residual of an up time
 * (`sampleResidual`, dist.ts). With `start: new` every domain starts freshly repaired and draws a
 * full up time, consuming exactly the draws it did before `start` existed.
 */
export function drawStart(r: RandomFaults, rng: Rng): RandomStartState {
  if (r.start === 'new') return { upUs: drawUpTime(r, rng) };
  if (rng.next() < downFraction(r)) return { downUs: Math.max(1, Math.round(sampleResidual(r.mttr, rng))) };
  return { upUs: Math.max(0, Math.round(sampleResidual(r.mtbf, rng))) };
}

/** Draws the up time from a repair to the domain's next failure. */
export function drawUpTime(r: RandomFaults, rng: Rng): Time {
  return Math.max(0, Math.round(sample(r.mtbf, rng)));
}

/** Draws a repair time; at least 1 µs, so a failure always has an end after its start. */
export function drawRepair(r: RandomFaults, rng: Rng): Time {
  return Math.max(1, Math.round(sample(r.mttr, rng)));
}
