/**
 * Hostile inputs by class (issue 14): each case writes a scenario (and manifests) into a fresh
 * folder and says what `kubeblast validate` must answer — exit 2 and a message matching `expect`,
 * naming the file in `file` (a line:col follows). Fixtures are built in code, not committed, so
 * that multi-megabyte and special files (FIFOs) need no space in the repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One hostile case: a name, how to lay out its folder, and what the error must say. */
export interface HostileCase {
  name: string;
  cls: 'api-reject' | 'exhaustion' | 'terminal' | 'special-file';
  /** Writes scenario.yaml (and anything else) into `dir`; returns the path to pass to the CLI. */
  make(dir: string): string;
  /** The file the message must name, relative to the case folder (default scenario.yaml). */
  file?: string;
  /** The file name the message must start with, when it is neither of the above (given the case folder). */
  named?: (dir: string) => string;
  expect: RegExp;
  /** The command (default validate). */
  command?: 'validate' | 'run';
}

/** A small valid topology: one region, two zones, two racks of two nodes each. */
export const TOPOLOGY = `  topology:
    regions:
      - name: r
        zones:
          - name: a
            racks: 2
            nodesPerRack: 2
            node: { cpu: "4", memory: 16Gi }
          - name: b
            racks: 2
            nodesPerRack: 2
            node: { cpu: "4", memory: 16Gi }
`;

/** A valid scenario around `extra` spec lines, with `name` as metadata.name. */
export function scenario(opts: { name?: string; topology?: string; extra?: string; manifests?: string[] } = {}): string {
  const manifests = (opts.manifests ?? ['app.yaml']).map((m) => `    - ${m}\n`).join('');
  return `apiVersion: kubeblast.io/v1
kind: Scenario
metadata:
  name: ${opts.name ?? 'hostile'}
spec:
  duration: 1h
${opts.topology ?? TOPOLOGY}  manifests:
${manifests}${opts.extra ?? ''}`;
}

/** A valid Deployment with overridable name, namespace, replicas and labels. */
export function deployment(o: { name?: string; namespace?: string; replicas?: string; labels?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${o.name ?? 'web'}
${o.namespace ? `  namespace: ${o.namespace}\n` : ''}${o.labels ? `  labels: ${o.labels}\n` : ''}spec:
  replicas: ${o.replicas ?? '2'}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
          resources: { requests: { cpu: 100m, memory: 64Mi } }
`;
}

/** Writes a scenario whose manifest file app.yaml holds `manifest`. */
export function withManifest(manifest: string, scenarioOpts: Parameters<typeof scenario>[0] = {}) {
  return (dir: string): string => {
    writeFileSync(join(dir, 'scenario.yaml'), scenario(scenarioOpts));
    writeFileSync(join(dir, 'app.yaml'), manifest);
    return join(dir, 'scenario.yaml');
  };
}

/** Writes `text` as the scenario, with a valid app.yaml beside it. */
export function withScenario(text: string) {
  return (dir: string): string => {
    writeFileSync(join(dir, 'scenario.yaml'), text);
    writeFileSync(join(dir, 'app.yaml'), deployment());
    return join(dir, 'scenario.yaml');
  };
}

/** A billion-laughs alias bomb: `depth` levels, each a list of 10 aliases of the one before. */
export function aliasBomb(depth: number): string {
  let out = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= depth; i++) out += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
  return out;
}

/** Creates the case's folder (and a FIFO where asked). */
export function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Makes sure `dir` exists. */
export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
