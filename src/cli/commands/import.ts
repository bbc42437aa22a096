/**
 * `kubeblast import DUMP... --out DIR`: writes `scenario.yaml` and `manifests.yaml` that reproduce
 * the dumped cluster (src/import/), then prints what was kept, dropped and assumed. Both files are
 * written as one set (outdir.ts).
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { importCluster } from '../../import/index.js';
import { writeOutputs } from '../outdir.js';
import type { CliIo } from '../program.js';

/** Registers `import`. */
export function importCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description('turn kubectl get … -o yaml dumps of a live cluster into a scenario and manifests')
    .argument('<dump...>', 'dump files (YAML or JSON, List form): kubectl get nodes, and kubectl get deploy,sts,ds,rc,job,cronjob,svc,pdb,pvc,limitrange,priorityclass -A')
    .requiredOption('--out <dir>', 'folder to write scenario.yaml and manifests.yaml into')
    .option('--name <name>', 'scenario name', 'imported')
    .option('--rack-label <label>', 'node label that names the rack (default: one rack per zone)')
    .option('--control-plane <count>', 'control-plane hosts when the dump has no control-plane node (managed clusters)', '3')
    .action((dumps: string[], opts: { out: string; name: string; rackLabel?: string; controlPlane: string }) => {
      const count = Number(opts.controlPlane);
      if (!Number.isInteger(count) || count < 1 || count > 7) throw new InputError(`--control-plane: expected 1 to 7 hosts, got ${JSON.stringify(opts.controlPlane)}`);
      const result = importCluster(dumps, { name: opts.name, controlPlaneCount: count, ...(opts.rackLabel ? { rackLabel: opts.rackLabel } : {}) });
      const dir = writeOutputs(opts.out, result.files);
      io.out(`${result.summary.join('\n')}\nwrote ${dir}/scenario.yaml and manifests.yaml; check them with: kubeblast validate ${dir}/scenario.yaml\n`);
    });
}
