/**
 * An operator's kubectl reaches the API through the load balancer and client-go retries a
 * request the API server could not commit (504 ServerTimeout, Retry-After 2 s, at most 10
 * retries: client-go rest/with_retry.go, apiserver storage/errors/storage.go). So a
 * `kubectl scale` sent while etcd elects a new leader (its leader's member crashed) commits once
 * a leader exists — it is not lost on the one API server that was asked first.
 */
import { describe, expect, it } from 'vitest';
import { SEC } from '../../src/kernel/time.js';
import { KUBECTL_MAX_RETRIES, SERVER_TIMEOUT_RETRY_AFTER_US } from '../../src/operations/client.js';
import { runE2E, scenarioWith } from '../e2e/helpers.js';

const SEEDS = [1, 2, 3, 4, 5, 6];
const CRASH_S = 300;
/** Half a second after the crash: followers wait at least one election timeout (1 s) before voting, so no leader exists yet. */
const SCALE_S = 300.5;
const WEB = 'deployment/default/web';

describe('an operator scale during an etcd election', () => {
  it.each(SEEDS)('commits after the new leader is elected, within kubectl\'s retries (seed %i)', (seed) => {
    const msg = `seed ${seed}`;
    const scenario = scenarioWith('etcd-quorum', {
      duration: '10m',
      faults: [
        { at: `${CRASH_S}s`, 'etcd-member-crash': 'etcd-leader', for: '3m' },
        { at: `${SCALE_S * 1000}ms`, scale: { workload: 'deployment/web', replicas: 5 } },
      ],
    });
    const r = runE2E(scenario, { seed });
    const elected = r.events.find((e) => e.reason === 'EtcdLeaderElected' && e.t > CRASH_S);
    expect(elected, `${msg}: a new etcd leader is elected`).toBeDefined();
    expect(elected!.t, `${msg}: the scale is sent while etcd has no leader`).toBeGreaterThan(SCALE_S);
    expect(r.events.filter((e) => e.reason === 'FaultActionFailed'), msg).toEqual([]);
    const scaled = r.events.find((e) => e.reason === 'ScalingReplicaSet' && e.object === WEB && e.t > CRASH_S);
    expect(scaled, `${msg}: the Deployment is scaled`).toBeDefined();
    expect(scaled!.t, `${msg}: the scale lands after the election`).toBeGreaterThan(elected!.t);
    // Within the retries: each attempt waits at most the request timeout, then Retry-After.
    const timeoutS = scenario.etcd.requestTimeoutUs / SEC;
    const boundS = (KUBECTL_MAX_RETRIES + 1) * timeoutS + KUBECTL_MAX_RETRIES * (SERVER_TIMEOUT_RETRY_AFTER_US / SEC);
    expect(scaled!.t - SCALE_S, msg).toBeLessThan(boundS);
    const rows = r.avail.rows(WEB);
    expect(rows[rows.length - 1].desired, `${msg}: desired replicas at the end`).toBe(5);
  });
});
