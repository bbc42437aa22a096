/** Writes scenario text to a temporary file next to nothing else and loads it (test helper). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/errors.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { Scenario } from '../../src/scenario/types.js';

const SHOP = fileURLToPath(new URL('../fixtures/scenarios/good/manifests/shop.yaml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubeblast-scenario-'));
let n = 0;

/**
 * A scenario over 3 zones of region eu (2 racks × 3 nodes each) and 1 zone of region us (1 rack × 2
 * nodes): 20 worker nodes, then cp-1..cp-3 spread over eu-a, eu-b, eu-c. `extra` is appended
 * inside `spec` (indent it by two spaces), `topologyExtra` inside `spec.topology` (four spaces).
 */
export function scenarioText(extra = '', topologyExtra = ''): string {
  return `apiVersion: kubeblast.io/v1
kind: Scenario
metadata: { name: t }
spec:
  topology:
    regions:
      - name: eu
        zones:
          - { name: eu-a, racks: 2, nodesPerRack: 3, node: { cpu: "8", memory: 32Gi } }
          - { name: eu-b, racks: 2, nodesPerRack: 3, node: { cpu: "8", memory: 32Gi } }
          - { name: eu-c, racks: 2, nodesPerRack: 3, node: { cpu: "8", memory: 32Gi } }
      - name: us
        zones:
          - { name: us-a, racks: 1, nodesPerRack: 2, node: { cpu: "8", memory: 32Gi } }
${topologyExtra}
  manifests: ["${SHOP}"]
${extra}`;
}

/** Writes `text` to a fresh file and returns its path. */
export function writeScenario(text: string): string {
  const path = join(dir, `s${n++}.yaml`);
  writeFileSync(path, text);
  return path;
}

/** Loads `scenarioText(extra)`. */
export function load(extra = '', topologyExtra = ''): Scenario {
  return loadScenario(writeScenario(scenarioText(extra, topologyExtra)));
}

/** Loads `scenarioText(extra)` expecting an `InputError`; returns its one-line form without the position. */
export function loadError(extra: string): string {
  try {
    load(extra);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('expected an InputError');
}
