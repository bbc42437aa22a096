/**
 * The batch worker thread (piscina): parses each scenario once (scenario-cache.ts) and runs a
 * task by its kind. Task kinds register themselves when their module is imported: add one import
 * line below per kind.
 */
import { cachedScenario, cachedCount } from './scenario-cache.js';
import { taskHandler, type TaskMessage } from './tasks.js';
import './figures-task.js';
import './blast-task.js';

/** Runs one task in this worker. A `__cached` task answers how many scenarios this thread holds (tests). */
export default function runTask(msg: TaskMessage): unknown {
  if (msg.kind === '__cached') return cachedCount();
  const scenario = cachedScenario(msg.scenarioPath);
  return taskHandler(msg.kind)({ scenario, args: msg.args });
}
