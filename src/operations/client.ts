/**
 * What the operations share: a request from a client host (kubectl) over `client-apiserver`,
 * answered at commit or with an error when it cannot commit. Reads (kubectl's GETs) are of the
 * committed store, instantaneous.
 */
import type { HostId } from '../topology/types.js';
import type { WorldContext } from '../world/context.js';

/** The outcome of an operation, as kubectl would report it. */
export interface OpResult {
  ok: boolean;
  message: string;
}

/** The kind of an object key (`deployment/NS/NAME` → `deployment`). */
export function kindOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

/** The name of an object key (`deployment/NS/NAME` → `NAME`). */
export function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * Sends a request from `client`; `apply` runs at commit and returns the result; a write that
 * cannot commit is an error ("the server is currently unable to handle the request").
 */
export function request(ctx: WorldContext, client: HostId, label: string, apply: () => OpResult, done?: (r: OpResult) => void): void {
  ctx.writePath.submit(client, 'client-apiserver', label, () => {
    const r = apply();
    done?.(r);
  }, (reason) => done?.({ ok: false, message: `${label}: ${reason}` }));
}
