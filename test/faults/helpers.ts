/**
 * Test helpers for the fault path: the injector alone over a recorder (fast enough for centuries
 * of simulated failures), intervals from fault records, and scenario fixtures with edits.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultActions } from '../../src/faults/actions.js';
import { FaultInjector, type FaultRecord } from '../../src/faults/injector.js';
import type { FaultTimeline } from '../../src/faults/types.js';
import { Streams } from '../../src/kernel/rng.js';
import { Sim } from '../../src/kernel/sim.js';
import type { Time } from '../../src/kernel/time.js';
import { EventLog } from '../../src/metrics/events.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { HostId, Topology } from '../../src/topology/types.js';

/** test/fixtures/scenarios/faults/NAME. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/scenarios/faults/${name}`, import.meta.url));
}

const tmp = mkdtempSync(join(tmpdir(), 'kubeblast-faults-'));
let n = 0;

/**
 * Loads a scenario file after `edit` rewrote its text (paths in `manifests` made absolute first,
 * so the copy loads from anywhere).
 */
export function loadEdited(path: string, edit: (text: string) => string = (t) => t): Scenario {
  const base = dirname(path);
  const text = readFileSync(path, 'utf8').replace(/manifests: \[([^\]]*)\]/, (_, list: string) =>
    `manifests: [${list.split(',').map((p) => JSON.stringify(resolve(base, p.trim().replace(/^"|"$/g, '')))).join(', ')}]`);
  const out = join(tmp, `s${n++}.yaml`);
  writeFileSync(out, edit(text));
  return loadScenario(out);
}

/** FaultActions that do nothing except call `onHost` for host power changes. */
export function quietActions(onHost: (host: HostId, cause: string, up: boolean) => void = () => {}): FaultActions {
  const none = (): void => {};
  return {
    hostDown: (h, c) => onHost(h, c, false),
    hostUp: (h, c) => onHost(h, c, true),
    kubeletStop: none, kubeletStart: none, etcdCrash: none, etcdRestart: none,
    partition: () => 1, heal: none, resolveMoving: () => -1,
    cordon: none, drain: () => ({ cancel: none }), rollout: none, scale: none, nodeDelete: none, outOfService: none,
    rollback: none, podKill: none, containerCrash: none,
  };
}

/** Runs only the injector of a timeline over `horizonUs`; returns its records and events. */
export function runInjector(topology: Topology, timeline: FaultTimeline, horizonUs: Time, seed: number, act: FaultActions = quietActions(), sim = new Sim(), events = new EventLog()):
{ records: FaultRecord[]; events: EventLog } {
  const inj = new FaultInjector(sim, new Streams(seed), events, topology, timeline, horizonUs, act);
  inj.start();
  sim.run(horizonUs);
  return { records: inj.records, events };
}

/** A record's interval in µs (end = Infinity while it still runs at the end). */
export function interval(r: FaultRecord): [Time, Time] {
  return [Math.round(r.startS * 1e6), r.endS === null ? Infinity : Math.round(r.endS * 1e6)];
}

/** The union of intervals, sorted and merged (touching intervals join). */
export function union(intervals: Array<[Time, Time]>): Array<[Time, Time]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const out: Array<[Time, Time]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
