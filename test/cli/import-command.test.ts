// `kubeblast import DUMP... --out DIR` as a user runs it: files written, summary printed, the result
// validates; bad input exits 2 with file:line:col and no stack trace (design.md §2).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAll } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'kb-import-cli-'));
const bad = join(dir, 'bad.yaml');
writeFileSync(bad, 'apiVersion: v1\nkind: List\nitems:\n  - kind: Node\n    metadata: { name: n }\n');
const out = join(dir, 'out');
const dumps = ['test/fixtures/import/nodes.yaml', 'test/fixtures/import/workloads.yaml'];

describe('kubeblast import', async () => {
  const [imported, badRun, cpRun] = await runAll([
    ['import', ...dumps, '--out', out, '--name', 'shop'],
    ['import', bad, '--out', join(dir, 'x')],
    ['import', ...dumps, '--out', join(dir, 'y'), '--control-plane', '9'],
  ]);
  const [validated] = await runAll([['validate', join(out, 'scenario.yaml')]]);

  it('writes the scenario and says what it kept, dropped and assumed', () => {
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/^topology: 9 worker nodes in 3 zones, 5 node pools; control plane: 3 hosts$/m);
    expect(imported.stdout).toMatch(/^dropped: 1 ReplicaSet, 1 Pod, 1 Job, 3 PersistentVolumeClaim, 1 PriorityClass$/m);
    expect(imported.stdout).toMatch(/^assumed: no control-plane node in the dump/m);
    expect(validated.status, validated.stderr).toBe(0);
    expect(validated.stdout).toMatch(/Workloads: 6 \(3 Deployments, 1 StatefulSet, 1 DaemonSet, 1 CronJob\)/);
  });

  it('refuses bad input with a position and no stack trace', () => {
    expect(badRun.status).toBe(2);
    expect(badRun.stderr).toMatch(/bad\.yaml:1:1: .*expected an object with apiVersion, kind and metadata\.name/);
    expect(badRun.stderr).not.toMatch(/\n\s+at /);
    expect(cpRun.status).toBe(2);
    expect(cpRun.stderr).toMatch(/--control-plane: expected 1 to 7 hosts, got "9"/);
  });
});
