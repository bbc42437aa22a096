// The seven real manifests of test/fixtures/manifests, loaded as published. Every expected number
// was read from the file by hand; the comment beside it shows the arithmetic.
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import type { ManifestSet, Workload } from '../../src/manifests/types.js';
import { fixture } from './helpers.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

function byKey(set: ManifestSet, key: string): Workload {
  const w = set.workloads.find((x) => x.key === key);
  if (!w) throw new Error(`no workload ${key}; have ${set.workloads.map((x) => x.key).join(', ')}`);
  return w;
}

function services(set: ManifestSet) {
  return set.services.map((s) => ({ key: s.key, type: s.type, headless: s.headless, selector: s.selector?.key ?? null }));
}

describe('zookeeper.yaml (kubernetes/website)', () => {
  const set = fixture('zookeeper.yaml');

  it('finds the StatefulSet with its replicas, requests and readiness', () => {
    expect(set.workloads.map((w) => [w.kind, w.key])).toEqual([['StatefulSet', 'statefulset/default/zk']]);
    const zk = byKey(set, 'statefulset/default/zk');
    expect(zk.replicas).toBe(3);
    expect(zk.podManagementPolicy).toBe('OrderedReady');
    expect(zk.strategy).toBe('RollingUpdate');
    expect(zk.partition).toBe(0);
    expect(zk.serviceName).toBe('zk-hs');
    // cpu: "0.5" → 500 millicores; memory: "1Gi" = 1073741824 bytes; no init containers
    expect(zk.template.requests).toEqual({ cpuMilli: 500, memoryBytes: 1 * Gi });
    // readinessProbe initialDelaySeconds 10; period, success, failure defaulted to 10 s, 1, 3
    expect(zk.template.readiness).toEqual({ initialDelayUs: 10 * SEC, periodUs: 10 * SEC, successThreshold: 1, failureThreshold: 3 });
    expect(zk.template.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(zk.selector.key).toBe('app.kubernetes.io/name=zk');
  });

  it('finds the headless and the client Service, and the PDB', () => {
    expect(services(set)).toEqual([
      { key: 'service/default/zk-hs', type: 'ClusterIP', headless: true, selector: 'app.kubernetes.io/name=zk' },
      { key: 'service/default/zk-cs', type: 'ClusterIP', headless: false, selector: 'app.kubernetes.io/name=zk' },
    ]);
    expect(set.pdbs).toHaveLength(1);
    const pdb = set.pdbs[0];
    expect(pdb.key).toBe('pdb/default/zk-pdb');
    expect(pdb.maxUnavailable).toEqual({ int: 1 });
    expect(pdb.minAvailable).toBeUndefined();
    expect(pdb.selector.key).toBe('app.kubernetes.io/name=zk');
    expect(pdb.unhealthyPodEvictionPolicy).toBe('IfHealthyBudget');
    expect(set.ignored).toEqual([]);
    expect(set.warnings).toEqual([]);
  });
});

describe('daemonset.yaml (kubernetes/website)', () => {
  const set = fixture('daemonset.yaml');

  it('finds the DaemonSet in kube-system with its requests and update strategy', () => {
    const ds = byKey(set, 'daemonset/kube-system/fluentd-elasticsearch');
    expect(set.workloads).toHaveLength(1);
    expect(ds.kind).toBe('DaemonSet');
    expect(ds.replicas).toBe(0); // computed by the DaemonSet controller from the nodes
    // requests cpu 100m → 100; memory 200Mi = 209715200 (limit 200Mi equal)
    expect(ds.template.requests).toEqual({ cpuMilli: 100, memoryBytes: 200 * Mi });
    expect(ds.strategy).toBe('RollingUpdate');
    expect(ds.maxUnavailable).toEqual({ int: 1 });
    expect(ds.maxSurge).toEqual({ int: 0 });
    expect(ds.template.terminationGracePeriodUs).toBe(30 * SEC);
  });

  it('keeps the control-plane toleration and adds the DaemonSet tolerations, so admission adds none', () => {
    const ds = byKey(set, 'daemonset/kube-system/fluentd-elasticsearch');
    expect(ds.template.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/master', operator: 'Equal', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(set.services).toEqual([]);
    expect(set.warnings).toEqual([]);
  });
});

describe('php-apache.yaml (kubernetes/website)', () => {
  const set = fixture('php-apache.yaml');

  it('defaults the Deployment to one replica and counts only its CPU request', () => {
    const d = byKey(set, 'deployment/default/php-apache');
    expect(d.replicas).toBe(1); // no spec.replicas → 1
    // requests cpu 200m (limit 500m ignored); no memory request or limit → 0
    expect(d.template.requests).toEqual({ cpuMilli: 200, memoryBytes: 0 });
    expect(d.maxSurge).toEqual({ percent: 25 });
    expect(d.maxUnavailable).toEqual({ percent: 25 });
    expect(d.template.readiness).toBeNull();
  });

  it('finds its Service', () => {
    expect(services(set)).toEqual([
      { key: 'service/default/php-apache', type: 'ClusterIP', headless: false, selector: 'app.kubernetes.io/name=php-apache' },
    ]);
  });
});

describe('microservices-demo.yaml (GoogleCloudPlatform/microservices-demo)', () => {
  const set = fixture('microservices-demo.yaml');
  // [name, cpu milli, memory bytes]: requests as written (some containers list limits first)
  const expected: Array<[string, number, number]> = [
    ['frontend', 100, 64 * Mi], // 100m; 64Mi = 67108864
    ['adservice', 200, 180 * Mi], // 200m; 180Mi = 188743680
    ['currencyservice', 100, 64 * Mi], // 100m; 64Mi
    ['cartservice', 200, 64 * Mi], // 200m; 64Mi
    ['redis-cart', 70, 200 * Mi], // limits 125m/256Mi come first; requests 70m; 200Mi = 209715200
    ['loadgenerator', 300, 256 * Mi], // 300m + init frontend-check with no resources → max(300, 0) = 300; 256Mi = 268435456
    ['recommendationservice', 100, 220 * Mi], // 100m; 220Mi = 230686720
    ['checkoutservice', 100, 64 * Mi],
    ['emailservice', 100, 64 * Mi],
    ['paymentservice', 100, 64 * Mi],
    ['shippingservice', 100, 64 * Mi],
    ['productcatalogservice', 100, 64 * Mi],
  ];

  it('finds the 12 Deployments, each with one replica and its requests', () => {
    expect(set.workloads.map((w) => w.key)).toEqual(expected.map(([n]) => `deployment/default/${n}`));
    for (const [name, cpu, mem] of expected) {
      const d = byKey(set, `deployment/default/${name}`);
      expect(d.replicas, name).toBe(1);
      expect(d.template.requests, name).toEqual({ cpuMilli: cpu, memoryBytes: mem });
    }
  });

  it('reads probes, grace periods and init containers', () => {
    // adservice: initialDelaySeconds 20, periodSeconds 15
    expect(byKey(set, 'deployment/default/adservice').template.readiness).toEqual({ initialDelayUs: 20 * SEC, periodUs: 15 * SEC, successThreshold: 1, failureThreshold: 3 });
    expect(byKey(set, 'deployment/default/adservice').template.terminationGracePeriodUs).toBe(5 * SEC);
    expect(byKey(set, 'deployment/default/frontend').template.terminationGracePeriodUs).toBe(30 * SEC); // unset → 30 s
    const lg = byKey(set, 'deployment/default/loadgenerator');
    expect([lg.template.containers, lg.template.initContainers, lg.template.readiness]).toEqual([1, 1, null]);
  });

  it('finds the 12 Services with their types and selectors', () => {
    const names = ['frontend', 'frontend-external', 'adservice', 'currencyservice', 'cartservice', 'redis-cart', 'recommendationservice', 'checkoutservice', 'emailservice', 'paymentservice', 'shippingservice', 'productcatalogservice'];
    expect(services(set)).toEqual(
      names.map((n) => ({
        key: `service/default/${n}`,
        type: n === 'frontend-external' ? 'LoadBalancer' : 'ClusterIP',
        headless: false,
        selector: `app=${n === 'frontend-external' ? 'frontend' : n}`,
      })),
    );
  });

  it('lists the 11 ServiceAccounts as ignored (35 documents = 12 + 12 + 11)', () => {
    expect(set.ignored).toHaveLength(11);
    expect(new Set(set.ignored.map((o) => `${o.apiVersion} ${o.kind}`))).toEqual(new Set(['v1 ServiceAccount']));
    expect(set.ignored[0]).toMatchObject({ name: 'frontend', source: { file: 'microservices-demo.yaml', line: 144 } });
    expect(set.pdbs).toEqual([]);
    expect(set.warnings).toEqual([]);
  });
});

describe('guestbook-all-in-one.yaml (kubernetes/examples)', () => {
  const set = fixture('guestbook-all-in-one.yaml');

  it('finds the three Deployments with their replicas and requests', () => {
    const got = set.workloads.map((w) => [w.key, w.replicas, w.template.requests.cpuMilli, w.template.requests.memoryBytes]);
    expect(got).toEqual([
      ['deployment/default/redis-master', 1, 100, 100 * Mi], // 100m; 100Mi = 104857600
      ['deployment/default/redis-replica', 2, 100, 100 * Mi],
      ['deployment/default/frontend', 3, 100, 100 * Mi],
    ]);
  });

  it('finds the Services, including the NodePort frontend', () => {
    expect(services(set)).toEqual([
      { key: 'service/default/redis-master', type: 'ClusterIP', headless: false, selector: 'app=redis,role=master,tier=backend' },
      { key: 'service/default/redis-replica', type: 'ClusterIP', headless: false, selector: 'app=redis,role=replica,tier=backend' },
      { key: 'service/default/frontend', type: 'NodePort', headless: false, selector: 'app=guestbook,tier=frontend' },
    ]);
    expect(set.ignored).toEqual([]);
  });
});

describe('cockroachdb-statefulset.yaml (kubernetes/examples)', () => {
  const set = fixture('cockroachdb-statefulset.yaml');

  it('finds the StatefulSet; neither its container nor its init container requests anything', () => {
    const c = byKey(set, 'statefulset/default/cockroachdb');
    expect(c.replicas).toBe(3);
    // main container: no resources → 0; init container bootstrap: no resources → 0; max(0, 0) = 0
    expect(c.template.requests).toEqual({ cpuMilli: 0, memoryBytes: 0 });
    expect(c.template.initContainers).toBe(1);
    expect(c.template.terminationGracePeriodUs).toBe(60 * SEC);
    expect(c.template.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  });

  it('reads the policy/v1beta1 PDB as policy/v1 with minAvailable 67%, and says so', () => {
    expect(set.pdbs.map((p) => [p.key, p.minAvailable, p.maxUnavailable, p.selector.key])).toEqual([
      ['pdb/default/cockroachdb-budget', { percent: 67 }, undefined, 'app=cockroachdb'],
    ]);
    const pdbWarning = set.warnings.find((w) => w.message.includes('policy/v1beta1'));
    expect(pdbWarning?.message).toMatch(/removed in Kubernetes 1\.25; read as policy\/v1/);
    expect(pdbWarning?.source).toMatchObject({ file: 'cockroachdb-statefulset.yaml', line: 57 });
  });

  it('finds the public and the headless Service, warning about the deprecated unready annotation', () => {
    expect(services(set)).toEqual([
      { key: 'service/default/cockroachdb-public', type: 'ClusterIP', headless: false, selector: 'app=cockroachdb' },
      { key: 'service/default/cockroachdb', type: 'ClusterIP', headless: true, selector: 'app=cockroachdb' },
    ]);
    expect(set.services[1].publishNotReadyAddresses).toBe(false);
    expect(set.warnings.some((w) => w.message.includes('tolerate-unready-endpoints') && w.source.line === 40)).toBe(true);
    expect(set.warnings).toHaveLength(2);
  });
});

describe('spread-hostname-zone.yaml (aws/karpenter-provider-aws)', () => {
  const set = fixture('spread-hostname-zone.yaml');

  it('finds 50 replicas requesting one CPU and 256 decimal megabytes', () => {
    const d = byKey(set, 'deployment/default/host-zone-spread');
    expect(d.replicas).toBe(50);
    // cpu: "1" → 1000; memory: 256M is decimal: 256 × 10^6 = 256000000 (not 256Mi = 268435456)
    expect(d.template.requests).toEqual({ cpuMilli: 1000, memoryBytes: 256_000_000 });
  });

  it('keeps both topology spread constraints', () => {
    const tsc = byKey(set, 'deployment/default/host-zone-spread').template.topologySpreadConstraints;
    expect(tsc.map((c) => [c.topologyKey, c.maxSkew, c.whenUnsatisfiable])).toEqual([
      ['kubernetes.io/hostname', 2, 'DoNotSchedule'],
      ['topology.kubernetes.io/zone', 5, 'DoNotSchedule'],
    ]);
    expect(set.services).toEqual([]);
    expect(set.warnings).toEqual([]);
  });
});
