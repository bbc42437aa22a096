/**
 * The batch worker pool (piscina): one worker thread per available core by default. Tasks are
 * `{ kind, scenarioPath, args }` (tasks.ts); each worker parses a scenario once and keeps it.
 *
 * The worker file is the sibling of this module: worker.js when running from dist/, worker.ts
 * when running from src/ under tsx or vitest, in which case the thread loads tsx itself.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { TaskMessage } from './tasks.js';

/** Options of a pool. */
export interface PoolOptions {
  /** Worker threads (default: one per available core). */
  workers?: number;
}

/** The default worker count: one per core the process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The worker module and the Node flags a thread needs to load it. */
function workerEntry(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  const fromSource = here.endsWith('.ts');
  const filename = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', here));
  // A .ts worker needs the tsx loader in its own thread; other parent flags (e.g. --inspect) stay out.
  return { filename, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

/** A pool of batch workers. Call `close()` when done, or the process keeps the threads alive. */
export class BatchPool {
  readonly workers: number;
  private readonly piscina: Piscina;

  constructor(opts: PoolOptions = {}) {
    this.workers = opts.workers ?? defaultWorkers();
    if (!Number.isInteger(this.workers) || this.workers < 1) throw new Error(`worker count must be a positive integer, got ${this.workers}`);
    const { filename, execArgv } = workerEntry();
    this.piscina = new Piscina({
      filename,
      execArgv,
      minThreads: this.workers,
      maxThreads: this.workers,
      // Keep a worker's parsed scenarios for the whole batch.
      idleTimeout: Number.POSITIVE_INFINITY,
      // Tasks wait in the pool's queue until a thread is free.
      maxQueue: Number.POSITIVE_INFINITY,
    });
  }

  /** Runs one task in some worker; resolves with the handler's result. */
  run<R, A = unknown>(kind: string, scenarioPath: string, args: A): Promise<R> {
    const msg: TaskMessage<A> = { kind, scenarioPath, args };
    return this.piscina.run(msg) as Promise<R>;
  }

  /** Stops the threads (waits for running tasks). */
  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}
