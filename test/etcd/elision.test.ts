/**
 * Heartbeat elision: the elided driver must be observably the same as one that plays every
 * heartbeat, and must cost events only when the picture changes.
 *
 * Heartbeat latencies are keyed draws, so both drivers see the same randomness: their traces
 * (every role transition with its time), commits and election records are compared for exact
 * equality — stronger than statistical indistinguishability, which is reported as well.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, SEC, YEAR } from '../../src/kernel/time.js';
import { makeCluster } from './helpers.js';
import { runSchedule } from './schedule.js';
import { mean } from './stats.js';

describe('elided and explicit drivers agree', () => {
  it('on 300 random fault schedules (seeds 2001…2300): same transitions, elections, commits and safety', () => {
    const dur = { elided: [] as number[], explicit: [] as number[] };
    let events = { elided: 0, explicit: 0 };
    for (let seed = 2001; seed <= 2300; seed++) {
      const a = runSchedule(seed, true, 20 * SEC);
      const b = runSchedule(seed, false, 20 * SEC);
      expect(a.trace, `${a.settings}: transitions differ`).toEqual(b.trace);
      expect(a.f.cluster.recorder.elections, `${a.settings}: elections differ`).toEqual(b.f.cluster.recorder.elections);
      expect([a.committed, a.failed], `${a.settings}: writes differ`).toEqual([b.committed, b.failed]);
      expect([a.checker.violations, b.checker.violations], `${a.settings}: safety`).toEqual([[], []]);
      for (const e of a.f.cluster.recorder.elections) dur.elided.push(e.endUs - e.startUs);
      for (const e of b.f.cluster.recorder.elections) dur.explicit.push(e.endUs - e.startUs);
      events = { elided: events.elided + a.f.sim.eventsRun, explicit: events.explicit + b.f.sim.eventsRun };
    }
    console.log(`elision: ${dur.elided.length} elections, mean ${(mean(dur.elided) / 1000).toFixed(1)} ms elided vs ${(mean(dur.explicit) / 1000).toFixed(1)} ms explicit; events ${events.elided} elided vs ${events.explicit} explicit`);
    expect(dur.elided.length).toBeGreaterThan(100);
  });
});

describe('elision cost', () => {
  it('a healthy 5-member cluster costs a few dozen events for a year (seeds 1…20)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const f = makeCluster({ seed, members: 5, backgroundWriteIntervalUs: SEC });
      f.cluster.start();
      f.sim.run(YEAR);
      expect(f.cluster.leader(), `seed ${seed}`).toBeGreaterThanOrEqual(0);
      expect(f.cluster.isSteady, `seed ${seed}`).toBe(true);
      expect(f.sim.eventsRun, `seed ${seed}: events for a healthy year`).toBeLessThan(200);
    }
  });

  it('an isolated follower costs events only while isolated (seed 7)', () => {
    const f = makeCluster({ seed: 7, members: 5, backgroundWriteIntervalUs: SEC });
    f.cluster.start();
    f.sim.run(1 * MIN);
    const l = f.cluster.leader();
    const victim = (l + 1) % 5;
    const others = f.cluster.hosts.filter((_, i) => i !== victim);
    const before = f.sim.eventsRun;
    const id = f.network.addPartition({ groups: [[f.cluster.hosts[victim]], others], cut: 'etcd-etcd', oneWay: false });
    f.sim.run(f.sim.now + 10 * MIN);
    const during = f.sim.eventsRun - before;
    f.network.removePartition(id);
    f.sim.run(f.sim.now + 1 * MIN);
    const afterHeal = f.sim.eventsRun;
    f.sim.run(f.sim.now + 1 * HOUR);
    const lastHour = f.sim.eventsRun - afterHeal;
    console.log(`isolated follower: ${during} events in 10 min isolated, ${lastHour} in the hour after healing; leader unchanged: ${f.cluster.leader() === l}`);
    // Pre-votes every 1–2 s that fail: a few events each, and nothing once healed.
    expect(during).toBeGreaterThan(100);
    expect(during).toBeLessThan(3000);
    expect(lastHour).toBe(0);
    expect(f.cluster.leader(), 'pre-vote and check-quorum keep the leader').toBe(l);
  });
});
