// Defaults the API server applies, and the admission/controller additions a pod gets, per kind.
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { jobCounts } from '../../src/manifests/batch.js';
import { deployment, load, only, OPTS } from './helpers.js';

const C = 'containers:\n  - name: app\n    image: nginx:1.27';

function kind(apiVersion: string, k: string, spec: string, podSpec = C): string {
  const pod = podSpec.split('\n').map((l) => `      ${l}`).join('\n');
  const rest = spec ? spec.split('\n').map((l) => `  ${l}`).join('\n') + '\n' : '';
  return `apiVersion: ${apiVersion}\nkind: ${k}\nmetadata:\n  name: x\nspec:\n${rest}  selector:\n    matchLabels: { app: x }\n  template:\n    metadata:\n      labels: { app: x }\n    spec:\n${pod}\n`;
}

describe('workload defaults (pkg/apis/apps/v1/defaults.go, batch/v1/defaults.go)', () => {
  it('Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600, minReadySeconds 0', () => {
    const w = only(load(deployment(C)));
    expect(w).toMatchObject({
      kind: 'Deployment', key: 'deployment/default/web', namespace: 'default', replicas: 1, strategy: 'RollingUpdate',
      maxSurge: { percent: 25 }, maxUnavailable: { percent: 25 }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, minReadySeconds: 0,
    });
  });

  it('Deployment: explicit values and Recreate', () => {
    const w = only(load(deployment(C, 'replicas: 4\nminReadySeconds: 5\nstrategy:\n  type: Recreate')));
    expect(w).toMatchObject({ replicas: 4, minReadySeconds: 5, strategy: 'Recreate', maxSurge: { int: 0 }, maxUnavailable: { int: 0 } });
    const r = only(load(deployment(C, 'strategy:\n  rollingUpdate: { maxSurge: 2, maxUnavailable: "10%" }')));
    expect([r.maxSurge, r.maxUnavailable]).toEqual([{ int: 2 }, { percent: 10 }]);
  });

  it('ReplicaSet: replicas 1, pods replaced only when deleted', () => {
    expect(only(load(kind('apps/v1', 'ReplicaSet', '')))).toMatchObject({ key: 'replicaset/default/x', replicas: 1, strategy: 'OnDelete' });
  });

  it('StatefulSet: replicas 1, OrderedReady, RollingUpdate with partition 0, one pod at a time', () => {
    expect(only(load(kind('apps/v1', 'StatefulSet', 'serviceName: x')))).toMatchObject({
      key: 'statefulset/default/x', replicas: 1, podManagementPolicy: 'OrderedReady', strategy: 'RollingUpdate', partition: 0,
      maxUnavailable: { int: 1 }, maxSurge: { int: 0 }, revisionHistoryLimit: 10, serviceName: 'x',
    });
    const p = only(load(kind('apps/v1', 'StatefulSet', 'podManagementPolicy: Parallel\nupdateStrategy:\n  rollingUpdate: { partition: 2 }')));
    expect([p.podManagementPolicy, p.partition]).toEqual(['Parallel', 2]);
  });

  it('DaemonSet: RollingUpdate maxUnavailable 1, maxSurge 0; replicas computed later', () => {
    expect(only(load(kind('apps/v1', 'DaemonSet', '')))).toMatchObject({
      key: 'daemonset/default/x', replicas: 0, strategy: 'RollingUpdate', maxUnavailable: { int: 1 }, maxSurge: { int: 0 }, revisionHistoryLimit: 10,
    });
    expect(only(load(kind('apps/v1', 'DaemonSet', 'updateStrategy: { type: OnDelete }'))).strategy).toBe('OnDelete');
  });

  it.each([
    // [completions, parallelism] → [completions, parallelism] (SetDefaults_Job)
    [undefined, undefined, 1, 1],
    [5, undefined, 5, 1],
    [undefined, 3, null, 3],
    [4, 2, 4, 2],
    [0, undefined, 0, 1],
  ] as Array<[number | undefined, number | undefined, number | null, number]>)('Job counts: completions %s, parallelism %s → %s, %s', (c, p, wc, wp) => {
    expect(jobCounts(c, p)).toEqual({ completions: wc, parallelism: wp });
  });

  it('Job: backoffLimit 6, replicas min(parallelism, completions), generated job-name labels and selector', () => {
    const job = (spec: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n${spec}  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: pi\n          image: perl\n`;
    const w = only(load(job('')));
    expect(w).toMatchObject({ key: 'job/default/pi', completions: 1, parallelism: 1, replicas: 1, backoffLimit: 6, strategy: 'OnDelete' });
    expect(w.template.labels).toEqual({ 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi' });
    expect(w.selector.key).toBe('batch.kubernetes.io/job-name=pi');
    expect(w.template.restartPolicy).toBe('Never');
    expect(only(load(job('  completions: 2\n  parallelism: 5\n  backoffLimit: 1\n')))).toMatchObject({ replicas: 2, backoffLimit: 1 }); // min(5, 2) = 2
    expect(only(load(job('  parallelism: 3\n')))).toMatchObject({ replicas: 3, completions: null });
  });

  it('Pod: one replica selected by its own labels; namespace from the object or the options', () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ops\n  labels: { app: p }\nspec:\n  containers:\n    - { name: a, image: busybox }\n`;
    const w = only(load(pod));
    expect(w).toMatchObject({ kind: 'Pod', key: 'pod/ops/p', namespace: 'ops', replicas: 1 });
    expect(w.selector.matches({ app: 'p' })).toBe(true);
    expect(only(load(deployment(C), { ...OPTS, defaultNamespace: 'shop' })).key).toBe('deployment/shop/web');
  });
});

describe('pod template defaults (pkg/apis/core/v1/defaults.go)', () => {
  it('restartPolicy Always, terminationGracePeriodSeconds 30, no readiness without probes, first image', () => {
    const t = only(load(deployment(`${C}\n  - name: side\n    image: envoy`))).template;
    expect(t).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodUs: 30 * SEC, readiness: null, image: 'nginx:1.27', containers: 2, initContainers: 0, hostNetwork: false, priority: 0 });
  });

  it('probe defaults: initialDelay 0, period 10 s, success 1, failure 3', () => {
    const t = only(load(deployment(`${C}\n    readinessProbe: { tcpSocket: { port: 80 } }`))).template;
    expect(t.readiness).toEqual({ initialDelayUs: 0, periodUs: 10 * SEC, successThreshold: 1, failureThreshold: 3 });
  });

  it('readiness of several containers (and sidecars) is the slowest of each field', () => {
    const spec = `initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    readinessProbe: { periodSeconds: 2, failureThreshold: 7 }
containers:
  - name: a
    image: x
    readinessProbe: { initialDelaySeconds: 5, periodSeconds: 3, successThreshold: 2 }
  - name: b
    image: y`;
    // initialDelay max(0, 5) = 5; period max(2, 3) = 3; success max(1, 2) = 2; failure max(7, 3) = 7
    expect(only(load(deployment(spec))).template.readiness).toEqual({ initialDelayUs: 5 * SEC, periodUs: 3 * SEC, successThreshold: 2, failureThreshold: 7 });
  });
});

