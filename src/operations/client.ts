/**
 * What the operations share: a request from kubectl over `client-apiserver`, answered at commit
 * or with an error when it cannot commit. Reads (kubectl's GETs) are of the committed store,
 * instantaneous.
 *
 * An operator's kubectl runs outside the cluster (`OPERATOR`) and reaches the API servers
 * through their load balancer, which picks a backend per connection: the first API server
 * (host order) that can commit now, else the first whose host is up (a load balancer with no
 * healthy backend fails open, as cloud network load balancers do; inferred). A request the API
 * server cannot commit within the etcd request timeout is answered 504 ServerTimeout with
 * `Retry-After: 2` (staging/src/k8s.io/apiserver/pkg/storage/errors/storage.go
 * `InterpretCreateError`/`InterpretUpdateError`: unreachable storage; treating etcd's timeout
 * as unreachable is inferred), and client-go retries a 429 or 5xx that carries Retry-After,
 * after that wait, up to 10 times (staging/src/k8s.io/client-go/rest/with_retry.go
 * `IsNextRetry`/`checkWait`, request.go `NewRequest`: `maxRetries: 10`), each attempt through
 * the load balancer again. kubectl adds no retry of its own for these (kubectl/pkg/scale
 * `ScaleCondition` retries only conflicts).
 */
import { SEC, type Time } from '../kernel/time.js';
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';
import { PRIORITY } from '../world/priority.js';

/** The outcome of an operation, as kubectl would report it. */
export interface OpResult {
  ok: boolean;
  message: string;
}

/** The client "host" of an operator's kubectl: outside the cluster, through the API load balancer. */
export const OPERATOR: HostId = -1;

/** client-go's `maxRetries` for a request (rest/request.go `NewRequest`). */
export const KUBECTL_MAX_RETRIES = 10;

/** The Retry-After of a ServerTimeout for unreachable storage (storage/errors/storage.go). */
export const SERVER_TIMEOUT_RETRY_AFTER_US: Time = 2 * SEC;

/** The kind of an object key (`deployment/NS/NAME` → `deployment`). */
export function kindOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/** The name of an object key (`deployment/NS/NAME` → `NAME`). */
export function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * The host a request from `client` enters the API from: `client` itself, or for `OPERATOR` the
 * API server the load balancer picks now. The operator→load balancer hop is not modelled (a few
 * milliseconds against seconds of availability).
 */
export function entryHost(ctx: WorldContext, client: HostId): HostId {
  if (client !== OPERATOR) return client;
  const cps = ctx.topology.controlPlane;
  for (const h of cps) if (ctx.writePath.writable(h.id, 'client-apiserver')) return h.id;
  for (const h of cps) if (ctx.network.isUp(h.id)) return h.id;
  return cps.length > 0 ? cps[0].id : 0;
}

/**
 * Sends a request from `client`; `apply` runs at commit and returns the result. An attempt that
 * cannot commit within the request timeout is retried after the Retry-After, at most
 * `KUBECTL_MAX_RETRIES` times; then the request fails ("the server is currently unable to
 * handle the request").
 */
export function request(ctx: WorldContext, client: HostId, label: string, apply: () => OpResult, done?: (r: OpResult) => void, attempt = 0): void {
  ctx.writePath.submit(entryHost(ctx, client), 'client-apiserver', label, () => {
    const r = apply();
    done?.(r);
  }, (reason) => {
    if (attempt >= KUBECTL_MAX_RETRIES) {
      done?.({ ok: false, message: `${label}: ${reason}${attempt > 0 ? ` (after ${attempt + 1} attempts)` : ''}` });
      return;
    }
    ctx.sim.after(SERVER_TIMEOUT_RETRY_AFTER_US, `kubectl retries ${label}`, () => request(ctx, client, label, apply, done, attempt + 1), PRIORITY.fault);
  });
}
