/**
 * `kubeblast validate SCENARIO`: loads and checks the scenario and its manifests, then prints what
 * would be simulated. The text is built whole before anything is written, so a failure leaves
 * stdout empty.
 */
import type { Command } from 'commander';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { describeComponents, describeControlPlane, describeHeader, describeTopology } from '../describe/cluster.js';
import { describeFaults, describeSlos } from '../describe/faults.js';
import {
  describeCapacity, describeIgnored, describePdbs, describeServices, describeWarnings, describeWorkloads,
} from '../describe/workloads.js';
import type { CliIo } from '../program.js';

/** The full `validate` report of a loaded scenario. */
export function describeScenario(s: Scenario): string {
  const sections = [
    describeHeader(s), describeTopology(s), describeControlPlane(s), describeComponents(s),
    describeWorkloads(s), describePdbs(s), describeServices(s), describeIgnored(s),
    describeCapacity(s), describeFaults(s), describeSlos(s), describeWarnings(s),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Registers `validate`. */
export function validateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('parse and check a scenario and its manifests; print what will be simulated')
    .argument('<scenario>', 'scenario YAML file')
    .action((file: string) => {
      const scenario = loadScenario(file);
      io.out(describeScenario(scenario));
    });
}