describe('pod requests (resourcehelper.PodRequests)', () => {
  const req = (podSpec: string) => only(load(deployment(podSpec))).template.requests;
  const c = (name: string, res: string, extra = '') => `  - name: ${name}\n    image: i\n    resources: ${res}${extra ? `\n    ${extra}` : ''}`;

  it.each([
    ['limits only: requests default to limits', `containers:\n${c('a', '{ limits: { cpu: 500m, memory: 1Gi } }')}`, 500, 2 ** 30],
    ['request kept, missing one from limit', `containers:\n${c('a', '{ requests: { cpu: 100m }, limits: { cpu: 500m, memory: 128Mi } }')}`, 100, 128 * 2 ** 20],
    ['containers sum', `containers:\n${c('a', '{ requests: { cpu: 100m, memory: 10Mi } }')}\n${c('b', '{ requests: { cpu: "0.25", memory: 1M } }')}`, 350, 10 * 2 ** 20 + 1e6],
    // init 500m > containers 100m → 500; memory: containers 64Mi > init 0 → 64Mi
    ['init container peak', `initContainers:\n${c('i', '{ requests: { cpu: 500m } }')}\ncontainers:\n${c('a', '{ requests: { cpu: 100m, memory: 64Mi } }')}`, 500, 64 * 2 ** 20],
    // sidecar 50m runs with the 100m container → 150 > init peak 50
    ['sidecar adds to containers', `initContainers:\n${c('s', '{ requests: { cpu: 50m } }', 'restartPolicy: Always')}\ncontainers:\n${c('a', '{ requests: { cpu: 100m } }')}`, 150, 0],
    // sidecar 50m then init 200m: init peak 200 + 50 = 250 > 100 + 50 = 150
    ['init after a sidecar runs beside it', `initContainers:\n${c('s', '{ requests: { cpu: 50m } }', 'restartPolicy: Always')}\n${c('i', '{ requests: { cpu: 200m } }')}\ncontainers:\n${c('a', '{ requests: { cpu: 100m } }')}`, 250, 0],
    // init 200m before the sidecar: peak max(200, 50) = 200 > 150
    ['init before a sidecar runs alone', `initContainers:\n${c('i', '{ requests: { cpu: 200m } }')}\n${c('s', '{ requests: { cpu: 50m } }', 'restartPolicy: Always')}\ncontainers:\n${c('a', '{ requests: { cpu: 100m } }')}`, 200, 0],
    // 100m + overhead 250m = 350; 0 + 120Mi
    ['plus overhead', `overhead: { cpu: 250m, memory: 120Mi }\ncontainers:\n${c('a', '{ requests: { cpu: 100m } }')}`, 350, 120 * 2 ** 20],
    // pod-level requests replace the container sum: cpu 1 → 1000; memory from the containers 10Mi
    ['pod-level requests', `resources: { requests: { cpu: "1" } }\ncontainers:\n${c('a', '{ requests: { cpu: 100m, memory: 10Mi } }')}`, 1000, 10 * 2 ** 20],
    // pod-level limits only: memory, requested by no container, defaults to the pod limit 1Gi
    ['pod-level limits', `resources: { limits: { cpu: "2", memory: 1Gi } }\ncontainers:\n${c('a', '{ requests: { cpu: 100m } }')}`, 100, 2 ** 30],
    ['no resources at all', `containers:\n  - name: a\n    image: i`, 0, 0],
  ])('%s', (_name, podSpec, cpu, mem) => {
    expect(req(podSpec)).toEqual({ cpuMilli: cpu, memoryBytes: mem });
  });
});

