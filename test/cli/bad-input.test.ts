/**
 * Bad input through the real CLI: each fixture under test/fixtures/scenarios/bad/ must exit 2 with
 * one message on stderr that names the file, the line marked `# ERROR` in it and the column, says
 * what was expected, prints nothing on stdout and no stack trace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAll, type CliRun } from './run.js';

const DIR = 'test/fixtures/scenarios/bad';

/** [fixture, file the message names (as the user sees it), what the message must say]. */
const CASES: Array<[string, string, RegExp]> = [
  ['yaml-syntax.yaml', `${DIR}/yaml-syntax.yaml`, /YAML syntax error: Nested mappings are not allowed/],
  ['not-a-mapping.yaml', `${DIR}/not-a-mapping.yaml`, /expected a Scenario mapping/],
  ['wrong-type.yaml', `${DIR}/wrong-type.yaml`, /zones\[0\]\.racks: expected a non-negative integer, got "three"/],
  ['unknown-field.yaml', `${DIR}/unknown-field.yaml`, /zones\[0\]: unknown field "nodesPerRak"/],
  ['negative-duration.yaml', `${DIR}/negative-duration.yaml`, /spec\.faults\[0\]\.for: expected a non-negative duration, got "-5m"/],
  ['bad-duration.yaml', `${DIR}/bad-duration.yaml`, /spec\.duration: expected a duration such as .*30s.*, got "3 hours"/],
  ['bad-node-cpu.yaml', `${DIR}/bad-node-cpu.yaml`, /node\.cpu: expected a Kubernetes quantity .*, got "lots"/],
  ['bad-manifest-quantity.yaml', 'manifests/bad-quantity.yaml', /requests\.cpu: expected a Kubernetes quantity/],
  ['manifest-not-a-mapping.yaml', 'manifests/not-a-mapping.yaml', /expected a Kubernetes object \(a mapping/],
  ['missing-manifest.yaml', `${DIR}/missing-manifest.yaml`, /manifests\/missing\.yaml: file not found/],
  ['unknown-fault-kind.yaml', `${DIR}/unknown-fault-kind.yaml`, /unknown fault kind "zone-outtage"; expected one of node-crash, .*zone-outage/],
  ['fault-two-kinds.yaml', `${DIR}/fault-two-kinds.yaml`, /two fault kinds, "node-crash" and "zone-outage"; expected one per entry/],
  ['fault-without-at.yaml', `${DIR}/fault-without-at.yaml`, /spec\.faults\[0\]: expected "at"/],
  ['count-without-every.yaml', `${DIR}/count-without-every.yaml`, /count requires every/],
  ['fault-unknown-node.yaml', `${DIR}/fault-unknown-node.yaml`, /no node, rack, zone or region named "a-r3-n1"; zones: a, b/],
  ['fault-unknown-zone.yaml', `${DIR}/fault-unknown-zone.yaml`, /no zone named "c"; zones: a, b/],
  ['fault-unknown-cp-host.yaml', `${DIR}/fault-unknown-cp-host.yaml`, /no control-plane host named "cp-4"; control-plane hosts: cp-1, cp-2, cp-3/],
  ['fault-unknown-workload.yaml', `${DIR}/fault-unknown-workload.yaml`, /no deployment "default\/shop"; workloads: deployment\/default\/web/],
  ['partition-overlap.yaml', `${DIR}/partition-overlap.yaml`, /"a\/r1" overlaps group 1 .*groups must be disjoint/],
  ['random-bad-sigma.yaml', `${DIR}/random-bad-sigma.yaml`, /random\.mttr\.sigma: expected sigma > 0, got -1/],
  ['slo-selector-nothing.yaml', `${DIR}/slo-selector-nothing.yaml`, /selector "app=checkout" matches no workload; pod-template labels: app=web/],
  ['slo-unknown-service.yaml', `${DIR}/slo-unknown-service.yaml`, /no Service "default\/checkout"; services: default\/web/],
  ['empty-topology.yaml', `${DIR}/empty-topology.yaml`, /no worker nodes; expected at least one zone/],
  ['duplicate-zone.yaml', `${DIR}/duplicate-zone.yaml`, /zones\[1\]\.name: duplicate name "a"/],
  ['control-plane-unknown-zone.yaml', `${DIR}/control-plane-unknown-zone.yaml`, /hosts\[2\]: no zone or rack named "c"; zones: a, b/],
  ['unsupported-version.yaml', `${DIR}/unsupported-version.yaml`, /unsupported Kubernetes version "1\.20"; expected 1\.25 to 1\.35/],
  ['version-as-number.yaml', `${DIR}/version-as-number.yaml`, /expected a version string such as "1\.33", got the number 1\.3\n {2}YAML reads an unquoted 1\.30 as the number 1\.3; quote the version: kubernetesVersion: "1\.33"/],
  ['etcd-election-timeout.yaml', `${DIR}/etcd-election-timeout.yaml`, /electionTimeout: expected electionTimeout \(300ms\) ≥ 5 × heartbeatInterval \(100ms\)/],
  ['lease-not-above-renew.yaml', `${DIR}/lease-not-above-renew.yaml`, /leaseDuration: expected leaseDuration \(10s\) > renewDeadline \(10s\)/],
  ['unknown-distribution.yaml', `${DIR}/unknown-distribution.yaml`, /imagePull\.dist: unknown distribution "gamma"; expected one of fixed, uniform/],
  ['lognormal-without-sigma.yaml', `${DIR}/lognormal-without-sigma.yaml`, /diskFsync: expected "sigma": lognormal takes median and sigma/],
];

/** The 1-based line that ends with `# ERROR` in the file the message should name. */
function markedLine(display: string): number {
  const path = display.startsWith('manifests/') ? join(ROOT, DIR, display) : join(ROOT, display);
  const lines = readFileSync(path, 'utf8').split('\n');
  const index = lines.findIndex((l) => /# ERROR$/.test(l));
  if (index < 0) throw new Error(`no "# ERROR" marker in ${display}`);
  return index + 1;
}

const NO_STACK = /\n\s+at /;

describe('kubeblast validate on bad input', () => {
  let runs: CliRun[];
  let missing: CliRun;
  beforeAll(async () => {
    const all = await runAll([...CASES.map(([f]) => ['validate', `${DIR}/${f}`]), ['validate', `${DIR}/does-not-exist.yaml`]]);
    missing = all.pop()!;
    runs = all;
  });

  it.each(CASES.map((c, i) => [...c, i] as const))('%s: exit 2, names %s at the marked line', (_fixture, file, expected, i) => {
    const r = runs[i];
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(NO_STACK);
    const m = /^kubeblast: (.+?):(\d+):(\d+): /.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(m![1]).toBe(file);
    expect(Number(m![2]), r.stderr).toBe(markedLine(file));
    expect(Number(m![3])).toBeGreaterThan(0);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/expected|unknown|no |not found|duplicate|unsupported|overlaps|requires|matches no|two fault kinds|syntax error/);
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('a missing scenario file: exit 2, names the file', () => {
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`kubeblast: ${DIR}/does-not-exist.yaml: file not found\n`);
  });
});

describe('kubeblast usage errors', () => {
  it('exit 2 with a one-line reason and no stack trace', async () => {
    const [noArg, unknownOption, unknownCommand] = await runAll([['validate'], ['validate', '--frob', 'x.yaml'], ['frobnicate']]);
    for (const [r, reason] of [[noArg, "missing required argument 'scenario'"], [unknownOption, "unknown option '--frob'"], [unknownCommand, "unknown command 'frobnicate'"]] as const) {
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`kubeblast: ${reason}`);
      expect(r.stderr).not.toMatch(NO_STACK);
    }
  });
});
