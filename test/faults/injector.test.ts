/** The injector over a recorder: what it asks of the world, when, and how overlapping faults compose. */
import { describe, expect, it } from 'vitest';
import type { FaultActions } from '../../src/faults/actions.js';
import { Sim } from '../../src/kernel/sim.js';
import { HOUR } from '../../src/kernel/time.js';
import { EventLog } from '../../src/metrics/events.js';
import { load } from '../scenario/helpers.js';
import { runInjector } from './helpers.js';

/** Loads faults over the test topology (test/scenario/helpers.ts: node eu-a-r1-n1 is host 0, cp-1 is host 20). */
function timeline(...items: string[]) {
  return load(`  duration: 10h\n  faults:\n${items.map((i) => `    ${i}`).join('\n')}`);
}

/** Runs the injector; returns the world calls as `HOURS action host`, and the events. */
function calls(items: string[], opts: { leader?: number } = {}): { log: string[]; events: EventLog } {
  const s = timeline(...items);
  const sim = new Sim();
  const log: string[] = [];
  const events = new EventLog();
  const note = (what: string) => {
    // Every effect follows the announcement of its start or end, at the same instant.
    const last = events.rows[events.rows.length - 1];
    expect(last && ['FaultStarted', 'FaultEnded'].includes(last.reason) && last.time === sim.now, `${what} after ${last?.reason}`).toBe(true);
    log.push(`${sim.now / HOUR} ${what}`);
  };
  const act: FaultActions = {
    hostDown: (h) => note(`down ${h}`), hostUp: (h) => note(`up ${h}`),
    kubeletStop: (h) => note(`kubelet-stop ${h}`), kubeletStart: (h) => note(`kubelet-start ${h}`),
    etcdCrash: (h) => note(`etcd-crash ${h}`), etcdRestart: (h) => note(`etcd-restart ${h}`),
    partition: () => { note('partition'); return 7; }, heal: (id) => note(`heal ${id}`),
    resolveMoving: () => opts.leader ?? -1,
    cordon: (nodes, on) => note(`${on ? 'cordon' : 'uncordon'} ${nodes.join(',')}`),
    drain: (nodes) => {
      note(`drain ${nodes.join(',')}`);
      return { cancel: () => note(`stop drain ${nodes.join(',')}`) };
    },
    rollout: (w, image) => note(`rollout ${w} ${image}`), scale: (w, n) => note(`scale ${w} ${n}`),
    nodeDelete: (nodes) => note(`node-delete ${nodes.join(',')}`),
    outOfService: (nodes, on) => note(`${on ? 'taint' : 'untaint'} out-of-service ${nodes.join(',')}`),
    rollback: (w, rev) => note(`rollback ${w} ${rev}`), podKill: (w) => note(`pod-kill ${w}`),
    containerCrash: (w, on) => note(`container-crash ${w} ${on}`),
  };
  runInjector(s.topology, s.faults, s.durationUs, 1, act, sim, events);
  return { log, events };
}

describe('overlapping faults hold their target until the last one ends', () => {
  it('kubelet-stop: the kubelet starts again only when both stops are over', () => {
    expect(calls(['- { at: 1h, for: 2h, kubelet-stop: eu-a-r1-n1 }', '- { at: 2h, for: 2h, kubelet-stop: eu-a/r1 }']).log)
      .toEqual(['1 kubelet-stop 0', '2 kubelet-stop 1', '2 kubelet-stop 2', '4 kubelet-start 0', '4 kubelet-start 1', '4 kubelet-start 2']);
  });

  it('cordon and drain: a drain ending inside a cordon stops its kubectl and leaves the node cordoned', () => {
    expect(calls(['- { at: 1h, for: 2h, cordon: eu-a-r1-n1 }', '- { at: 2h, for: 30m, drain: eu-a-r1-n1 }']).log)
      .toEqual(['1 cordon 0', '2 drain 0', '2.5 stop drain 0', '3 uncordon 0']);
    // The end of a drain stops the drain first, then uncordons.
    expect(calls(['- { at: 1h, for: 30m, drain: eu-a/r1 }']).log).toEqual(['1 drain 0,1,2', '1.5 stop drain 0,1,2', '1.5 uncordon 0', '1.5 uncordon 1', '1.5 uncordon 2']);
    expect(calls(['- { at: 1h, for: 30m, cordon: eu-a-r1-n1 }', '- { at: 1h15m, drain: eu-a-r1-n1 }']).log)
      .toEqual(['1 cordon 0', '1.25 drain 0']);
  });

  it('etcd-member-crash: the member restarts when the last crash ends', () => {
    expect(calls(['- { at: 1h, for: 2h, etcd-member-crash: cp-1 }', '- { at: 2h, for: 30m, etcd-member-crash: cp-1 }']).log)
      .toEqual(['1 etcd-crash 20', '3 etcd-restart 20']);
  });

  it('host power composes in the network (the injector passes every cause through)', () => {
    expect(calls(['- { at: 1h, for: 2h, node-crash: eu-a-r1-n1 }', '- { at: 2h, for: 30m, rack-power: eu-a/r1 }']).log)
      .toEqual(['1 down 0', '2 down 0', '2 down 1', '2 down 2', '2.5 up 0', '2.5 up 1', '2.5 up 2', '3 up 0']);
  });
});

