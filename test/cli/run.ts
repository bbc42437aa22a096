/**
 * Runs the real CLI in a child process (`node --import tsx src/cli/main.ts …`), as a user would,
 * and collects its exit status and output. Several runs go in parallel to keep suites short.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The repository root, the working directory of every run. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** What a CLI run produced. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kubeblast ARGS` from the repository root. */
export function runCli(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs every argument list, at most `parallel` at a time; results in input order. */
export async function runAll(argLists: string[][], parallel = Math.max(4, availableParallelism())): Promise<CliRun[]> {
  const results: CliRun[] = new Array(argLists.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < argLists.length) {
      const i = next++;
      results[i] = await runCli(argLists[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, argLists.length) }, worker));
  return results;
}
