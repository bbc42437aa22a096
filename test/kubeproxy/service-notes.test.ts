// validate says which Service fields kube-proxy acts on that `serving` does not follow: it is computed
// as for internalTrafficPolicy Cluster without topology hints (pkg/proxy/topology.go CategorizeEndpoints).
import { describe, expect, it } from 'vitest';
import { describeObjects } from '../../src/cli/describe/objects.js';
import type { Scenario } from '../../src/scenario/types.js';
import { load } from '../manifests/helpers.js';

const yaml = `apiVersion: v1
kind: Service
metadata: { name: local }
spec: { selector: { app: web }, internalTrafficPolicy: Local, trafficDistribution: PreferClose }
---
apiVersion: v1
kind: Service
metadata: { name: cluster }
spec: { selector: { app: web }, internalTrafficPolicy: Cluster }
`;

describe('validate notes of Services', () => {
  it('lists internalTrafficPolicy Local and trafficDistribution as not simulated, Cluster as simulated', () => {
    const lines = describeObjects({ manifests: load(yaml) } as unknown as Scenario);
    const after = (obj: string) => lines.slice(lines.findIndex((l) => l.includes(obj))).join('\n');
    expect(after('service/default/local')).toContain('not simulated: spec.internalTrafficPolicy, spec.trafficDistribution');
    const cluster = after('service/default/cluster');
    expect(cluster).not.toContain('internalTrafficPolicy');
  });
});