describe('records and events', () => {
  it('announces a fault before its effects, names the host a moving target resolved to, and skips one with no holder', () => {
    const { log, events } = calls(['- { at: 1h, for: 1h, etcd-member-crash: etcd-leader }'], { leader: 21 });
    expect(log).toEqual(['1 etcd-crash 21', '2 etcd-restart 21']);
    expect(events.rows.map((e) => `${e.reason} ${e.message}`)).toEqual([
      'FaultStarted etcd-member-crash etcd-leader (cp-2) for 3600s', 'FaultEnded etcd-member-crash etcd-leader',
    ]);
    const none = calls(['- { at: 1h, for: 1h, control-plane-crash: scheduler-leader }']);
    expect(none.log).toEqual([]);
    expect(none.events.rows.map((e) => `${e.reason} ${e.message}`)).toEqual(['FaultSkipped control-plane-crash scheduler-leader: no scheduler-leader at that moment']);
  });

  it('a reboot without for comes straight back; rollout and scale are instantaneous; partitions heal by handle', () => {
    const { log, events } = calls([
      '- { at: 1h, node-reboot: eu-a-r1-n1 }',
      '- { at: 2h, rollout: { workload: web, image: "web:2" } }',
      '- { at: 3h, scale: { workload: web, replicas: 4 } }',
      '- { at: 4h, for: 1h, partition: { groups: [[control-plane]], cut: kubelet-apiserver } }',
    ]);
    expect(log).toEqual(['1 down 0', '1 up 0', '2 rollout deployment/default/web web:2', '3 scale deployment/default/web 4', '4 partition', '5 heal 7']);
    expect(events.byReason('FaultStarted').map((e) => e.message)).toEqual([
      'node-reboot eu-a-r1-n1 for 0s', 'rollout deployment/default/web', 'scale deployment/default/web',
      'partition control-plane | (everything else) (kubelet-apiserver) for 3600s',
    ]);
    expect(events.byReason('FaultEnded').map((e) => e.message)).toEqual(['node-reboot eu-a-r1-n1', 'partition control-plane | (everything else) (kubelet-apiserver)']);
  });

  it('repeats every/count and records each occurrence; one still running at the end has endS null', () => {
    const s = timeline('- { at: 9h, every: 20m, count: 5, for: 15m, node-crash: eu-a-r1-n1 }');
    const { records } = runInjector(s.topology, s.faults, s.durationUs, 1);
    // 9h, 9h20m, 9h40m start before the 10h end; the last one ends at 9h55m; count 5 is cut by the end.
    expect(records.map((r) => [r.startS / 3600, r.endS === null ? null : r.endS / 3600])).toEqual([[9, 9.25], [9 + 1 / 3, 9 + 7 / 12], [9 + 2 / 3, 9 + 11 / 12]]);
    const late = timeline('- { at: 9h50m, for: 30m, zone-outage: eu-b }');
    expect(runInjector(late.topology, late.faults, late.durationUs, 1).records).toMatchObject([{ kind: 'zone-outage', endS: null, origin: 'scheduled' }]);
  });
});
