/**
 * The informer cache sync of a new controller process (kube-controller-manager, kube-scheduler):
 * client-go tools/cache/reflector.go `ListAndWatch` — each informer LISTs its resource, then
 * watches — and the process starts its work once `WaitForCacheSync` (tools/cache/shared_informer.go,
 * polling every `syncedPollPeriod` = 100 ms) sees every informer synced. The informers list in
 * parallel, so the wait is the LIST of the objects, modelled as `INFORMER_LIST_PER_OBJECT_US` per
 * object listed, rounded up to the poll: at least 100 ms, about 1 s more per 50,000 objects.
 * ⚠ The per-object cost is inferred (apiserver watch-cache LIST and client decode), not measured.
 */
import { MS, type Time } from '../kernel/time.js';

/** WaitForCacheSync's poll period (shared_informer.go `syncedPollPeriod`). */
export const INFORMER_SYNC_POLL_US: Time = 100 * MS;
/** Time to list one object into an informer's cache (inferred; see the file comment). */
export const INFORMER_LIST_PER_OBJECT_US: Time = 20;

/** How long a new process waits for its informers to sync when `objects` objects are listed. */
export function informerSyncUs(objects: number): Time {
  return Math.max(1, Math.ceil((objects * INFORMER_LIST_PER_OBJECT_US) / INFORMER_SYNC_POLL_US)) * INFORMER_SYNC_POLL_US;
}
