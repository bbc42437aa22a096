/** kube-scheduler: the leader-elected component, its framework and plugins. */
export { Scheduler, SCHEDULER_API_QPS, SCHEDULER_API_BURST } from './scheduler.js';
export type { SchedulerStats } from './process.js';
