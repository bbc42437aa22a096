/**
 * Runs the CLI as a child process under a wall-time and memory watch: the child is killed after
 * `timeoutMs` (a hang fails the case instead of the suite), and its peak resident memory is read
 * from GNU time's `%M` when /usr/bin/time exists (NaN otherwise).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ROOT } from '../cli/run.js';

/** What a watched run produced. */
export interface WatchedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set in KiB, NaN when unknown. */
  maxRssKiB: number;
  timedOut: boolean;
}

const TIME = '/usr/bin/time';
const RSS_MARK = 'kubeblast-max-rss-kib:';

/** Runs `kubeblast ARGS` (from the repository root) with a time limit. */
export function runWatched(args: string[], timeoutMs: number): Promise<WatchedRun> {
  const node = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args];
  const useTime = existsSync(TIME);
  const cmd = useTime ? [TIME, '-f', `${RSS_MARK}%M`, ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, 'SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const at = stderr.lastIndexOf(RSS_MARK);
      const maxRssKiB = at >= 0 ? Number(stderr.slice(at + RSS_MARK.length).trim()) : Number.NaN;
      if (at >= 0) stderr = stderr.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, '');
      resolve({ status, stdout, stderr, maxRssKiB, timedOut });
    });
  });
}

/** Runs every argument list, at most `parallel` at a time; results in input order. */
export async function runAllWatched(argLists: string[][], timeoutMs: number, parallel = 3): Promise<WatchedRun[]> {
  const results: WatchedRun[] = new Array(argLists.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < argLists.length) {
      const i = next++;
      results[i] = await runWatched(argLists[i], timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, argLists.length) }, worker));
  return results;
}
