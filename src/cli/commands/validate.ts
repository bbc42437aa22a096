/**
 * `kubeblast validate SCENARIO`: loads and checks the scenario and its manifests, then prints what
 * would be simulated. The text is built whole before anything is written, so a failure leaves
 * stdout empty.
 */
import type { Command } from 'commander';
import type { Time } from '../../kernel/time.js';
import { loadScenario } from '../../scenario/load.js';
import type { Scenario } from '../../scenario/types.js';
import { describeComponents, describeControlPlane, describeHeader, describeTopology } from '../describe/cluster.js';
import { describeFaults, describeSlos } from '../describe/faults.js';
import { describeObjects } from '../describe/objects.js';
import { describeWarnings } from '../describe/warnings.js';
import { describeCapacity, describeIgnored, describePdbs, describeServices, describeWorkloads } from '../describe/workloads.js';
import type { CliIo } from '../program.js';
import { parseUntil } from './run.js';

/** The full `validate` report of a loaded scenario, for a run that ends at `untilUs` (default: its duration). */
export function describeScenario(s: Scenario, untilUs?: Time): string {
  const sections = [
    describeHeader(s), describeTopology(s), describeControlPlane(s), describeComponents(s),
    describeWorkloads(s), describePdbs(s), describeServices(s), describeIgnored(s), describeObjects(s),
    describeCapacity(s), describeFaults(s), describeSlos(s), describeWarnings(s, untilUs),
  ];
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

/** Registers `validate`. */
export function validateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('parse and check a scenario and its manifests; print what will be simulated')
    .argument('<scenario>', 'scenario YAML file')
    .option('--until <duration>', 'check the faults against a run this long (as run --until does)')
    .action((file: string, opts: { until?: string }) => {
      const untilUs = opts.until === undefined ? undefined : parseUntil(opts.until);
      const scenario = loadScenario(file);
      io.out(describeScenario(scenario, untilUs));
    });
}
