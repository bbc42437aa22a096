/**
 * The console summary of `kubeblast run`, line by line: the run and boot lines, the BootIncomplete
 * warning, the objects below their objective first and the rest folded (or listed with --all), a
 * line per missed SLO, the control plane with when quorum and leaders were lost, and the faults
 * counted by kind with failed and skipped ones said.
 */
import { describe, expect, it } from 'vitest';
import { describeRun } from '../../src/cli/describe/run-summary.js';
import { FAULTS_LISTED, LISTED } from '../../src/cli/describe/run-events.js';
import type { RunFacts } from '../../src/cli/describe/run-facts.js';
import type { ObjectSummary, SummaryJson } from '../../src/metrics/summary.js';

function obj(object: string, slo: number, extra: Partial<ObjectSummary> = {}): ObjectSummary {
  const down = (1 - slo) * 7200;
  return {
    object, desired: 3, hasSlo: false, sloMinReady: null, availability: { slo, any: 1, full: slo }, lowestReady: slo < 1 ? 1 : 3,
    downtimeS: down, outages: slo < 1 ? 1 : 0, openOutages: 0, timeToRecoverS: slo < 1 ? { p50: down, p95: down, max: down } : { p50: null, p95: null, max: null },
    ...extra,
  };
}

function summary(over: Partial<SummaryJson> = {}): SummaryJson {
  const leader = { leaderChanges: 0, noLeaderS: 0 };
  return {
    schemaVersion: 1, scenario: 's', seed: 3, kubernetesVersion: '1.33', durationS: 7200, objects: [],
    controlPlane: { etcd: { members: 3, leaderChanges: 2, noLeaderS: 1.9, noQuorumS: 62, elections: [] }, apiserver: { unavailableS: 63 }, controllerManager: { leaderChanges: 1, noLeaderS: 17.2 }, scheduler: leader },
    faults: [], sim: { events: 10, bootS: 26, wallMs: 5 }, ...over,
  };
}

const NONE: RunFacts = { bootIncomplete: null, lost: [] };
const text = (s: SummaryJson, facts = NONE, all = false) => describeRun(s, facts, { all }).join('\n');

describe('run and boot lines', () => {
  it('names the run, with lengths humanized', () => {
    expect(describeRun(summary({ durationS: 365 * 86400 }))[0]).toMatch(/^s {2}seed 3 {2}Kubernetes 1\.33 {2}365d simulated in 5ms/);
    expect(describeRun(summary({ durationS: 5880 }))[0]).toContain('1h 38m simulated');
  });

  it('says how long the boot took and that t = 0 is its end', () => {
    expect(text(summary({ sim: { events: 1, bootS: 31.5, wallMs: 1 } }))).toContain('boot: 31.5s from an empty cluster to t = 0');
  });

  it('warns BootIncomplete naming every object short at t = 0', () => {
    const objects = Array.from({ length: 12 }, (_, i) => `deployment/default/w${i}`);
    const t = text(summary(), { bootIncomplete: { reason: '12 object below their desired count', objects }, lost: [] });
    const line = t.split('\n').find((l) => l.startsWith('WARNING BootIncomplete')) ?? '';
    expect(line).toContain('never converged');
    for (const o of objects) expect(line).toContain(o);
    expect(text(summary())).not.toContain('BootIncomplete');
  });

  it('prints the scenario warnings', () => {
    expect(text(summary({ warnings: ['etcd: 2 of 3 members in zone a'] }))).toContain('warning: etcd: 2 of 3 members in zone a');
  });
});

