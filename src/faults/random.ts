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
 * repair (`drawUpTime`). `start: new` starts every domain freshly repaired instead.
 */
import { distMean, sample, sampleResidual } from '../kernel/dist.js';
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
 * Where each domain's process stands, by its stream: absent before its first draw, `down` while
 * the repair in progress at t = 0 is still to be drawn, `running` after. The injector asks for an
 * up time, then at the failure for a repair, alternately; this lets the first pair of draws be the
 * equilibrium start without the injector knowing. A stream belongs to one domain's process of one
 * run (`randomStreamName`), so the table holds no state shared between domains or runs.
 */
const phase = new WeakMap<Rng, 'down' | 'running'>();

/**
 * The probability that a domain is down at a random instant of its stationary alternating renewal
 * process: E[repair] / (E[up] + E[repair]), E[up] per domain (divided by its hosts under `mtbfPer: host`).
 */
export function downFraction(r: RandomFaults, domain: RandomDomain): number {
  const divisor = r.mtbfPer === 'host' ? domain.hosts : 1;
  if (divisor === 0) return 0;
  const up = distMean(r.mtbf) / divisor;
  const down = distMean(r.mttr);
  return up + down > 0 ? down / (up + down) : 0;
}

/**
 * Draws the up time before a domain's next failure. With `mtbfPer: host` the entry's MTBF is per
 * machine, so a domain of n hosts fails n times as often: the draw is divided by n (exact for an
 * exponential: the first of n independent machines to fail). A domain with no host never fails.
 *
 * The first draw of a domain with `start: equilibrium` is its state at a random moment of a fleet
 * that has run for ever (a stationary alternating renewal process): down with probability
 * `downFraction`, then this returns 0 (the failure starts at t = 0) and the next `drawRepair` is
 * the residual of a repair; otherwise the residual of an up time (`sampleResidual`, dist.ts).
 * With `start: new` every domain starts freshly repaired and draws a full up time, consuming
 * exactly the draws it did before `start` existed.
 */
export function drawUpTime(r: RandomFaults, domain: RandomDomain, rng: Rng): Time {
  const divisor = r.mtbfPer === 'host' ? domain.hosts : 1;
  if (divisor === 0) return Number.POSITIVE_INFINITY;
  let up: number;
  if (r.start === 'equilibrium' && !phase.has(rng)) {
    if (rng.next() < downFraction(r, domain)) {
      phase.set(rng, 'down');
      return 0;
    }
    phase.set(rng, 'running');
    up = sampleResidual(r.mtbf, rng);
  } else {
    up = sample(r.mtbf, rng);
  }
  return Math.max(0, Math.round(up / divisor));
}

/**
 * Draws a repair time; at least 1 µs, so a failure always has an end after its start. The repair
 * of a domain down at t = 0 (equilibrium start) is the residual of a repair.
 */
export function drawRepair(r: RandomFaults, rng: Rng): Time {
  const residual = phase.get(rng) === 'down';
  if (residual) phase.set(rng, 'running');
  return Math.max(1, Math.round(residual ? sampleResidual(r.mttr, rng) : sample(r.mttr, rng)));
}
