/**
 * `kubeblast import`: dumps of a live cluster (`kubectl get nodes -o yaml`, `kubectl get
 * deploy,sts,ds,rc,job,cronjob,svc,pdb,pvc,limitrange,priorityclass -A -o yaml`) → a scenario
 * (`scenario.yaml`) and its manifests (`manifests.yaml`), with a summary of what was kept,
 * dropped and assumed.
 */
import { stringify } from 'yaml';
import { InputError } from '../errors.js';
import { DEFAULT_KUBERNETES_VERSION, MAX_MINOR, MIN_MINOR } from '../scenario/defaults.js';
import { readDumps } from './dump.js';
import { importNodes } from './nodes.js';
import { keepObjects } from './workloads.js';

/** Options of `kubeblast import`. */
export interface ImportOptions {
  /** Scenario name. */
  name: string;
  rackLabel?: string;
  controlPlaneCount: number;
}

/** The files to write and the summary lines. */
export interface ImportResult {
  files: Map<string, string>;
  summary: string[];
}

function counts(items: ReadonlyArray<{ kind: string }>): string {
  const by = new Map<string, number>();
  for (const i of items) by.set(i.kind, (by.get(i.kind) ?? 0) + 1);
  return [...by.entries()].map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing';
}

/** Builds the scenario and manifests of the dumps at `paths`. */
export function importCluster(paths: readonly string[], opts: ImportOptions): ImportResult {
  const all = readDumps(paths);
  const nodeCount = all.filter((o) => o.kind === 'Node').length;
  if (nodeCount === 0) throw new InputError('no Node in the dumps: add the output of `kubectl get nodes -o yaml`', { file: paths[0] ?? '', line: 1, col: 1 });
  const topo = importNodes(all, { rackLabel: opts.rackLabel, controlPlaneCount: opts.controlPlaneCount });
  const { kept, dropped } = keepObjects(all);
  const notes = [...topo.notes];
  let version = DEFAULT_KUBERNETES_VERSION;
  if (topo.minor !== null) {
    const minor = Math.min(MAX_MINOR, Math.max(MIN_MINOR, topo.minor));
    if (minor !== topo.minor) notes.push(`assumed: kubelets run 1.${topo.minor}; kubeblast simulates 1.${minor}`);
    version = `1.${minor}`;
  } else notes.push(`assumed: Kubernetes ${DEFAULT_KUBERNETES_VERSION} (no kubeletVersion in the node dump)`);
  const scenario = {
    apiVersion: 'kubeblast.io/v1',
    kind: 'Scenario',
    metadata: { name: opts.name },
    spec: {
      kubernetesVersion: version,
      topology: { regions: topo.regions },
      controlPlane: topo.controlPlane,
      manifests: ['manifests.yaml'],
    },
  };
  const header = `# Imported by kubeblast import from ${paths.join(', ')}\n`;
  const manifests = kept.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
  const workers = topo.regions.reduce((n, r) => n + r.zones.reduce((m, z) => m + z.pools.reduce((k, p) => k + p.nodes, 0), 0), 0);
  const summary = [
    `topology: ${workers} worker nodes in ${topo.regions.reduce((n, r) => n + r.zones.length, 0)} zones, ${topo.regions.reduce((n, r) => n + r.zones.reduce((m, z) => m + z.pools.length, 0), 0)} node pools; control plane: ${topo.controlPlane.count} hosts`,
    `kept: ${counts(kept)}`,
    `dropped: ${counts(dropped)}`,
    ...dropped.map((d) => `  ${d.kind} ${d.name}: ${d.why}`),
    ...notes,
  ];
  return { files: new Map([['scenario.yaml', header + stringify(scenario, { lineWidth: 0 })], ['manifests.yaml', manifests || '# no objects kept\n']]), summary };
}
