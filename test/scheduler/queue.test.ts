import { describe, expect, it } from 'vitest';
import { Sim } from '../../src/kernel/sim.js';
import { SEC } from '../../src/kernel/time.js';
import { PodInfo } from '../../src/scheduler/cache/pod-info.js';
import type { ClusterEvent, EnqueueExtensions } from '../../src/scheduler/framework/interfaces.js';
import { SchedulingQueue } from '../../src/scheduler/queue/scheduling-queue.js';
import { node, pod } from './build.js';

const config = { percentageOfNodesToScore: 0, podInitialBackoffUs: 1 * SEC, podMaxBackoffUs: 10 * SEC, podMaxInUnschedulablePodsDurationUs: 300 * SEC };

describe('backoff duration (calculateBackoffDuration)', () => {
  // initial 1 s × 2^(attempts − 1), capped at 10 s
  const cases = [
    { attempts: 1, want: 1 },
    { attempts: 2, want: 2 },
    { attempts: 3, want: 4 },
    { attempts: 4, want: 8 },
    { attempts: 5, want: 10 }, // 16 capped
    { attempts: 40, want: 10 },
  ];
  for (const c of cases) {
    it(`attempt ${c.attempts} → ${c.want} s`, () => {
      const p = new PodInfo(pod('p'));
      p.attempts = c.attempts;
      expect(p.backoffUs(1 * SEC, 10 * SEC)).toBe(c.want * SEC);
    });
  }
});

/** A plugin (id 4, like NodeResourcesFit) that lets every AssignedPodDelete requeue. */
const fitLike: EnqueueExtensions = { name: 'FitLike', id: 4, events: ['AssignedPodDelete'], isSchedulableAfter: (e: ClusterEvent) => e.kind === 'AssignedPodDelete' };

function queue(sim: Sim): SchedulingQueue {
  return new SchedulingQueue(sim, config, [fitLike], 0, () => {}, sim.timer('backoff', () => q.flushBackoff()), sim.timer('leftover', () => q.flushLeftover()));
}
let q: SchedulingQueue;

describe('SchedulingQueue', () => {
  it('pops by priority, then by queue timestamp', () => {
    const sim = new Sim();
    q = queue(sim);
    const low = new PodInfo(pod('low', { priority: 0 }));
    const high = new PodInfo(pod('high', { priority: 100 }));
    const late = new PodInfo(pod('late', { priority: 100 }));
    q.add(low);
    q.add(high);
    sim.at(5, 'later', () => q.add(late));
    sim.run();
    expect([q.pop(), q.pop(), q.pop()].map((p) => p?.pod.name)).toEqual(['high', 'late', 'low']);
  });

  it('moves an unschedulable pod on a registered event: to backoffQ while backing off, then to activeQ on the 1 s tick', () => {
    const sim = new Sim();
    q = queue(sim);
    const p = new PodInfo(pod('p'));
    const other = new PodInfo(pod('o'));
    sim.at(300_000, 'fail', () => {
      q.add(p);
      q.pop(); // attempt 1
      q.addUnschedulable(p, 1 << 4); // at 0.3 s: backoff until 1.3 s
    });
    sim.at(500_000, 'delete', () => q.onEvent({ kind: 'AssignedPodDelete', pod: other, node: 0 }));
    sim.run(1.9 * SEC);
    expect(q.sizes).toEqual({ active: 0, backoff: 1, unschedulable: 0 });
    sim.run(2 * SEC); // first 1 s tick at or after 1.3 s is 2 s
    expect(q.sizes).toEqual({ active: 1, backoff: 0, unschedulable: 0 });
  });

  it('ignores events that no rejecting plugin registered', () => {
    const sim = new Sim();
    q = queue(sim);
    const p = new PodInfo(pod('p'));
    q.add(p);
    q.pop();
    q.addUnschedulable(p, 1 << 4);
    q.onEvent({ kind: 'NodeUpdate', node: node('n'), change: 'taints' });
    expect(q.sizes.unschedulable).toBe(1);
  });
});
