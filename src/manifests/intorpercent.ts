/**
 * IntOrString values that must be an integer or a percentage (maxSurge, maxUnavailable,
 * minAvailable), validated as `ValidatePositiveIntOrPercent` / `IsNotMoreThan100Percent`
 * (pkg/apis/apps/validation/validation.go) do.
 */
import type { PathSegment } from '../yaml/source.js';
import { fail, type ObjectCtx } from './context.js';
import type { IntOrPercent } from './types.js';

// ref: apimachinery pkg/util/validation IsValidPercent — digits then '%'.
const PERCENT = /^([0-9]+)%$/;

/** Reads an int or `"N%"`; negatives, other strings and (with `max100`) percentages above 100 are `InputError`s. */
export function intOrPercentAt(ctx: ObjectCtx, path: readonly PathSegment[], value: number | string, max100: boolean): IntOrPercent {
  if (typeof value === 'number') {
    if (value < 0) throw fail(ctx, path, `expected a non-negative integer or a percentage, got ${value}`);
    return { int: value };
  }
  const m = PERCENT.exec(value);
  if (!m) throw fail(ctx, path, `expected an integer or a percentage such as "25%", got "${value}"`);
  const percent = Number(m[1]);
  if (max100 && percent > 100) throw fail(ctx, path, `expected a percentage of at most 100%, got "${value}"`);
  return { percent };
}

/** True when the value is zero (0 or 0%). */
export function isZero(v: IntOrPercent): boolean {
  return 'int' in v ? v.int === 0 : v.percent === 0;
}
