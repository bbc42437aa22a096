// The loader's handling of files and documents: multi-document YAML, Lists, ignored kinds,
// removed API versions, unknown fields, positions, several files.
import { describe, expect, it } from 'vitest';
import { loadManifestFiles } from '../../src/manifests/load.js';
import { parseYamlText } from '../../src/yaml/source.js';
import { deployment, load, OPTS } from './helpers.js';

const C = 'containers:\n  - name: app\n    image: nginx';

describe('documents', () => {
  it('skips empty documents and comment-only documents', () => {
    const set = load(`# header comment\n---\n---\n${deployment(C)}---\n# trailing\n`);
    expect(set.workloads.map((w) => w.key)).toEqual(['deployment/default/web']);
    expect(set.files).toEqual(['test.yaml']);
  });

  it('expands kind: List, keeping each item position', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: { name: a }
    spec: { selector: { app: a } }
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: cfg, namespace: ops }
    data: { k: v }
`;
    const set = load(text);
    expect(set.services.map((s) => [s.key, s.source.line, s.source.col])).toEqual([['service/default/a', 4, 5]]);
    expect(set.ignored).toEqual([{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'ops', source: { file: 'test.yaml', line: 8, col: 5 } }]);
  });

  it('records the source position of every object', () => {
    const set = load(`apiVersion: v1\nkind: Service\nmetadata: { name: a }\n---\n${deployment(C)}`);
    expect(set.services[0].source).toEqual({ file: 'test.yaml', line: 1, col: 1 });
    expect(set.workloads[0].source).toEqual({ file: 'test.yaml', line: 5, col: 1 });
  });

  it('loads several files in order', () => {
    const a = parseYamlText(deployment(C), 'a.yaml');
    const b = parseYamlText('apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web } }\n', 'b.yaml');
    const set = loadManifestFiles([a, b], OPTS);
    expect(set.files).toEqual(['a.yaml', 'b.yaml']);
    expect(set.services[0].source.file).toBe('b.yaml');
  });
});

describe('kinds not simulated', () => {
  it('lists other kinds and CRDs as ignored without warnings', () => {
    const set = load(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: i }\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { anything: [1, 2] }\n`);
    expect(set.ignored.map((o) => `${o.apiVersion} ${o.kind} ${o.name}`)).toEqual(['networking.k8s.io/v1 Ingress i', 'example.com/v1 Widget w']);
    expect(set.warnings).toEqual([]);
  });

  it('ignores a removed apiVersion of a simulated kind, with a warning', () => {
    const set = load(`apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: { name: old }\nspec: { replicas: 2 }\n`);
    expect(set.workloads).toEqual([]);
    expect(set.ignored.map((o) => o.name)).toEqual(['old']);
    expect(set.warnings).toEqual([
      { message: 'apiVersion: extensions/v1beta1 Deployment was removed in Kubernetes 1.16 (use apps/v1); not simulated', source: { file: 'test.yaml', line: 1, col: 13 } },
    ]);
  });

  it('ignores an unknown apiVersion of a simulated kind silently', () => {
    const set = load(`apiVersion: example.com/v1\nkind: Deployment\nmetadata: { name: custom }\n`);
    expect(set.ignored.map((o) => o.kind)).toEqual(['Deployment']);
    expect(set.warnings).toEqual([]);
  });
});

describe('unknown fields (field validation Warn)', () => {
  it('warns at the key and keeps loading', () => {
    const set = load(deployment(`${C}\n    resourcez: { requests: { cpu: 1 } }`, 'replica: 3'));
    expect(set.workloads[0].replicas).toBe(1); // the misspelt field is not read
    expect(set.warnings).toEqual([
      { message: 'unknown field "spec.replica"', source: { file: 'test.yaml', line: 6, col: 3 } },
      { message: 'unknown field "spec.template.spec.containers[0].resourcez"', source: { file: 'test.yaml', line: 16, col: 11 } },
    ]);
  });

  it('does not warn for real fields it does not read', () => {
    const pod = `volumes: [{ name: v, emptyDir: {} }]\nsecurityContext: { runAsUser: 1 }\nserviceAccountName: sa\n${C}\n    ports: [{ containerPort: 80 }]\n    env: [{ name: A, value: b }]`;
    expect(load(deployment(pod, 'paused: false')).warnings).toEqual([]);
  });
});
