// What the API server does on the way in: empty enum strings defaulted, LimitRanger defaults,
// fields of feature gates that are off dropped, removed API versions refused.
import { describe, expect, it } from 'vitest';
import { deployment, load, loadError, only, OPTS } from './helpers.js';

const C = 'containers:\n  - name: app\n    image: nginx:1.27';
const Mi = 2 ** 20;

describe('empty-string enums read as omitted (pkg/apis/apps/v1/defaults.go, pkg/apis/core/v1/defaults.go)', () => {
  it('Deployment strategy.type "" → RollingUpdate; restartPolicy "" → Always; toleration operator "" → Equal', () => {
    // SetDefaults_Deployment: `if strategy.Type == ""`; SetDefaults_PodSpec: `if obj.RestartPolicy == ""`;
    // core validation validateTolerations accepts operator "" as Equal.
    const pod = `${C}\nrestartPolicy: ""\ntolerations:\n  - { key: k, operator: "", value: v, effect: NoSchedule }`;
    const w = only(load(deployment(pod, 'strategy:\n  type: ""')));
    expect(w.strategy).toBe('RollingUpdate');
    expect(w.maxSurge).toEqual({ percent: 25 });
    expect(w.template.restartPolicy).toBe('Always');
    expect(w.template.tolerations[0]).toMatchObject({ key: 'k', operator: 'Equal', value: 'v' });
  });

  it('StatefulSet podManagementPolicy "" → OrderedReady, updateStrategy.type "" → RollingUpdate; Service type "" → ClusterIP', () => {
    const sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: s }\nspec:\n  podManagementPolicy: ""\n  updateStrategy: { type: "" }\n  selector: { matchLabels: { app: s } }\n  template:\n    metadata: { labels: { app: s } }\n    spec:\n      containers: [{ name: a, image: i }]\n---\napiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { type: "", selector: { app: s } }\n`;
    const set = load(sts);
    expect(set.workloads[0]).toMatchObject({ podManagementPolicy: 'OrderedReady', strategy: 'RollingUpdate', partition: 0 });
    expect(set.services[0].type).toBe('ClusterIP');
  });

  it('a wrong non-empty value is still refused, naming the allowed ones', () => {
    const err = loadError(deployment(C, 'strategy:\n  type: Rolling'));
    expect(err.message).toMatch(/strategy\.type.*one of RollingUpdate, Recreate/);
  });
});

const limitRange = (ns: string, body: string) => `apiVersion: v1\nkind: LimitRange\nmetadata: { name: lr, namespace: ${ns} }\nspec:\n  limits:\n${body}\n---\n`;

describe('LimitRanger (plugin/pkg/admission/limitranger/admission.go)', () => {
  it('fills the requests a container lacks from defaultRequest, in the namespace of the range only', () => {
    const lr = limitRange('default', '  - type: Container\n    defaultRequest: { cpu: 250m, memory: 64Mi }\n    default: { cpu: "1", memory: 256Mi }');
    const set = load(lr + deployment(C) + '---\n' + deployment(C).replace('name: web', 'name: other\n  namespace: elsewhere'));
    // default namespace: cpu 250m, memory 64Mi from defaultRequest; elsewhere: nothing requested
    expect(set.workloads.map((w) => [w.key, w.template.requests])).toEqual([
      ['deployment/default/web', { cpuMilli: 250, memoryBytes: 64 * Mi }],
      ['deployment/elsewhere/other', { cpuMilli: 0, memoryBytes: 0 }],
    ]);
    expect(set.admission.map((o) => o.kind)).toEqual(['LimitRange']);
    expect(set.ignored).toEqual([]);
  });

  it('a resource the container limits requests its own limit (pod defaulting runs before admission), not defaultRequest', () => {
    const lr = limitRange('default', '  - type: Container\n    defaultRequest: { cpu: 100m, memory: 32Mi }');
    const pod = 'containers:\n  - name: app\n    image: i\n    resources: { limits: { cpu: 500m } }';
    // cpu: own limit 500m (SetDefaults_Pod); memory: defaultRequest 32Mi
    expect(only(load(lr + deployment(pod))).template.requests).toEqual({ cpuMilli: 500, memoryBytes: 32 * Mi });
  });

  it('SetDefaults_LimitRangeItem: no defaultRequest → the default limit; no default → max; then min', () => {
    const lr = limitRange('default', '  - type: Container\n    max: { cpu: "2" }\n    min: { memory: 16Mi }\n  - type: Pod\n    max: { cpu: "8" }');
    // cpu: default ← max 2 → defaultRequest ← 2000m; memory: defaultRequest ← min 16Mi; the Pod item gives no defaults
    expect(only(load(lr + deployment(C))).template.requests).toEqual({ cpuMilli: 2000, memoryBytes: 16 * Mi });
  });

  it('applies to init containers too, and an earlier range wins over a later one', () => {
    const lr = limitRange('default', '  - type: Container\n    defaultRequest: { cpu: 300m }') +
      limitRange('default', '  - type: Container\n    defaultRequest: { cpu: 900m, memory: 8Mi }').replace('name: lr', 'name: lr2');
    const pod = `${C}\ninitContainers:\n  - name: init\n    image: i\n    resources: { requests: { cpu: "1" } }`;
    // containers: cpu 300m (first range), memory 8Mi (second); init: cpu 1 (own), memory 8Mi → peak cpu max(300m, 1000m)
    expect(only(load(lr + deployment(pod))).template.requests).toEqual({ cpuMilli: 1000, memoryBytes: 8 * Mi });
  });
});

describe('feature gates by kubernetesVersion (pkg/features/kube_features.go, pkg/api/pod/util.go dropDisabledFields)', () => {
  const pod = `resources: { requests: { cpu: "2" } }\n${C}`;
  it('pod-level resources are dropped before 1.34 (PodLevelResources beta there), with a warning', () => {
    const old = load(deployment(pod), { ...OPTS, kubernetesMinor: 33 });
    expect(only(old).template.requests.cpuMilli).toBe(0);
    expect(old.warnings.map((w) => w.message)).toEqual([
      'spec.template.spec.resources: dropped by the API server of Kubernetes 1.33: the PodLevelResources feature gate is off by default before 1.34',
    ]);
    const now = load(deployment(pod), { ...OPTS, kubernetesMinor: 34 });
    expect(only(now).template.requests.cpuMilli).toBe(2000);
    expect(now.warnings).toEqual([]);
  });
});

describe('removed API versions (kubernetes.io/docs/reference/using-api/deprecation-guide)', () => {
  const cron = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: c }\nspec: { schedule: "@hourly" }\n';
  it('batch/v1beta1 CronJob is not created, and the message names batch/v1', () => {
    const set = load(cron, { ...OPTS, kubernetesMinor: 30 });
    expect(set.workloads).toEqual([]);
    expect(set.warnings[0].message).toBe('apiVersion: batch/v1beta1 CronJob was removed in Kubernetes 1.25 (use batch/v1); not simulated');
  });

  it('autoscaling/v2beta2 is still served (deprecated) by 1.25 and refused from 1.26', () => {
    const hpa = 'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: { name: h }\nspec: {}\n';
    expect(load(hpa, { ...OPTS, kubernetesMinor: 25 }).warnings[0].message).toMatch(/is deprecated and removed in Kubernetes 1\.26 \(use autoscaling\/v2\)/);
    expect(load(hpa, { ...OPTS, kubernetesMinor: 26 }).warnings[0].message).toMatch(/was removed in Kubernetes 1\.26 \(use autoscaling\/v2\); not simulated/);
  });
});

describe('LimitRanger Validate (limitranger/admission.go): pods outside max/min are refused — kubeblast warns', () => {
  it('a limit above max and a request below min are named as the API server words them', () => {
    const lr = limitRange('default', '  - type: Container\n    max: { cpu: "2" }\n    min: { memory: 64Mi }');
    const pod = 'containers:\n  - name: app\n    image: i\n    resources: { limits: { cpu: "4" }, requests: { memory: 32Mi } }';
    const set = load(lr + deployment(pod));
    expect(set.warnings.map((w) => w.message)).toEqual([
      'spec.template.spec: the API server would refuse these pods (LimitRange lr): maximum cpu usage per Container is 2, but limit is 4; minimum memory usage per Container is 64Mi, but request is 32Mi; kubeblast simulates them anyway',
    ]);
    // Within bounds: no warning (cpu defaults to max 2, memory request 128Mi ≥ 64Mi).
    const ok = 'containers:\n  - name: app\n    image: i\n    resources: { requests: { memory: 128Mi } }';
    expect(load(lr + deployment(ok)).warnings).toEqual([]);
  });

  it('maxLimitRequestRatio (limitRequestRatioConstraint): limit / request at most the ratio', () => {
    const lr = limitRange('default', '  - type: Container\n    max: { cpu: "2" }\n    min: { memory: 64Mi }\n    maxLimitRequestRatio: { memory: "2" }');
    // memory: limit 1Gi over request 256Mi is 4 > 2 (cpu within max).
    const pod = 'containers:\n  - name: app\n    image: i\n    resources: { limits: { cpu: "1", memory: 1Gi }, requests: { cpu: "1", memory: 256Mi } }';
    expect(load(lr + deployment(pod)).warnings.map((w) => w.message)).toEqual([
      'spec.template.spec: the API server would refuse these pods (LimitRange lr): memory max limit to request ratio per Container is 2, but provided ratio is 4.000000; kubeblast simulates them anyway',
    ]);
    // Only a limit: the request defaults to it (ratio 1); a ratio of exactly 2 passes.
    const limitOnly = 'containers:\n  - name: app\n    image: i\n    resources: { limits: { memory: 128Mi } }';
    expect(load(lr + deployment(limitOnly)).warnings).toEqual([]);
    const two = 'containers:\n  - name: app\n    image: i\n    resources: { limits: { memory: 128Mi }, requests: { memory: 64Mi } }';
    expect(load(lr + deployment(two)).warnings).toEqual([]);
    // No memory limit at all (the range has no default for it): refused.
    const none = 'containers:\n  - name: app\n    image: i\n    resources: { requests: { memory: 128Mi } }';
    expect(load(lr + deployment(none)).warnings.map((w) => w.message).join()).toMatch(/memory max limit to request ratio per Container is 2, but no limit is specified or limit is 0/);
  });
});
