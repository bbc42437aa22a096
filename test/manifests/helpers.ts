/** Shared helpers of the manifest tests: load YAML text or a fixture, catch the InputError. */
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { loadManifestFiles, loadManifests } from '../../src/manifests/load.js';
import type { ManifestOptions, ManifestSet, Workload } from '../../src/manifests/types.js';
import { parseYamlText } from '../../src/yaml/source.js';

/** The options a scenario passes by default (API server flags 300 s / 300 s, namespace default). */
export const OPTS: ManifestOptions = {
  defaultNotReadyTolerationSeconds: 300,
  defaultUnreachableTolerationSeconds: 300,
  defaultNamespace: 'default',
};

/** Directory of the copied public manifests. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/manifests/', import.meta.url));

/** Loads YAML text as the file `test.yaml`. */
export function load(text: string, opts: ManifestOptions = OPTS): ManifestSet {
  return loadManifestFiles([parseYamlText(text, 'test.yaml')], opts);
}

/** Loads one fixture file by name. */
export function fixture(name: string): ManifestSet {
  return loadManifests([{ path: FIXTURES + name, display: name }], OPTS);
}

/** The InputError that loading `text` throws (fails the test when it does not throw one). */
export function loadError(text: string, opts: ManifestOptions = OPTS): InputError {
  try {
    load(text, opts);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError, but the manifests loaded');
}

/** The only workload of a set. */
export function only(set: ManifestSet): Workload {
  if (set.workloads.length !== 1) throw new Error(`expected one workload, got ${set.workloads.length}`);
  return set.workloads[0];
}

/** A Deployment document with the given pod spec lines (indented under `spec:` of the template). */
export function deployment(podSpec: string, extra = ''): string {
  const indented = podSpec.trim().split('\n').map((l) => `      ${l}`).join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:${extra ? `\n${extra.trimEnd().split('\n').map((l) => `  ${l}`).join('\n')}` : ''}
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
${indented}
`;
}
