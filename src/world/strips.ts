/**
 * The control-plane health strip of the report, derived from the run's event log (the data
 * model, not live state): etcd leader, etcd quorum, and the controller-manager and scheduler
 * leases. Each strip is a sequence of intervals covering [0, end].
 */
import type { Time } from '../kernel/time.js';
import type { EventLog, SimEvent } from '../metrics/events.js';
import type { Topology } from '../topology/types.js';
import type { Strip, StripInterval } from './result.js';

interface StripRule {
  name: string;
  /** Whether an event sets the state, and to what. */
  step(e: SimEvent): { state: StripInterval['state']; label: string } | null;
  initial: { state: StripInterval['state']; label: string };
}

function holder(message: string): string {
  // `cp-2_3f9a1c became leader` / `cp-2 elected leader at term 3` → cp-2
  return message.split(/[ _]/)[0];
}

const RULES: StripRule[] = [
  {
    name: 'etcd leader',
    initial: { state: 'down', label: 'no leader' },
    step: (e) => e.reason === 'EtcdLeaderElected' ? { state: 'ok', label: holder(e.message) } : e.reason === 'EtcdLeaderLost' ? { state: 'down', label: 'no leader' } : null,
  },
  {
    name: 'etcd quorum',
    initial: { state: 'ok', label: 'quorum' },
    step: (e) => e.reason === 'EtcdQuorumLost' ? { state: 'down', label: 'no quorum' } : e.reason === 'EtcdQuorumRestored' ? { state: 'ok', label: 'quorum' } : null,
  },
  leaseRule('controller-manager leader', 'lease/kube-system/kube-controller-manager'),
  leaseRule('scheduler leader', 'lease/kube-system/kube-scheduler'),
];

function leaseRule(name: string, object: string): StripRule {
  return {
    name,
    initial: { state: 'down', label: 'no leader' },
    step: (e) => e.object !== object ? null : e.reason === 'LeaderElection' ? { state: 'ok', label: holder(e.message) } : e.reason === 'LeaderElectionLost' ? { state: 'down', label: 'no leader' } : null,
  };
}

/** Builds the strips from the events of a run that lasted `endUs`. */
export function stripsFromEvents(events: EventLog, _topology: Topology, endUs: Time): Strip[] {
  return RULES.map((rule) => {
    const intervals: StripInterval[] = [];
    let cur = { ...rule.initial, startUs: 0 };
    for (const e of events.rows) {
      const next = rule.step(e);
      if (!next || (next.state === cur.state && next.label === cur.label)) continue;
      // Boot events (before the run's origin) set the state in force at 0.
      const t = Math.max(0, e.time);
      if (t > cur.startUs) intervals.push({ startUs: cur.startUs, endUs: t, state: cur.state, label: cur.label });
      cur = { ...next, startUs: t };
    }
    if (endUs > cur.startUs) intervals.push({ startUs: cur.startUs, endUs, state: cur.state, label: cur.label });
    return { name: rule.name, intervals };
  });
}