describe('tolerations', () => {
  const tol = (tolerations: string, opts = OPTS) => only(load(deployment(`tolerations:\n${tolerations}\n${C}`), opts)).template.tolerations;
  const notReady300 = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  const unreachable300 = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

  it('DefaultTolerationSeconds adds not-ready and unreachable with the configured seconds', () => {
    const t = only(load(deployment(C), { ...OPTS, defaultNotReadyTolerationSeconds: 60, defaultUnreachableTolerationSeconds: 90 })).template.tolerations;
    expect(t).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 90 },
    ]);
  });

  it('keeps an existing not-ready toleration and adds only unreachable', () => {
    const own = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 };
    expect(tol('  - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 10 }')).toEqual([own, unreachable300]);
  });

  it.each([
    ['an empty key with Exists tolerates everything', '  - { operator: Exists }', [{ operator: 'Exists' }]],
    ['an empty effect covers NoExecute', '  - { key: node.kubernetes.io/unreachable, operator: Exists }', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, notReady300]],
    ['a NoSchedule toleration does not cover NoExecute', '  - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoSchedule }', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoSchedule' }, notReady300, unreachable300]],
    ['whatever the operator (admission checks key and effect only)', '  - { key: node.kubernetes.io/not-ready, value: x, effect: NoExecute }', [{ key: 'node.kubernetes.io/not-ready', operator: 'Equal', value: 'x', effect: 'NoExecute' }, unreachable300]],
    ['an empty key with NoExecute covers both', '  - { operator: Exists, effect: NoExecute, tolerationSeconds: 5 }', [{ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }]],
  ])('%s', (_name, yaml, want) => {
    expect(tol(yaml)).toEqual(want);
  });

  it('DaemonSet pods tolerate not-ready/unreachable forever, replacing a timed toleration of the same taint', () => {
    const ds = kind('apps/v1', 'DaemonSet', '', `hostNetwork: true\ntolerations:\n  - { key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 60 }\n${C}`);
    expect(only(load(ds)).template.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }, // hostNetwork only
    ]);
  });
});

