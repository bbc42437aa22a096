/**
 * scenarios/zookeeper-zone-loss.yaml: the Kubernetes website's ZooKeeper StatefulSet (3 servers,
 * anti-affinity fixed to select its own pods and spread by zone) loses zone eu-central-1b for 2 h.
 * Two servers of three keep serving — a quorum — throughout; the lost server is not replaced
 * while its zone is down (StatefulSet at-most-one semantics) and returns with the zone.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileSelector } from '../../src/manifests/selector.js';
import { loadManifests } from '../../src/manifests/load.js';
import { loadBundled, ScenarioRun } from './helpers.js';

const s = loadBundled('zookeeper-zone-loss');
const run = new ScenarioRun(s);
const START = 3600;
const END = START + 7200;
const zoneOf = (node: string) => s.topology.zones[s.topology.nodes.find((n) => n.name === node)!.zone].name;

describe('zookeeper-zone-loss: one zone of three down for 2 h', () => {
  it('the fixed anti-affinity places one server per zone (the published one selects no pod)', () => {
    const placed = run.events('Scheduled', -Infinity, START, 'pod/default/zk-').map((e) => zoneOf(/to (\S+)$/.exec(e.message)![1]));
    expect(new Set(placed).size).toBe(3);
    // The published manifest's rule asks for pods labelled app=zk; its pods carry app.kubernetes.io/name=zk.
    const path = fileURLToPath(new URL('../fixtures/manifests/zookeeper.yaml', import.meta.url));
    const published = loadManifests([{ path, display: 'zookeeper.yaml' }], { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300, defaultNamespace: 'default' });
    const zk = published.workloads.find((w) => w.name === 'zk')!;
    const term = zk.template.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution![0];
    expect(compileSelector(term.labelSelector!, 'labelSelector').matches(zk.template.labels)).toBe(false);
    const fixed = s.manifests.workloads.find((w) => w.name === 'zk')!;
    const fixedTerm = fixed.template.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution![0];
    expect(compileSelector(fixedTerm.labelSelector!, 'labelSelector').matches(fixed.template.labels)).toBe(true);
    expect(fixedTerm.topologyKey).toBe('topology.kubernetes.io/zone');
  });

  it('keeps a quorum: 2 of 3 servers serving throughout the outage', () => {
    expect(run.at('service/default/zk-cs', 'serving', START + 1)).toBe(2);
    expect(run.range('service/default/zk-cs', 'serving', START, END)).toEqual({ min: 2, max: 2 });
    expect(run.object('service/default/zk-cs').availability.slo).toBe(1);
    expect(run.result.controlPlane.etcd.noQuorumS).toBe(0);
  });

  it('the lost server is not replaced while its zone is down, and returns with it', () => {
    expect(run.events('SuccessfulCreate', START, END, 'statefulset/default/zk')).toEqual([]);
    const back = run.events('SuccessfulCreate', END, Infinity, 'statefulset/default/zk');
    expect(back).toHaveLength(1);
    const [down] = run.intervals('statefulset/default/zk', (r) => r.ready < 3, START - 1);
    expect(down[0]).toBe(START);
    expect(down[1] - END).toBeGreaterThan(0);
    expect(down[1] - END).toBeLessThan(300);
  });
});
