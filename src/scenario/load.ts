/**
 * `loadScenario(path)`: reads a scenario file (design.md §3), validates it, applies the
 * defaults of its `kubernetesVersion`, builds the topology, loads the manifests and resolves every
 * name in SLOs and faults. Anything wrong is an `InputError` at the offending node.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { isMap, type Document } from 'yaml';
import type { z } from 'zod';
import { InputError, type SourcePos } from '../errors.js';
import { loadManifests } from '../manifests/load.js';
import type { ManifestSet, Warning } from '../manifests/types.js';
import { buildTopology, type TopologyInput } from '../topology/build.js';
import { docPos, readYamlFile, type YamlFile } from '../yaml/source.js';
import { toPlainData } from '../yaml/limits.js';
import { zodToInputError } from '../yaml/zod.js';
import { componentConfig } from './config.js';
import { resolveExtends } from './extends.js';
import { loadPatchedManifests, type ManifestPatch } from './patches.js';
import { DEFAULT_KUBERNETES_VERSION, defaultsFor, MAX_MINOR, MIN_MINOR, type Defaults } from './defaults.js';
import { parseFaults } from './faults.js';
import { checkFaultCount, checkNodeShapes, checkPodCount, checkTopologySize, scenarioName } from './limits.js';
import { scenarioSchema, type RawScenario, type RawSpec } from './schema.js';
import { parseSlos } from './slo.js';
import type { Scenario } from './types.js';
import { Where } from './where.js';

/** Loads and checks the scenario at `path` (shown to the user as given). */
export function loadScenario(path: string): Scenario {
  const file = resolve(path);
  // extends:/patches: (variants) are merged here, before validation, keeping every position.
  const { yaml, patches } = resolveExtends(readYamlFile(file, path), file);
  const { doc, raw } = parseDocument(yaml);
  const where = new Where(yaml, doc);
  const spec = raw.spec;
  const { version, minor } = kubernetesVersion(spec.kubernetesVersion, where);
  const d = defaultsFor(minor);
  const warnings: Warning[] = [];
  const name = scenarioName(raw.metadata?.name, path, where);
  checkTopologySize(spec.topology.regions, where);
  checkNodeShapes(spec.topology.regions, where);
  const topology = buildTopology(topologyInput(spec, d, where), {
    hosts: spec.controlPlane?.hosts ?? 'spread-zones',
    count: spec.controlPlane?.count,
    defaultCount: d.controlPlaneCount,
  }, (p) => where.pos(['spec', ...p]));
  if (topology.controlPlane.length % 2 === 0) {
    warnings.push({
      message: `${topology.controlPlane.length} etcd members tolerate no more failures than ${topology.controlPlane.length - 1}; etcd advises an odd count`,
      source: where.pos(['spec', 'controlPlane']),
    });
  }
  const config = componentConfig(spec, d, topology.controlPlane.length, where, warnings);
  const manifests = loadScenarioManifests(spec, file, where, d, config.apiserver, minor, patches);
  checkPodCount(manifests, topology.nodes.length);
  const durationUs = spec.duration ?? d.durationUs;
  const faults = parseFaults(spec.faults, { where, topology, manifests, defaultNamespace: d.namespace, durationUs, warnings });
  checkFaultCount(faults, topology, durationUs);
  return {
    file,
    display: path,
    name,
    seed: spec.seed ?? d.seed,
    durationUs,
    kubernetesVersion: version,
    kubernetesMinor: minor,
    topology,
    ...config,
    manifests,
    slo: parseSlos(spec.slo, manifests, d.namespace, where, warnings),
    faults,
    warnings,
  };
}

/** The one document of the file, validated by the schema. */
function parseDocument(yaml: YamlFile): { doc: Document.Parsed; raw: RawScenario } {
  const docs = yaml.docs.filter((d) => d.contents !== null);
  if (docs.length === 0) {
    throw new InputError('expected a Scenario (apiVersion: kubeblast.io/v1, kind: Scenario, spec: …), got an empty file', { file: yaml.display, line: 1, col: 1 });
  }
  if (docs.length > 1) throw new InputError('expected one YAML document, got a second one here', docPos(yaml, docs[1]));
  const doc = docs[0];
  if (!isMap(doc.contents)) throw new InputError('expected a Scenario mapping (apiVersion, kind, metadata, spec)', docPos(yaml, doc));
  const r = scenarioSchema.safeParse(toPlainData(doc, docPos(yaml, doc)));
  if (!r.success) throw zodToInputError(unknownFieldsFirst(r.error), yaml, doc);
  return { doc, raw: r.data };
}