describe('objects', () => {
  const objects = [obj('deployment/default/a', 1), obj('service/default/b', 0.99), obj('deployment/default/c', 0.5), obj('deployment/default/d', 1)];

  it('lists the objects below their objective, worst first, and folds the rest into a count', () => {
    const lines = describeRun(summary({ objects }));
    expect(lines).toContain('2 objects of 4 fell below their objective:');
    const rows = lines.filter((l) => /^ {2}(deployment|service)\//.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(['deployment/default/c', 'service/default/b']);
    expect(lines).toContain('+ 2 objects at their objective throughout (--all lists them)');
  });

  it('--all lists every object, those below first', () => {
    const rows = describeRun(summary({ objects }), NONE, { all: true }).filter((l) => /^ {2}(deployment|service)\//.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual(['deployment/default/c', 'service/default/b', 'deployment/default/a', 'deployment/default/d']);
    expect(text(summary({ objects }), NONE, true)).not.toContain('--all lists');
  });

  it('has a lowest-ready column, the objective, and humanized downtime and TTR', () => {
    const lines = describeRun(summary({ objects: [obj('service/default/b', 0.99, { lowestReady: 0, sloMinReady: 2, hasSlo: true })] }));
    const header = lines.find((l) => l.includes('lowest ready')) ?? '';
    const row = lines.find((l) => l.includes('service/default/b')) ?? '';
    const col = (name: string) => row.slice(header.indexOf(name)).split(/\s{2,}/)[0];
    expect(col('objective')).toBe('≥2');
    expect(col('lowest ready')).toBe('0');
    expect(col('met objective')).toBe('99.000%');
    // 1 % of 2 h = 72 s.
    expect(col('downtime')).toBe('1m 12s');
    expect(col('TTR max')).toBe('1m 12s');
  });

  it('says when every object met its objective', () => {
    const lines = describeRun(summary({ objects: [obj('deployment/default/a', 1), obj('deployment/default/b', 1)] }));
    expect(lines).toContain('every object met its objective throughout (2 objects; --all lists them)');
    expect(lines.filter((l) => l.includes('at their objective') || l.includes('deployment/default/'))).toEqual([]);
    expect(describeRun(summary({ objects: [obj('deployment/default/a', 1)] }), NONE, { all: true })).toContain('every object met its objective throughout (1 object)');
  });

  it('defines the columns under the table', () => {
    expect(text(summary({ objects }))).toMatch(/summary\.json availability\.slo \/ any \/ full/);
  });
});

describe('missed SLOs', () => {
  it('gives one line per object whose explicit SLO was missed, none for objects without one', () => {
    const objects = [
      obj('service/default/checkout', 0.99, { hasSlo: true, sloMinReady: 2, outages: 2, openOutages: 1, timeToRecoverS: { p50: 30, p95: 30, max: 30 } }),
      obj('deployment/default/cart', 0.9),
    ];
    const missed = describeRun(summary({ objects })).filter((l) => l.startsWith('SLO missed'));
    expect(missed).toEqual(['SLO missed: service/default/checkout (≥2 serving) below for 1m 12s in 2 outages, longest recovered 30s; still below at the end; met 99.000% of the time']);
  });
});

describe('control plane', () => {
  it('gives the totals, then each loss of quorum or a leader with its time and length', () => {
    const intervals = Array.from({ length: LISTED + 2 }, (_, i) => ({ startS: 3600 + 100 * i, endS: 3601.5 + 100 * i }));
    const facts: RunFacts = { bootIncomplete: null, lost: [
      { role: 'etcd quorum', intervals: [{ startS: 3600, endS: 3662 }] },
      { role: 'etcd leader', intervals },
      { role: 'controller-manager leader', intervals: [{ startS: 7000, endS: null }] },
      { role: 'scheduler leader', intervals: [] },
    ] };
    const lines = describeRun(summary(), facts);
    expect(lines).toContain('etcd: 3 members, 2 leader changes, no leader 1.9s, no quorum 1m 2s; API server unavailable 1m 3s');
    expect(lines).toContain('controller-manager: 1 leader change, no leader 17.2s; scheduler: 0 leader changes, no leader 0s');
    expect(lines).toContain('etcd quorum lost 1 time, 1m 2s in all: 01:00:00 for 1m 2s');
    const leader = lines.find((l) => l.startsWith('etcd leader lost')) ?? '';
    expect(leader).toContain(`etcd leader lost ${LISTED + 2} times, 10.5s in all: 01:00:00 for 1.5s, 01:01:40 for 1.5s`);
    expect(leader).toContain('and 2 more');
    // Still lost at the end: counted to the end of the run (7200 s).
    expect(lines).toContain('controller-manager leader lost 1 time, 3m 20s in all: 01:56:40 to the end');
    expect(lines.some((l) => l.startsWith('scheduler leader lost'))).toBe(false);
  });

  it('says when nothing was lost', () => {
    const facts: RunFacts = { bootIncomplete: null, lost: [{ role: 'etcd quorum', intervals: [] }] };
    expect(describeRun(summary(), facts)).toContain('etcd quorum and every leader held throughout');
  });
});

describe('faults', () => {
  it('counts them by kind, says how each ended, and counts those not listed', () => {
    const faults: SummaryJson['faults'] = [
      { kind: 'zone-outage', target: 'a', startS: 3600, endS: 5400, origin: 'scheduled' },
      { kind: 'drain', target: 'workers', startS: 100, endS: 160, origin: 'scheduled', outcome: 'failed', error: 'drain did not complete within 60s' },
      { kind: 'etcd-member-crash', target: 'etcd-leader', startS: 200, endS: null, origin: 'scheduled', skipped: 'no etcd-leader at that moment' },
      { kind: 'rollout', target: 'deployment/default/x', startS: 4200, endS: null, origin: 'scheduled', outcome: 'succeeded' },
      ...Array.from({ length: FAULTS_LISTED }, (_, i) => ({ kind: 'node-crash', target: `n${i}`, startS: 4000 + i, endS: null, origin: 'random' })),
    ];
    const lines = describeRun(summary({ faults }));
    expect(lines).toContain(`faults: ${faults.length} — node-crash ${FAULTS_LISTED}, drain 1, etcd-member-crash 1, rollout 1, zone-outage 1; 1 failed, 1 skipped`);
    const row = (target: string) => lines.find((l) => l.includes(` ${target} `)) ?? '';
    expect(row('a')).toMatch(/zone-outage +a +01:00:00 for 30m$/);
    expect(row('workers')).toMatch(/00:01:40 for 1m, failed: drain did not complete within 60s$/);
    expect(row('etcd-leader')).toMatch(/00:03:20, skipped: no etcd-leader at that moment$/);
    expect(row('deployment/default/x')).toMatch(/01:10:00$/);
    expect(row('n0')).toMatch(/01:06:40 to the end$/);
    expect(lines).toContain('  + 4 more (every one in summary.json faults and events.csv)');
    expect(lines.join('\n')).not.toContain('…');
  });

  it('says when there were none', () => {
    expect(describeRun(summary())).toContain('faults: none');
  });
});
