/**
 * The registry of task kinds a batch worker can run. A kind is a handler of (scenario, args); a
 * module registers its kind with `registerTask` at import time, and the worker (worker.ts) imports
 * every such module, so adding a kind is one file plus one import line there.
 */
import type { Scenario } from '../scenario/types.js';

/** What a handler gets: the scenario (parsed once per worker) and the task's own arguments. */
export interface TaskInput<A> {
  scenario: Scenario;
  args: A;
}

/** A task handler; its result must survive structured cloning (plain data). */
export type TaskHandler<A = unknown, R = unknown> = (input: TaskInput<A>) => R;

/** A task as sent to a worker. */
export interface TaskMessage<A = unknown> {
  kind: string;
  /** Path of the scenario file (resolved by the worker against its working directory). */
  scenarioPath: string;
  args: A;
}

const handlers = new Map<string, TaskHandler>();

/** Registers a task kind; registering one kind twice is a programming error. */
export function registerTask<A, R>(kind: string, handler: TaskHandler<A, R>): void {
  if (handlers.has(kind)) throw new Error(`batch task kind "${kind}" registered twice`);
  handlers.set(kind, handler as TaskHandler);
}

/** The handler of a kind. */
export function taskHandler(kind: string): TaskHandler {
  const h = handlers.get(kind);
  if (!h) throw new Error(`no batch task kind "${kind}" (known: ${[...handlers.keys()].join(', ')})`);
  return h;
}
