/**
 * At most one acting controller-manager and one acting scheduler, beyond the overlap the Lease
 * allows. Reads the lease election's leadership spans (each process's time in state `leading`).
 *
 * The overlap a Lease allows (client-go tools/leaderelection/leaderelection.go): a leader that
 * cannot renew keeps acting until renewDeadline after its last successful renewal; a candidate
 * takes the lease only once leaseDuration has passed since it last saw the record change. So two
 * leaders overlap by at most renewDeadline − leaseDuration when that is positive (it is not with
 * the defaults, 10 s < 15 s), plus the time one in-flight request can take: we allow one
 * retryPeriod for that (inferred; client-go bounds each attempt by the context's deadline).
 */

/** One process's leadership, as `LeaseElection.history` records it. */
export interface SpanView {
  identity: string;
  startUs: number;
  endUs: number | null;
}

/** The overlap allowed between two leaders of one lease, in µs (see the file comment). */
export function allowedOverlapUs(cfg: { leaseDurationUs: number; renewDeadlineUs: number; retryPeriodUs: number }): number {
  return Math.max(0, cfg.renewDeadlineUs - cfg.leaseDurationUs) + cfg.retryPeriodUs;
}

/** Violations: pairs of leadership spans of `lease` that overlap by more than `allowUs` (spans still open end at `nowUs`). */
export function leaseOverlaps(lease: string, spans: readonly SpanView[], allowUs: number, nowUs: number): string[] {
  const sorted = [...spans].sort((a, b) => a.startUs - b.startUs);
  const out: string[] = [];
  // The span reaching furthest so far: any later start before its end overlaps it.
  let reach: SpanView | null = null;
  for (const s of sorted) {
    const end = (x: SpanView): number => x.endUs ?? nowUs;
    if (reach && s.startUs < end(reach)) {
      const overlap = Math.min(end(reach), end(s)) - s.startUs;
      if (overlap > allowUs) {
        out.push(`${lease}: ${reach.identity} and ${s.identity} both acting for ${overlap / 1e6}s from t=${s.startUs / 1e6}s (allowed ${allowUs / 1e6}s)`);
      }
    }
    if (!reach || end(s) > end(reach)) reach = s;
  }
  return out;
}
