/** kube-scheduler: the leader-elected component, its framework and plugins. */
export { Scheduler } from './scheduler.js';
export type { SchedulerStats } from './process.js';
