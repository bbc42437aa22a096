/**
 * "Did you mean" for names a user typed that do not exist: the closest known name by edit
 * distance (fastest-levenshtein), offered only when it is close enough to be a likely typo — at
 * most a third of the longer word's letters changed (at least one), compared case-insensitively.
 */
import { distance } from 'fastest-levenshtein';

/** The known name closest to `word`, if it is a likely typo of it; ties go to the first given. */
export function closestName(word: string, known: Iterable<string>): string | null {
  const w = word.toLowerCase();
  let best: string | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    if (k === word) continue;
    const d = distance(w, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (best === null) return null;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : null;
}

/** `; did you mean "X"?` to append to a not-found message, or an empty string. */
export function didYouMean(word: string, known: Iterable<string>): string {
  const hit = closestName(word, known);
  return hit === null ? '' : `; did you mean "${hit}"?`;
}
