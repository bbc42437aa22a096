/**
 * "Did you mean" in the errors of a scenario: unknown fields, fault kinds, topology names, and
 * workload and Service names get the closest known one when it is a likely typo, and nothing
 * when no name is close.
 */
import { describe, expect, it } from 'vitest';
import { loadError } from './helpers.js';

describe('did you mean', () => {
  it.each([
    ['a misspelt field', '  duraton: 1h', 'unknown field "duraton"; did you mean "duration"?'],
    ['a misspelt nested field', '  controlPlane: { etcd: { heartbeatIntervall: 100ms } }', 'did you mean "heartbeatInterval"?'],
    ['a misspelt fault kind', '  faults: [{ at: 1h, zone-outgae: eu-a }]', 'unknown fault kind "zone-outgae"; expected one of'],
    ['a misspelt zone', '  faults: [{ at: 1h, zone-outage: eu-d }]', 'did you mean "eu-a"?'],
    ['a misspelt node', '  faults: [{ at: 1h, node-crash: eu-a-r1-n9 }]', 'did you mean "eu-a-r1-n1"?'],
    ['a misspelt moving target', '  faults: [{ at: 1h, etcd-member-crash: etcd-leder }]', 'did you mean "etcd-leader"?'],
    ['a misspelt partition group', '  faults: [{ at: 1h, partition: { groups: [[eu-x]] } }]', 'did you mean "eu-a"?'],
    ['a misspelt workload', '  faults: [{ at: 1h, scale: { workload: deployment/wbe, replicas: 2 } }]', 'did you mean "deployment/web"?'],
    ['a misspelt bare workload', '  faults: [{ at: 1h, rollout: { workload: ap, image: "x:2" } }]', 'did you mean "api"?'],
    ['a misspelt Service', '  slo: [{ service: data/bd }]', 'did you mean "data/db"?'],
  ])('%s', (_, spec, hint) => {
    expect(loadError(spec)).toContain(hint);
  });

  it('the fault kind hint names the closest kind', () => {
    expect(loadError('  faults: [{ at: 1h, zone-outgae: eu-a }]')).toMatch(/did you mean "zone-outage"\?$/);
  });

  it('offers nothing when no name is close', () => {
    expect(loadError('  faults: [{ at: 1h, zone-outage: antarctica }]')).not.toContain('did you mean');
    expect(loadError('  somethingElseEntirely: 1')).not.toContain('did you mean');
  });
});
