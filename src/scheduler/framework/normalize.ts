/**
 * helper.DefaultNormalizeScore (pkg/scheduler/framework/plugins/helper/normalize_score.go):
 * scales scores so the highest becomes `maxPriority`, optionally reversed; integer arithmetic.
 */

/** Normalizes `scores[0..count)` in place. */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, count: number): void {
  let maxCount = 0;
  for (let i = 0; i < count; i++) if (scores[i] > maxCount) maxCount = scores[i];
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < count; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < count; i++) {
    let s = Math.trunc((maxPriority * scores[i]) / maxCount);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