/** A misspelt field also makes the real one "missing"; the unknown-field issue is the one to report. */
function unknownFieldsFirst(error: z.ZodError): z.ZodError {
  const rank = (code: string): number => (code === 'unrecognized_keys' ? 0 : 1);
  error.issues.sort((a, b) => rank(a.code) - rank(b.code));
  return error;
}

const VERSION = /^1\.(\d+)(\.\d+)?$/;

function kubernetesVersion(value: unknown, where: Where): { version: string; minor: number } {
  const path = ['spec', 'kubernetesVersion'];
  const range = `1.${MIN_MINOR} to 1.${MAX_MINOR}`;
  if (value === undefined) return { version: DEFAULT_KUBERNETES_VERSION, minor: Number(DEFAULT_KUBERNETES_VERSION.split('.')[1]) };
  if (typeof value === 'number') {
    where.fail(path, `expected a version string such as "1.33", got the number ${value}`,
      `YAML reads an unquoted 1.30 as the number 1.3; quote the version: kubernetesVersion: "${DEFAULT_KUBERNETES_VERSION}"`);
  }
  const m = typeof value === 'string' ? VERSION.exec(value) : null;
  if (!m) where.fail(path, `expected a version such as "1.33" (${range}), got ${JSON.stringify(value)}`);
  const minor = Number(m[1]);
  if (minor < MIN_MINOR || minor > MAX_MINOR) where.fail(path, `unsupported Kubernetes version "${value}"; expected ${range}`);
  return { version: value as string, minor };
}

function topologyInput(spec: RawSpec, d: Defaults, where: Where): TopologyInput {
  type Shape = NonNullable<RawSpec['topology']['regions'][number]['zones'][number]['node']>;
  const shape = (n: Shape) => ({
    capacity: {
      cpuMilli: n.cpu, memoryBytes: n.memory, pods: n.pods ?? d.nodePods,
      ...(n.resources && Object.keys(n.resources).length > 0 ? { extended: n.resources } : {}),
    },
    labels: n.labels,
    taints: n.taints,
    ...(n.costPerHour !== undefined ? { costPerHour: n.costPerHour } : {}),
  });
  return {
    regions: spec.topology.regions.map((r, ri) => ({
      name: r.name,
      zones: r.zones.map((z, zi) => {
        const given = [z.nodesPerRack, z.nodes, z.pools].filter((x) => x !== undefined).length;
        if (given !== 1) {
          where.fail(['spec', 'topology', 'regions', ri, 'zones', zi], `expected exactly one of nodesPerRack (nodes in each rack), nodes (the zone's total, spread over its racks) or pools (node pools of their own shapes)`);
        }
        return {
          name: z.name,
          racks: z.racks,
          nodesPerRack: z.nodesPerRack ?? 0,
          ...(z.nodes !== undefined ? { nodes: z.nodes } : {}),
          ...(z.pools !== undefined ? { pools: z.pools.map((p) => ({ nodes: p.nodes, node: shape(p.node) })) } : {}),
          node: z.node && shape(z.node),
        };
      }),
    })),
  };
}

const MANIFEST_EXT = ['.yaml', '.yml', '.json'];

function loadScenarioManifests(spec: RawSpec, scenarioFile: string, where: Where, d: Defaults, api: Scenario['apiserver'], kubernetesMinor: number, patches: ManifestPatch[]): ManifestSet {
  const base = dirname(scenarioFile);
  const files: Array<{ path: string; display: string; from?: SourcePos }> = [];
  spec.manifests.forEach((written, i) => {
    const from = where.pos(['spec', 'manifests', i]);
    const path = resolve(base, written);
    if (isDirectory(path)) {
      // A directory stands for its YAML files, in name order (as `kubectl apply -f DIR` reads them).
      const names = readdirSync(path).filter((n) => MANIFEST_EXT.includes(extname(n))).sort();
      if (names.length === 0) throw new InputError(`${written}: directory has no .yaml, .yml or .json files`, from);
      for (const n of names) files.push({ path: join(path, n), display: join(written, n), from });
    } else {
      files.push({ path, display: written, from });
    }
  });
  const opts = {
    defaultNotReadyTolerationSeconds: api.defaultNotReadyTolerationSeconds,
    defaultUnreachableTolerationSeconds: api.defaultUnreachableTolerationSeconds,
    defaultNamespace: d.namespace,
    kubernetesMinor,
  };
  return patches.length > 0 ? loadPatchedManifests(files, opts, patches) : loadManifests(files, opts);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
