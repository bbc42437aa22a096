// Bad input: every case is an InputError whose one-line form names the file, line and column of
// the offending node and says what was expected — never a raw exception.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadManifests } from '../../src/manifests/load.js';
import { deployment, FIXTURES, loadError, OPTS } from './helpers.js';

const C = 'containers:\n  - name: app\n    image: nginx';
const withSelector = (sel: string) => deployment(C).replace('matchLabels: { app: web }', sel);
const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: b }\nspec:\n${spec}`;
const job = (podSpecExtra: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec:\n  template:\n    spec:\n${podSpecExtra}      containers: [{ name: a, image: b }]\n`;

describe('documents and object headers', () => {
  it.each([
    ['a document that is a list', '- a\n- b\n', 'test.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got a list'],
    ['a document that is a scalar', 'hello\n', 'test.yaml:1:1: expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got a scalar value'],
    ['a List item that is not a mapping', 'apiVersion: v1\nkind: List\nitems:\n  - just a string\n', 'test.yaml:4:5: items[0]: expected a Kubernetes object (a mapping with apiVersion, kind and metadata)'],
    ['missing apiVersion', 'kind: Service\nmetadata: { name: a }\n', 'test.yaml:1:1: apiVersion: expected string, but it is missing'],
    ['missing kind', 'apiVersion: v1\nmetadata: { name: a }\n', 'test.yaml:1:1: kind: expected string, but it is missing'],
    ['missing metadata', 'apiVersion: v1\nkind: Service\n', 'test.yaml:1:1: metadata: expected a mapping, but it is missing'],
    ['missing metadata.name', 'apiVersion: v1\nkind: Service\nmetadata: { namespace: x }\n', 'test.yaml:3:11: metadata.name: expected string, but it is missing'],
    ['an empty metadata.name', 'apiVersion: v1\nkind: Service\nmetadata: { name: "" }\n', 'test.yaml:3:19: metadata.name: expected a non-empty name'],
    ['missing metadata.name of an ignored kind', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'test.yaml:3:11: metadata.name: expected string, but it is missing'],
    ['spec that is not a mapping', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a }\nspec: 3\n', 'test.yaml:4:7: spec: expected a mapping, got 3'],
    ['a YAML syntax error', 'apiVersion: v1\nkind: [\n', /^test\.yaml:3:1: YAML syntax error: /],
  ])('%s', (_name, text, want) => {
    const err = loadError(text);
    if (typeof want === 'string') expect(err.format()).toBe(want);
    else expect(err.format()).toMatch(want);
  });

  it('a missing file names the file and where the scenario refers to it', () => {
    let err: unknown;
    try {
      loadManifests([{ path: join(FIXTURES, 'nope.yaml'), display: 'manifests/nope.yaml', from: { file: 'scenario.yaml', line: 12, col: 7 } }], OPTS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toBe('scenario.yaml:12:7: manifests/nope.yaml: file not found');
  });

  it('a duplicate object names both positions', () => {
    const err = loadError(`${deployment(C)}---\n${deployment(C)}`);
    expect(err.format()).toBe('test.yaml:16:1: duplicate Deployment default/web: first defined at test.yaml:1:1');
  });

  it('the same name in another namespace or of another kind is no duplicate', () => {
    expect(() => loadError(`${deployment(C)}---\n${deployment(C).replace('  name: web', '  name: web\n  namespace: b')}`)).toThrow('expected an InputError');
  });
});

describe('field values', () => {
  it.each([
    ['replicas as a word', deployment(C, 'replicas: three'), 'test.yaml:6:13: spec.replicas: expected integer, got "three"'],
    ['negative replicas', deployment(C, 'replicas: -1'), 'test.yaml:6:13: spec.replicas: expected a non-negative integer, got -1'],
    ['fractional replicas', deployment(C, 'replicas: 1.5'), 'test.yaml:6:13: spec.replicas: expected integer, got 1.5'],
    [
      'a bad CPU quantity',
      deployment(`${C}\n    resources: { requests: { cpu: 2 cores } }`),
      'test.yaml:15:41: spec.template.spec.containers[0].resources.requests.cpu: expected a Kubernetes quantity such as 500m, 2, 128Mi or 1G, got "2 cores"',
    ],
    [
      'a bad memory limit',
      deployment(`${C}\n    resources: { limits: { memory: "12 GB" } }`),
      'test.yaml:15:42: spec.template.spec.containers[0].resources.limits.memory: expected a Kubernetes quantity such as 500m, 2, 128Mi or 1G, got "12 GB"',
    ],
    [
      'a request above its limit',
      deployment(`${C}\n    resources: { requests: { cpu: 2 }, limits: { cpu: 1 } }`),
      'test.yaml:15:41: spec.template.spec.containers[0].resources.requests.cpu: must be less than or equal to the cpu limit of 1',
    ],
    ['a label value that is a number', withSelector('matchLabels: { app: web }').replace('labels: { app: web }', 'labels: { app: web, version: 1.0 }'), 'test.yaml:10:36: spec.template.metadata.labels.version: expected string, got 1'],
    ['an unknown Service type', 'apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { type: Internal }\n', 'test.yaml:4:15: spec.type: expected one of ClusterIP, NodePort, LoadBalancer, ExternalName, got "Internal"'],
    ['a bad maxSurge', deployment(C, 'strategy:\n  rollingUpdate: { maxSurge: lots }'), 'test.yaml:7:32: spec.strategy.rollingUpdate.maxSurge: expected an integer or a percentage such as "25%", got "lots"'],
    ['maxSurge and maxUnavailable both 0', deployment(C, 'strategy:\n  rollingUpdate: { maxSurge: 0, maxUnavailable: 0 }'), 'test.yaml:7:51: spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0'],
    ['rollingUpdate with Recreate', deployment(C, 'strategy:\n  type: Recreate\n  rollingUpdate: { maxSurge: 1 }'), 'test.yaml:8:20: spec.strategy.rollingUpdate: may not be specified when strategy type is Recreate'],
    ['no containers', deployment('containers: []'), 'test.yaml:12:19: spec.template.spec.containers: expected at least one container'],
    ['a bare Pod without image', 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: a }]\n', 'test.yaml:5:16: spec.containers[0]: expected an image, but it is missing'],
    [
      'a toleration with empty key and Equal',
      deployment(`tolerations: [{ operator: Equal, value: x }]\n${C}`),
      'test.yaml:12:33: spec.template.spec.tolerations[0].operator: expected Exists when key is empty (a toleration for every taint)',
    ],
    [
      'tolerationSeconds without NoExecute',
      deployment(`tolerations: [{ key: a, operator: Exists, tolerationSeconds: 5 }]\n${C}`),
      'test.yaml:12:68: spec.template.spec.tolerations[0].tolerationSeconds: expected effect NoExecute when tolerationSeconds is set',
    ],
    [
      'a bad whenUnsatisfiable',
      deployment(`topologySpreadConstraints:\n  - { maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Maybe }\n${C}`),
      'test.yaml:13:63: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: expected DoNotSchedule or ScheduleAnyway, got "Maybe"',
    ],
    ['minReadySeconds not below progressDeadlineSeconds', deployment(C, 'minReadySeconds: 700'), 'test.yaml:6:3: spec.progressDeadlineSeconds: must be greater than minReadySeconds (700), got 600'],
  ])('%s', (_name, text, want) => {
    expect(loadError(text).format()).toBe(want);
  });
});

describe('selectors', () => {
  it.each([
    [
      'a bad selector operator',
      withSelector('matchExpressions: [{ key: app, operator: Equals, values: [web] }]'),
      'test.yaml:7:46: spec.selector.matchExpressions[0].operator: expected In, NotIn, Exists or DoesNotExist, got "Equals"',
    ],
    ['a selector that does not match the template labels', withSelector('matchLabels: { app: api }'), 'test.yaml:7:5: spec.selector: selector app=api does not match the template labels {app: web} (spec.template.metadata.labels, line 10)'],
    ['a missing apps/v1 selector', deployment(C).replace('  selector:\n    matchLabels: { app: web }\n', ''), 'test.yaml:6:3: spec.selector: expected a label selector (required for a Deployment), but it is missing'],
    ['an empty apps/v1 selector', withSelector('matchLabels: {}'), 'test.yaml:7:5: spec.selector: empty selector is invalid for a Deployment: it would select every pod in the namespace'],
    [
      'a bad operator in a pod anti-affinity term',
      deployment(`affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      - topologyKey: zone\n        labelSelector: { matchExpressions: [{ key: app, operator: Equal, values: [x] }] }\n${C}`),
      'test.yaml:16:73: spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: expected In, NotIn, Exists or DoesNotExist, got "Equal"',
    ],
    ['In without values', withSelector('matchExpressions: [{ key: app, operator: In, values: [] }]'), 'test.yaml:7:58: spec.selector.matchExpressions[0].values: operator In needs at least one value'],
    ['a PDB with both minAvailable and maxUnavailable', pdb('  minAvailable: 1\n  maxUnavailable: 1\n'), 'test.yaml:6:19: spec.maxUnavailable: minAvailable and maxUnavailable cannot be both set'],
    ['a PDB percentage above 100%', pdb('  minAvailable: 150%\n'), 'test.yaml:5:17: spec.minAvailable: expected a percentage of at most 100%, got "150%"'],
    ['a PDB number written as a string', pdb('  minAvailable: "3"\n'), 'test.yaml:5:17: spec.minAvailable: expected an integer or a percentage such as "25%", got "3"'],
  ])('%s', (_name, text, want) => {
    expect(loadError(text).format()).toBe(want);
  });
});

describe('restart policies the API server rejects', () => {
  it.each([
    ['a Job with restartPolicy Always', job('      restartPolicy: Always\n'), 'test.yaml:7:22: spec.template.spec.restartPolicy: expected OnFailure or Never for a Job, got "Always"'],
    ['a Job without restartPolicy (defaults to Always)', job(''), 'test.yaml:7:7: spec.template.spec.restartPolicy: expected OnFailure or Never for a Job, got "Always" (the default when restartPolicy is unset)'],
    ['a Deployment with restartPolicy Never', deployment(`restartPolicy: Never\n${C}`), 'test.yaml:12:22: spec.template.spec.restartPolicy: expected Always for a Deployment, got "Never"'],
  ])('%s', (_name, text, want) => {
    expect(loadError(text).format()).toBe(want);
  });

  it('accepts a Job with OnFailure or Never', () => {
    expect(() => loadError(job('      restartPolicy: OnFailure\n'))).toThrow('expected an InputError');
  });
});
