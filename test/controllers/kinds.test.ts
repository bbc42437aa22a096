// Kinds still served that people still use: ReplicationController (pkg/apis/core/v1/defaults.go
// SetDefaults_ReplicationController; pkg/controller/replication runs the ReplicaSet controller), and
// Jobs / bare Pods that run to completion (pkg/kubelet/kubelet_pods.go getPhase: Succeeded) are
// finished, not outages.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSummary } from '../../src/metrics/summary.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/world/world.js';
import { load, only } from '../manifests/helpers.js';

describe('ReplicationController', () => {
  it('selector defaults to the template labels; replicas 1; read as a ReplicaSet', () => {
    const w = only(load('apiVersion: v1\nkind: ReplicationController\nmetadata: { name: rc }\nspec:\n  template:\n    metadata: { labels: { app: rc, tier: x } }\n    spec:\n      containers: [{ name: c, image: i }]\n'));
    expect(w).toMatchObject({ kind: 'ReplicationController', key: 'replicationcontroller/default/rc', replicas: 1, strategy: 'OnDelete' });
    expect(w.selector.key).toBe('app=rc,tier=x');
  });
});

describe('a run with an RC, a Job and a bare Pod that complete (seed 5)', () => {
  const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/rc-and-finished.yaml', import.meta.url)));
  const r = runScenario(s, {});
  const summary = buildSummary(r, 0);
  const obj = (key: string) => summary.objects.find((o) => o.object === key)!;

  it('the RC keeps 3 pods that its Service selects, and recovers after the node crash', () => {
    expect(obj('replicationcontroller/default/legacy').desired, 'seed 5').toBe(3);
    expect(obj('service/default/legacy').desired, 'seed 5').toBe(3);
    const rc = r.availability.all().find((x) => x.key === 'replicationcontroller/default/legacy')!;
    expect(rc.values[rc.values.length - 5 + 1], 'seed 5: ready at the end').toBe(3);
  });

  it('the Job (5 min) and the Pod finish with desired 0 and no outage', () => {
    for (const key of ['job/default/migrate', 'pod/default/once']) {
      expect(obj(key).outages, `${key}, seed 5`).toBe(0);
      expect(obj(key).downtimeS, `${key}, seed 5`).toBe(0);
      const series = r.availability.all().find((x) => x.key === key)!;
      expect(series.values[series.values.length - 5], `${key} desired at the end, seed 5`).toBe(0);
    }
  });
});

describe('spec.nodeName bypasses the scheduler (pkg/scheduler/eventhandlers.go: only pods without nodeName are queued), seed 3', () => {
  const s = loadScenario(fileURLToPath(new URL('../fixtures/scenarios/kinds/nodename.yaml', import.meta.url)));
  const r = runScenario(s, {});

  it('a pod pinned to a node whose NoSchedule taint it does not tolerate runs there: no scheduling event, ready from t = 0', () => {
    const rows = r.events.rows.filter((e) => e.object === 'pod/default/pinned');
    expect(rows.filter((e) => e.reason === 'Scheduled' || e.reason === 'FailedScheduling'), 'seed 3').toEqual([]);
    expect(rows.some((e) => e.reason === 'Started'), 'seed 3').toBe(true);
    const summary = buildSummary(r, 0);
    const pinned = summary.objects.find((o) => o.object === 'pod/default/pinned')!;
    expect(pinned.availability.full, 'seed 3').toBe(1);
    expect(pinned.desired, 'seed 3').toBe(1);
  });
});
