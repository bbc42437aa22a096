/**
 * The warnings of src/scenario/warnings.ts, each from a scenario that should raise it and one that
 * should not: an etcd majority in one zone or rack, a PDB / Service / SLO that selects nothing, a
 * pod that fits no node, a fault the end of the run drops or cuts, a kind that looks like a typo.
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN } from '../../src/kernel/time.js';
import { loadScenario } from '../../src/scenario/load.js';
import { scenarioWarnings, warningLines } from '../../src/scenario/warnings.js';
import { load, scenarioText, writeScenario } from './helpers.js';

const messages = (s: ReturnType<typeof load>, untilUs?: number) => scenarioWarnings(s, untilUs).map((w) => w.message);

/** The test scenario with one more manifest file holding `extra` (multi-document YAML). */
function withManifest(extra: string, spec = ''): ReturnType<typeof load> {
  const file = writeScenario(extra);
  return loadScenario(writeScenario(scenarioText(spec).replace(/manifests: \["([^"]+)"\]/, `manifests: ["$1", "${file}"]`)));
}

describe('etcd quorum in one failure domain', () => {
  it('is silent when the members are spread over zones (the default)', () => {
    expect(messages(load()).filter((m) => m.startsWith('etcd'))).toEqual([]);
  });

  it('warns about a zone holding a majority, and a rack', () => {
    const zone = messages(load('  controlPlane: { hosts: [eu-a, eu-a, eu-b] }')).filter((m) => m.startsWith('etcd'));
    expect(zone).toEqual(['etcd: 2 of 3 members (cp-1, cp-2) are in zone eu-a; losing it loses quorum (2 needed) and every API write']);
    const rack = messages(load('  controlPlane: { hosts: [eu-a/r1, eu-a/r1, eu-b/r1] }')).filter((m) => m.startsWith('etcd'));
    expect(rack).toHaveLength(2);
    expect(rack[1]).toMatch(/^etcd: 2 of 3 members \(cp-1, cp-2\) are in rack eu-a\/r1;/);
  });

  it('counts a majority of five as three', () => {
    const m = messages(load('  controlPlane: { hosts: [eu-a, eu-a, eu-b, eu-b, eu-c] }')).filter((x) => x.startsWith('etcd'));
    expect(m).toEqual([]);
  });
});

describe('selects nothing', () => {
  const extra = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: ghost }
spec: { minAvailable: 1, selector: { matchLabels: { app: ghost } } }
---
apiVersion: v1
kind: Service
metadata: { name: ghost }
spec: { selector: { app: ghost }, ports: [{ port: 80 }] }
`;

  it('warns about a PDB, a Service and an SLO that select no pods, and not about the ones that do', () => {
    const m = messages(withManifest(extra, '  slo: [{ service: ghost }, { service: web }]'));
    expect(m).toContain("pdb/default/ghost: selects no workload's pods; it protects nothing from drains");
    expect(m).toContain("service/default/ghost: selects no workload's pods; it never has endpoints");
    expect(m).toContain("slo[0]: service/default/ghost selects no workload's pods, so the SLO measures nothing (0 desired)");
    expect(m.filter((x) => x.includes('/web'))).toEqual([]);
    expect(m.filter((x) => x.includes('data/db'))).toEqual([]);
  });
});

describe('a pod that fits no node', () => {
  it('names the workload and why', () => {
    const m = messages(withManifest(`apiVersion: apps/v1
kind: Deployment
metadata: { name: huge }
spec:
  replicas: 1
  selector: { matchLabels: { app: huge } }
  template:
    metadata: { labels: { app: huge } }
    spec: { containers: [{ name: c, image: x, resources: { requests: { cpu: "64" } } }] }
`));
    expect(m).toContain('deployment/default/huge: its pod fits no node (its requests exceed the allocatable of every node it may run on); it stays Pending and the boot ends incomplete');
    expect(messages(load()).filter((x) => x.includes('fits no node'))).toEqual([]);
  });
});

describe('faults and the end of the run', () => {
  const s = load('  duration: 10h\n  faults:\n    - { at: 1h, zone-outage: eu-b, for: 30m }\n    - { at: 2h, every: 1h, count: 5, for: 10m, node-crash: eu-a-r1-n1 }');

  it('is silent when every fault fits the run', () => {
    expect(messages(s).filter((m) => m.startsWith('fault'))).toEqual([]);
  });

  it('says a fault --until drops, cuts, or drops in part', () => {
    expect(messages(s, 50 * MIN)).toEqual([
      'fault zone-outage at 1h for 30m: the run ends at 50m (--until); it never starts: dropped',
      'fault node-crash at 2h for 10m every 1h ×5: the run ends at 50m (--until); it never starts: dropped',
    ]);
    expect(messages(s, 1 * HOUR + 10 * MIN)[0]).toBe('fault zone-outage at 1h for 30m: the run ends at 1h10m (--until); it is cut to 10m (still on at the end, endS null)');
    // 2h, 3h, 4h start before 4h05m; 5h and 6h do not; the 4h one is cut at 5 min.
    expect(messages(s, 4 * HOUR + 5 * MIN)[0]).toBe('fault node-crash at 2h for 10m every 1h ×5: the run ends at 4h5m (--until); 2 of its 5 occurrences would start after it: dropped; its last occurrence is cut to 5m (still on at the end, endS null)');
  });

  it('does not call the end of an `every` without `count` a drop: it repeats until the end by definition', () => {
    const unbounded = load('  duration: 5h\n  faults: [{ at: 1h, every: 1h, node-crash: eu-a-r1-n1, for: 10m }]');
    expect(messages(unbounded).filter((m) => m.startsWith('fault'))).toEqual([]);
    // Cut, though, when the run ends inside an occurrence: 4h starts, 4h05m ends it.
    expect(messages(unbounded, 4 * HOUR + 5 * MIN)).toEqual(['fault node-crash at 1h for 10m every 1h: the run ends at 4h5m (--until); its last occurrence is cut to 5m (still on at the end, endS null)']);
  });

  it('writes positions relative to the scenario\'s folder in summary.json, as given on the console', () => {
    const s = withManifest('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: none }\nspec: { minAvailable: 1, selector: { matchLabels: { app: nothing } } }\n');
    const dir = s.file.slice(0, s.file.lastIndexOf('/'));
    const relative = warningLines(s, undefined, dir).find((l) => l.includes('pdb/default/none'));
    const absolute = warningLines(s).find((l) => l.includes('pdb/default/none'));
    expect(absolute, 'console: the file as the loader names it').toMatch(/^\/.*\.yaml:\d+:\d+: /);
    expect(relative, 'summary.json: relative to the scenario file').toMatch(/^[^/][^:]*\.yaml:\d+:\d+: /);
  });

  it('says it for the scenario\'s own duration too', () => {
    const late = load('  duration: 1h\n  faults: [{ at: 50m, zone-outage: eu-b, for: 30m }, { at: 2h, zone-outage: eu-c, for: 30m }]');
    // The one after the end is the loader's own warning ("it never happens"), not said twice.
    expect(messages(late)).toEqual(['fault zone-outage at 50m for 30m: the run ends at 1h; it is cut to 10m (still on at the end, endS null)']);
    expect(late.warnings.map((w) => w.message)).toEqual(['spec.faults[1] starts at 2h, after the run ends (1h); it never happens']);
  });
});

describe('kinds', () => {
  it('offers the simulated kind an ignored kind looks like, and says when only the apiVersion is off', () => {
    const m = messages(withManifest(`apiVersion: apps/v1
kind: Deploymnet
metadata: { name: typo }
---
apiVersion: extensions/v1beta1
kind: Deployment
metadata: { name: old }
`));
    expect(m).toContain('Deploymnet typo: kind "Deploymnet" is not simulated, so it is ignored; did you mean "Deployment"?');
    expect(m).toContain('Deployment old: apiVersion extensions/v1beta1 of Deployment is not one kubeblast reads, so it is ignored');
    // shop.yaml's ConfigMap is ignored without a hint: no simulated kind is close to it.
    expect(m.filter((x) => x.startsWith('ConfigMap'))).toEqual([]);
  });
});