describe('priority (Priority admission)', () => {
  const pc = (name: string, value: number, globalDefault = false) =>
    `---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ${name} }\nvalue: ${value}\nglobalDefault: ${globalDefault}\n`;
  const prio = (podSpec: string, extra = '') => {
    const set = load(deployment(`${podSpec}\n${C}`) + extra);
    return { priority: set.workloads[0].template.priority, warnings: set.warnings.map((w) => w.message) };
  };

  it('no class → 0; spec.priority as given', () => {
    expect(prio('')).toEqual({ priority: 0, warnings: [] });
    expect(prio('priority: 7')).toEqual({ priority: 7, warnings: [] });
  });

  it('a class from the manifests, a built-in class, the global default', () => {
    expect(prio('priorityClassName: high', pc('high', 1000)).priority).toBe(1000);
    expect(prio('priorityClassName: system-node-critical').priority).toBe(2_000_001_000);
    expect(prio('', pc('base', 50, true)).priority).toBe(50);
  });

  it('an unknown class → 0 with a warning', () => {
    const got = prio('priorityClassName: gold');
    expect(got.priority).toBe(0);
    expect(got.warnings).toEqual(['spec.template.spec.priorityClassName: PriorityClass "gold" is not in the manifests; using priority 0']);
  });
});

describe('Services and PDBs', () => {
  const svc = (spec: string) => load(`apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n${spec}`).services[0];
  const pdb = (apiVersion: string, spec: string) => load(`apiVersion: ${apiVersion}\nkind: PodDisruptionBudget\nmetadata: { name: b }\nspec:\n${spec}`);

  it('Service: ClusterIP by default, headless with clusterIP None, publishNotReadyAddresses', () => {
    expect(svc('  selector: { app: a }')).toMatchObject({ key: 'service/default/s', type: 'ClusterIP', headless: false, publishNotReadyAddresses: false });
    expect(svc('  clusterIP: None\n  publishNotReadyAddresses: true\n  selector: { app: a }')).toMatchObject({ headless: true, publishNotReadyAddresses: true });
  });

  it('Service without selector, with {} or of type ExternalName selects no pods (null)', () => {
    expect(svc('  ports: [{ port: 80 }]').selector).toBeNull();
    expect(svc('  selector: {}').selector).toBeNull();
    expect(svc('  type: ExternalName\n  externalName: x.example.com\n  selector: { app: a }').selector).toBeNull();
  });

  it('PDB: unhealthyPodEvictionPolicy IfHealthyBudget; int or percent', () => {
    const set = pdb('policy/v1', '  minAvailable: 2\n  selector: { matchLabels: { app: a } }');
    expect(set.pdbs[0]).toMatchObject({ key: 'pdb/default/b', minAvailable: { int: 2 }, unhealthyPodEvictionPolicy: 'IfHealthyBudget' });
    expect(pdb('policy/v1', '  maxUnavailable: "30%"\n  unhealthyPodEvictionPolicy: AlwaysAllow\n  selector: { matchLabels: { app: a } }').pdbs[0]).toMatchObject({ maxUnavailable: { percent: 30 }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('PDB with neither minAvailable nor maxUnavailable: no default, and a warning that it blocks evictions', () => {
    const set = pdb('policy/v1', '  selector: { matchLabels: { app: a } }');
    expect([set.pdbs[0].minAvailable, set.pdbs[0].maxUnavailable]).toEqual([undefined, undefined]);
    expect(set.warnings.map((w) => w.message)).toEqual(['spec: neither minAvailable nor maxUnavailable is set: the disruption controller allows no voluntary evictions of healthy pods']);
  });

  it('PDB selector {}: everything in policy/v1, nothing in policy/v1beta1', () => {
    expect(pdb('policy/v1', '  maxUnavailable: 1\n  selector: {}').pdbs[0].selector.matches({ any: 'pod' })).toBe(true);
    const beta = pdb('policy/v1beta1', '  maxUnavailable: 1\n  selector: {}');
    expect(beta.pdbs[0].selector.nothing).toBe(true);
    expect(pdb('policy/v1', '  maxUnavailable: 1').pdbs[0].selector.nothing).toBe(true); // nil selector
  });
});
