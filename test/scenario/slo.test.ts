import { describe, expect, it } from 'vitest';
import { parseSelectorString } from '../../src/scenario/slo.js';
import { load, loadError } from './helpers.js';

const slos = (items: string) => load(`  slo:\n${items}`).slo.map((s) => ({ objects: s.objects, minReady: s.minReady }));

describe('SLO resolution', () => {
  it('resolves Services by NAME and NS/NAME', () => {
    expect(slos('    - { service: web, minReady: 2 }\n    - { service: data/db }')).toEqual([
      { objects: ['service/default/web'], minReady: 2 },
      { objects: ['service/data/db'], minReady: undefined },
    ]);
  });

  it('resolves workloads by kind/NAME and kind/NS/NAME', () => {
    expect(slos('    - { workload: deployment/api }\n    - { workload: statefulset/data/db, minReady: 2 }')).toEqual([
      { objects: ['deployment/default/api'], minReady: undefined },
      { objects: ['statefulset/data/db'], minReady: 2 },
    ]);
  });

  it('matches workloads by pod-template labels with a selector', () => {
    expect(slos('    - { selector: tier=back }')[0].objects).toEqual(['deployment/default/api', 'statefulset/data/db']);
    expect(slos('    - { selector: "tier in (front,back),app!=db" }')[0].objects).toEqual(['deployment/default/web', 'deployment/default/api']);
    expect(slos('    - { selector: "!tier" }')[0].objects).toEqual(['daemonset/kube-system/agent']);
  });

  it('rejects an SLO that matches nothing, at its position', () => {
    expect(loadError('  slo:\n    - { selector: app=checkout }')).toMatch(/^spec.slo\[0\].selector: selector "app=checkout" matches no workload; pod-template labels: app=web, tier=front/);
    expect(loadError('  slo:\n    - { service: db }')).toMatch(/no Service "default\/db"; services: default\/web, data\/db/);
    expect(loadError('  slo:\n    - { workload: deployment/data/db }')).toMatch(/no deployment "data\/db"/);
    expect(loadError('  slo:\n    - { minReady: 1 }')).toMatch(/expected one of service, workload or selector/);
    expect(loadError('  slo:\n    - { service: web, workload: deployment/web }')).toMatch(/has both service and workload/);
    expect(loadError('  slo:\n    - { selector: "a b c" }')).toMatch(/expected a label selector/);
  });

  it('warns when minReady exceeds the replicas', () => {
    const s = load('  slo:\n    - { workload: deployment/api, minReady: 3 }');
    expect(s.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/minReady 3 exceeds the 2 replicas of deployment\/default\/api/)]);
  });
});

describe('parseSelectorString', () => {
  it('reads kubectl selector syntax', () => {
    expect(parseSelectorString('app=web,tier==front')).toEqual({ matchLabels: { app: 'web', tier: 'front' }, matchExpressions: [] });
    expect(parseSelectorString('env notin (dev, test), gpu, !spot, zone!=a')).toEqual({ matchLabels: {}, matchExpressions: [
      { key: 'env', operator: 'NotIn', values: ['dev', 'test'] },
      { key: 'gpu', operator: 'Exists' },
      { key: 'spot', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'NotIn', values: ['a'] },
    ] });
  });
});
