/**
 * Faults end as they ended (issue 9): a client operation whose kubectl gave up — a drain past its
 * timeout, a request the API refused — has the time it gave up as `endS` and `outcome: failed`,
 * in summary.json's faults and as a `FaultEnded` warning in events.csv; one that worked says
 * `outcome: succeeded` and keeps its scheduled end.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultActions, OnOutcome } from '../../src/faults/actions.js';
import { Sim } from '../../src/kernel/sim.js';
import { SEC } from '../../src/kernel/time.js';
import { EventLog } from '../../src/metrics/events.js';
import { load } from '../scenario/helpers.js';
import { quietActions, runInjector } from './helpers.js';
import { runE2E } from '../e2e/helpers.js';
import { loadScenario } from '../../src/scenario/load.js';
import { writeScenario } from '../scenario/helpers.js';

/** Actions whose client operations answer `ok` after `afterS` seconds; `log` gets the cordons. */
function answering(sim: Sim, ok: boolean, afterS: number, log: string[]): FaultActions {
  const answer = (done?: OnOutcome) => sim.after(afterS * SEC, 'answer', () => done?.({ ok, message: ok ? 'done' : 'error: gave up' }));
  return {
    ...quietActions(),
    cordon: (nodes, on, done) => { log.push(`${sim.now / SEC} ${on ? 'cordon' : 'uncordon'} ${nodes.join(',')}`); answer(done); },
    drain: (nodes, _opts, done) => {
      log.push(`${sim.now / SEC} drain ${nodes.join(',')}`);
      answer(done);
      return { cancel: () => log.push(`${sim.now / SEC} stop drain`) };
    },
    rollout: (_w, _i, done) => answer(done),
    scale: (_w, _n, done) => answer(done),
  };
}

/** Six web pods (PDB minAvailable 5) and a DaemonSet on 12 nodes. */
const DRAIN = fileURLToPath(new URL('../fixtures/scenarios/workloads/drain.yaml', import.meta.url));

function run(items: string[], ok: boolean, afterS: number) {
  const s = load(`  duration: 2h\n  faults:\n${items.map((i) => `    ${i}`).join('\n')}`);
  const sim = new Sim();
  const log: string[] = [];
  const events = new EventLog();
  const { records } = runInjector(s.topology, s.faults, s.durationUs, 1, answering(sim, ok, afterS, log), sim, events);
  return { records, events, log };
}

describe('the injector records how an operation ended', () => {
  it('a drain whose kubectl gave up ends then, failed; its cordon is still undone at the scheduled end', () => {
    const { records, events, log } = run(['- { at: 100s, for: 600s, drain: eu-a-r1-n1 }'], false, 30);
    expect(records).toMatchObject([{ kind: 'drain', startS: 100, endS: 130, outcome: 'failed', error: 'error: gave up' }]);
    const ended = events.byReason('FaultEnded');
    expect(ended.map((e) => [e.time / SEC, e.type, e.message])).toEqual([[130, 'Warning', 'drain eu-a-r1-n1 failed: error: gave up']]);
    // kubectl exited at 130 s; at 700 s the operator still uncordons (no second FaultEnded).
    expect(log).toEqual(['100 drain 0', '700 stop drain', '700 uncordon 0']);
  });

  it('a drain that worked keeps its scheduled end and says succeeded', () => {
    const { records, events } = run(['- { at: 100s, for: 600s, drain: eu-a-r1-n1 }'], true, 30);
    expect(records).toMatchObject([{ kind: 'drain', endS: 700, outcome: 'succeeded' }]);
    expect(records[0].error).toBeUndefined();
    expect(events.byReason('FaultEnded').map((e) => [e.time / SEC, e.type])).toEqual([[700, 'Normal']]);
  });

  it('the answer of a drain cancelled by its end does not count', () => {
    const { records } = run(['- { at: 100s, for: 20s, drain: eu-a-r1-n1 }'], false, 30);
    expect(records).toMatchObject([{ endS: 120 }]);
    expect(records[0].outcome).toBeUndefined();
  });

  it('refused rollout, scale and cordon end when refused, failed', () => {
    const { records } = run([
      '- { at: 100s, rollout: { workload: web, image: "web:2" } }',
      '- { at: 200s, scale: { workload: web, replicas: 4 } }',
      '- { at: 300s, for: 1h, cordon: eu-a/r1 }',
    ], false, 2);
    expect(records.map((r) => [r.kind, r.endS, r.outcome])).toEqual([['rollout', 102, 'failed'], ['scale', 202, 'failed'], ['cordon', 302, 'failed']]);
  });

  it('instantaneous operations that worked keep endS null', () => {
    const { records } = run(['- { at: 100s, scale: { workload: web, replicas: 4 } }'], true, 2);
    expect(records).toMatchObject([{ kind: 'scale', endS: null, outcome: 'succeeded' }]);
  });
});

describe('in a whole run', () => {
  it.each([1, 2])('a drain of every worker, blocked by a PDB, gives up at its timeout (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    // Every node is cordoned, so an evicted web pod has nowhere to go and the PDB (minAvailable 5
    // of 6) refuses the next eviction until kubectl's 60 s timeout on the first node.
    const text = readFileSync(DRAIN, 'utf8').replace('manifests/drain.yaml', resolve(dirname(DRAIN), 'manifests/drain.yaml'))
      .replace('duration: 2h', 'duration: 1h\n  faults: [{ at: 100s, drain: { target: workers, timeout: 60s }, for: 30m }]');
    const r = runE2E(loadScenario(writeScenario(text)), { seed });
    const f = r.summary.faults;
    expect(f.length, msg).toBe(1);
    expect(f[0], msg).toMatchObject({ kind: 'drain', outcome: 'failed', startS: 100 });
    expect(f[0].error, msg).toContain('did not complete within 60s');
    // It gave up 60 s after the first node's evictions began (the cordons commit within a second).
    expect(f[0].endS! - 160, msg).toBeGreaterThanOrEqual(0);
    expect(f[0].endS! - 160, msg).toBeLessThan(2);
    const ended = r.events.filter((e) => e.reason === 'FaultEnded');
    expect(ended.map((e) => [e.t, e.type]), msg).toEqual([[f[0].endS, 'Warning']]);
  });
});
