/**
 * Client operations the fault injector runs, each as kubectl would do it from a client host over
 * `client-apiserver`: cordon, drain, rollout (set image), rollback (rollout undo), scale.
 */
export { cordon } from './cordon.js';
export { drain, Drain, drainable, EVICTION_RETRY_US, type DrainOptions, type DrainResult } from './drain.js';
export { history, RESTARTED_AT, rollback, rollout, withImage } from './rollout.js';
export { scale } from './scale.js';
export { deleteNode, OUT_OF_SERVICE_TAINT, taintOutOfService } from './node.js';
export { podKill, type KillSpec } from './podkill.js';
export type { OpResult } from './client.js';
