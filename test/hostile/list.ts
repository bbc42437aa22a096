/**
 * The hostile-input cases, by class (see cases.ts). Each message pattern is what a user must
 * read: the rule broken and, for limits, the limit itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { aliasBomb, deployment, mkfifo, scenario, TOPOLOGY, withManifest, withScenario, type HostileCase } from './cases.js';

const api: HostileCase[] = [
  { name: 'deployment name with capitals', cls: 'api-reject', make: withManifest(deployment({ name: 'Web' })), file: 'app.yaml', expect: /metadata\.name: invalid Deployment name "Web": .*DNS-1123 subdomain/ },
  { name: 'deployment name with a slash', cls: 'api-reject', make: withManifest(deployment({ name: 'a/b' })), file: 'app.yaml', expect: /invalid Deployment name "a\/b"/ },
  { name: 'deployment name of 254 characters', cls: 'api-reject', make: withManifest(deployment({ name: 'a'.repeat(254) })), file: 'app.yaml', expect: /invalid Deployment name "a{20,80}…".*at most 253/ },
  { name: 'service name not a DNS-1035 label', cls: 'api-reject', make: withManifest(`${deployment()}---\napiVersion: v1\nkind: Service\nmetadata: { name: 1web }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n`), file: 'app.yaml', expect: /invalid Service name "1web": .*DNS-1035 label/ },
  { name: 'service name with a dot', cls: 'api-reject', make: withManifest(`${deployment()}---\napiVersion: v1\nkind: Service\nmetadata: { name: web.svc }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n`), file: 'app.yaml', expect: /invalid Service name "web\.svc"/ },
  { name: 'namespace with a dot', cls: 'api-reject', make: withManifest(deployment({ namespace: 'team.a' })), file: 'app.yaml', expect: /metadata\.namespace: invalid namespace "team\.a": .*DNS-1123 label/ },
  { name: 'namespace of 64 characters', cls: 'api-reject', make: withManifest(deployment({ namespace: 'n'.repeat(64) })), file: 'app.yaml', expect: /invalid namespace "n+": .*at most 63/ },
  { name: 'statefulset name with underscore', cls: 'api-reject', make: withManifest(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db_1 }\nspec:\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [{ name: db, image: pg }] }\n`), file: 'app.yaml', expect: /invalid StatefulSet name "db_1"/ },
  { name: 'pod name with a space', cls: 'api-reject', make: withManifest(`apiVersion: v1\nkind: Pod\nmetadata: { name: "my pod" }\nspec: { containers: [{ name: c, image: x }] }\n`), file: 'app.yaml', expect: /invalid Pod name "my pod"/ },
  { name: 'label key with two slashes', cls: 'api-reject', make: withManifest(deployment({ labels: '{ "a/b/c": x }' })), file: 'app.yaml', expect: /metadata\.labels\.a\/b\/c: invalid label key "a\/b\/c": the prefix must be a DNS subdomain/ },
  { name: 'label value of 64 characters', cls: 'api-reject', make: withManifest(deployment({ labels: `{ tier: ${'v'.repeat(64)} }` })), file: 'app.yaml', expect: /metadata\.labels\.tier: invalid label value "v{63}/ },
  { name: 'pod template label value with a space', cls: 'api-reject', make: withManifest(deployment().replace('labels: { app: web } }\n    spec', 'labels: { app: web, x: "a b" } }\n    spec')), file: 'app.yaml', expect: /spec\.template\.metadata\.labels\.x: invalid label value "a b"/ },
  { name: 'node label key in the scenario', cls: 'api-reject', make: withScenario(scenario({ topology: TOPOLOGY.replace('node: { cpu: "4", memory: 16Gi }', 'node: { cpu: "4", memory: 16Gi, labels: { "-bad": x } }') })), expect: /node\.labels\.-bad: invalid label key "-bad"/ },
  { name: 'scenario name climbing out of reports/', cls: 'api-reject', make: withScenario(scenario({ name: '../../../tmp/escape' })), expect: /metadata\.name: invalid scenario name "\.\.\/\.\.\/\.\.\/tmp\/escape": .*DNS-1123 subdomain/ },
  { name: 'scenario name absolute path', cls: 'api-reject', make: withScenario(scenario({ name: '/etc' })), expect: /metadata\.name: invalid scenario name "\/etc"/ },
  { name: 'scenario name ..', cls: 'api-reject', make: withScenario(scenario({ name: '".."' })), expect: /metadata\.name: invalid scenario name "\.\."/ },
  { name: 'scenario name empty', cls: 'api-reject', make: withScenario(scenario({ name: '""' })), expect: /metadata\.name: invalid scenario name ""/ },
  { name: 'control character in a manifest value', cls: 'api-reject', make: withManifest(deployment().replace('image: nginx', 'image: "ngi\\x07nx"')), file: 'app.yaml', expect: /control character U\+0007 in a string/ },
  { name: 'control character in the scenario', cls: 'api-reject', make: withScenario(scenario({ extra: '  slo:\n    - workload: "deployment/w\\u0000eb"\n' })), expect: /control character U\+0000 in a string/ },
  { name: 'raw control byte in the file', cls: 'api-reject', make: withManifest(deployment().replace('image: nginx', 'image: ngi\u0001nx')), file: 'app.yaml', expect: /control character U\+0001/ },
];

const exhaustion: HostileCase[] = [
  { name: 'alias bomb in the scenario', cls: 'exhaustion', make: withScenario(`${aliasBomb(9)}${scenario()}`), expect: /too many YAML aliases|alias/ },
  { name: 'alias bomb in a manifest', cls: 'exhaustion', make: withManifest(`${aliasBomb(9)}${deployment()}`), file: 'app.yaml', expect: /too many YAML aliases|alias/ },
  { name: 'alias to a missing anchor', cls: 'exhaustion', make: withManifest(deployment({ labels: '*nope' })), file: 'app.yaml', expect: /YAML error: Unresolved alias .*: nope/ },
  { name: 'deep flow nesting', cls: 'exhaustion', make: withManifest(`${deployment()}---\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`), file: 'app.yaml', expect: /nested more than 64 levels deep/ },
  { name: 'deep flow nesting in the scenario', cls: 'exhaustion', make: withScenario(`${scenario()}  slo: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`), expect: /nested more than 64 levels deep/ },
  { name: 'deep block nesting', cls: 'exhaustion', make: withManifest(`${deployment()}---\n${Array.from({ length: 200 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')}`), file: 'app.yaml', expect: /nested more than 64 levels deep/ },
  { name: 'too many documents', cls: 'exhaustion', make: withManifest(`${deployment()}${'---\n'.repeat(20_001)}`), file: 'app.yaml', expect: /more than 20000 YAML documents in one file/ },
  { name: 'file over the size limit', cls: 'exhaustion', make: withManifest(`${deployment()}# ${'x'.repeat(9 * 1024 * 1024)}\n`), expect: /app\.yaml: \d+ bytes is larger than the 8 MiB limit for one file/ },
  { name: 'too many items', cls: 'exhaustion', make: withManifest(`${deployment()}---\nlist: [${'1,'.repeat(200_000)}1]\n`), file: 'app.yaml', expect: /more than 200000 YAML items \(lines and list elements\)/ },
  { name: 'too many items over several files', cls: 'exhaustion', make: (d) => { withManifest(deployment())(d); for (let i = 0; i < 3; i++) writeFileSync(join(d, `m${i}.yaml`), `list: [${'1,'.repeat(80_000)}1]\n`); writeFileSync(join(d, 'scenario.yaml'), scenario({ manifests: ['app.yaml', 'm0.yaml', 'm1.yaml', 'm2.yaml'] })); return join(d, 'scenario.yaml'); }, file: 'm2.yaml', expect: /more than 200000 YAML items .* in this file and those read before it/ },
  { name: 'absurd racks', cls: 'exhaustion', make: withScenario(scenario({ topology: TOPOLOGY.replace('racks: 2', 'racks: 100000000') })), expect: /racks: 100000000 racks so far; a scenario has at most 10000 racks/ },
  { name: 'absurd nodes per rack', cls: 'exhaustion', make: withScenario(scenario({ topology: TOPOLOGY.replace('nodesPerRack: 2', 'nodesPerRack: 1e15') })), expect: /nodesPerRack: 2000000000000000 worker nodes so far; a scenario has at most 10000 worker nodes/ },
  { name: 'absurd control-plane count', cls: 'exhaustion', make: withScenario(scenario({ extra: '  controlPlane: { count: 1000000 }\n' })), expect: /controlPlane\.count: expected 1 to 7 control-plane hosts, got 1000000/ },
  { name: 'absurd replicas', cls: 'exhaustion', make: withManifest(deployment({ replicas: '2000000000' })), file: 'app.yaml', expect: /spec\.replicas: .*at most 300000 pods/ },
  { name: 'replicas over int32', cls: 'exhaustion', make: withManifest(deployment({ replicas: '1e300' })), file: 'app.yaml', expect: /spec\.replicas/ },
  { name: 'negative replicas', cls: 'exhaustion', make: withManifest(deployment({ replicas: '-3' })), file: 'app.yaml', expect: /spec\.replicas/ },
  { name: 'replicas summed over workloads', cls: 'exhaustion', make: withManifest(Array.from({ length: 4 }, (_, i) => deployment({ name: `w${i}`, replicas: '100000' })).join('---\n')), file: 'app.yaml', expect: /at most 300000 pods/ },
  { name: 'absurd job completions', cls: 'exhaustion', make: withManifest(`apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\nspec:\n  completions: 1000000000\n  parallelism: 1000000000\n  template:\n    spec: { restartPolicy: Never, containers: [{ name: c, image: x }] }\n`), file: 'app.yaml', expect: /at most 300000 pods/ },
  { name: 'microsecond MTBF', cls: 'exhaustion', make: withScenario(scenario({ extra: '  faults:\n    - random: { level: node, mtbf: 1us, mttr: 1us }\n' })), expect: /random: about \d+ node faults expected .*; a run has at most 1000000 faults/ },
  { name: 'microsecond every', cls: 'exhaustion', make: withScenario(scenario({ extra: '  faults:\n    - every: 1us\n      count: 100000000\n      node-crash: a-r1-n1\n' })), expect: /100000000 fault occurrences so far; a run has at most 1000000 faults/ },
  { name: 'absurd duration', cls: 'exhaustion', make: withScenario(scenario().replace('duration: 1h', 'duration: 100000000y')), expect: /spec\.duration: .*at most/ },
];

const special: HostileCase[] = [
  { name: 'scenario is a FIFO', cls: 'special-file', make: (d) => { mkfifo(join(d, 'scenario.yaml')); return join(d, 'scenario.yaml'); }, expect: /is a FIFO, expected a regular file/ },
  { name: 'manifest is a FIFO', cls: 'special-file', make: (d) => { withManifest('')(d); mkfifo(join(d, 'fifo.yaml')); writeFileSync(join(d, 'scenario.yaml'), scenario({ manifests: ['fifo.yaml'] })); return join(d, 'scenario.yaml'); }, expect: /fifo\.yaml: is a FIFO, expected a regular file/ },
  { name: 'manifest is a device', cls: 'special-file', make: (d) => { writeFileSync(join(d, 'scenario.yaml'), scenario({ manifests: ['/dev/zero'] })); return join(d, 'scenario.yaml'); }, expect: /\/dev\/zero: is a device, expected a regular file/ },
  { name: 'manifest is /dev/stdin-like', cls: 'special-file', make: (d) => { writeFileSync(join(d, 'scenario.yaml'), scenario({ manifests: ['/dev/null'] })); return join(d, 'scenario.yaml'); }, expect: /\/dev\/null: is a device/ },
  { name: 'scenario is a directory', cls: 'special-file', make: (d) => { mkdirSync(join(d, 'scenario.yaml')); return join(d, 'scenario.yaml'); }, expect: /is a directory/ },
  { name: 'FIFO inside a manifests folder', cls: 'special-file', make: (d) => { mkdirSync(join(d, 'm')); writeFileSync(join(d, 'm', 'a.yaml'), deployment()); mkfifo(join(d, 'm', 'b.yaml')); writeFileSync(join(d, 'scenario.yaml'), scenario({ manifests: ['m'] })); return join(d, 'scenario.yaml'); }, expect: /b\.yaml: is a FIFO/ },
];

const terminal: HostileCase[] = [
  { name: 'escape sequence in a fault target', cls: 'terminal', make: withScenario(scenario({ extra: '  faults:\n    - at: 1m\n      node-crash: "\\e[31mred"\n' })), expect: /control character U\+001B|\\x1b|\\u001b/ },
  { name: 'escape sequence in an unknown kind', cls: 'terminal', make: withManifest(`apiVersion: v1\nkind: "Foo\\e]0;title\\a"\nmetadata: { name: x }\n---\n${deployment()}`), file: 'app.yaml', expect: /control character/ },
  { name: 'escape sequence in a YAML key', cls: 'terminal', make: withScenario(scenario().replace('  duration: 1h', '  "dur\\e[2Jation": 1h')), expect: /control character|unknown field/ },
];

terminal.push({
  name: 'control characters in the file name given', cls: 'terminal',
  make: (d) => { writeFileSync(join(d, 'app.yaml'), deployment()); writeFileSync(join(d, 'sc\u001b[2J.yaml'), scenario({ name: 'Bad' })); return join(d, 'sc\u001b[2J.yaml'); },
  named: (d) => join(d, 'sc\\x1b[2J.yaml'),
  expect: /invalid scenario name "Bad"/,
});

/** Every case. */
export const CASES: HostileCase[] = [...api, ...exhaustion, ...special, ...terminal];
