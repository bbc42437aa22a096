/**
 * The world's fault actions (src/world/actions.ts) where they keep state between calls: the
 * operator's latest cordon intent per node. A drain's own cordon is the latest intent, so an
 * uncordon still being retried from an earlier fault's end (refused while etcd had no quorum)
 * stops instead of undoing the drain's cordon when it finally commits.
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { WorldFaultActions } from '../../src/world/actions.js';
import { World } from '../../src/world/world.js';
import { scenarioWith } from '../e2e/helpers.js';

describe('cordon intents', () => {
  it.each([1, 2, 3])('a drain started while an older uncordon waits for its retry stays cordoned (seed %i)', (seed) => {
    const w = new World(scenarioWith('vopr', { faults: [], duration: '10m' }), { seed });
    const { ctx } = w;
    const a = new WorldFaultActions(ctx, w.kubelets, w.workloads, w.controlPlane);
    const node = 0;
    const [cp1, cp2] = ctx.topology.controlPlane.map((h) => h.id);
    const log: string[] = [];
    let phase: 'before' | 'refused' | 'draining' = 'before';
    ctx.events.listen((e) => {
      if (e.reason === 'RunStarted') {
        const t0 = e.time;
        ctx.sim.at(t0 + 10 * SEC, 'test cordon', () => a.cordon([node], true));
        ctx.sim.at(t0 + 60 * SEC, 'test quorum loss', () => {
          w.controlPlane!.crashEtcdMember(cp1);
          w.controlPlane!.crashEtcdMember(cp2);
        });
        ctx.sim.at(t0 + 70 * SEC, 'test uncordon', () => a.cordon([node], false));
      } else if (e.reason === 'FaultActionFailed' && phase === 'before') {
        // The uncordon was refused; the operator will retry in 5 s. Quorum comes back meanwhile.
        phase = 'refused';
        log.push(`${e.message}`);
        w.controlPlane!.restartEtcdMember(cp1);
        w.controlPlane!.restartEtcdMember(cp2);
      } else if (e.reason === 'EtcdLeaderElected' && phase === 'refused') {
        phase = 'draining';
        // Logged times are relative to the run's origin; the clock is the kernel's.
        log.push(`drain at +${(ctx.sim.now - w.originUs - ctx.events.byReason('FaultActionFailed')[0].time) / SEC}s`);
        a.drain([node], { parallel: false, timeoutUs: 0 });
      }
    });
    w.run();
    const msg = `seed ${seed}: ${log.join('; ')}`;
    expect(phase, msg).toBe('draining');
    // The election came within the retry's 5 s pause, so the old retry was still due after the drain began.
    expect(Number(/\+([\d.]+)s/.exec(log[1])![1]), msg).toBeLessThan(5);
    expect(ctx.store.nodes[node].unschedulable, msg).toBe(true);
    expect(ctx.events.byReason('NodeSchedulable').filter((e) => e.object === `node/${ctx.store.nodes[node].name}`), msg).toEqual([]);
  });
});
