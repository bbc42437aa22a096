/**
 * Turns a zod validation failure into the one-line `InputError` users see: the position of the
 * offending node, the field path, and what was expected.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { didYouMean } from './suggest.js';
import { formatPath, pathPos, type PathSegment, type YamlFile } from './source.js';
import { isMap, isSeq, type Document } from 'yaml';

type Issue = z.core.$ZodIssue;

/**
 * Unknown fields get a "did you mean" from the fields the object accepts. Only the raw issue (in
 * zod's error hook) still holds the schema that raised it, so the hint travels in the message.
 */
const previous = z.config().customError;
z.config({
  customError: (iss) => {
    if (iss.code === 'unrecognized_keys') {
      const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      const hint = shape ? didYouMean(iss.keys[0], Object.keys(shape)) : '';
      if (hint) return hint.slice(2);
    }
    return previous?.(iss);
  },
});

/** Picks the most specific issue: for unions, the branch that got furthest. */
function deepest(issue: Issue): Issue {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    let best: Issue | undefined;
    let bestDepth = -1;
    for (const branch of issue.errors) {
      for (const sub of branch) {
        const d = deepest({ ...sub, path: [...issue.path, ...sub.path] } as Issue);
        if (d.path.length > bestDepth) {
          best = d;
          bestDepth = d.path.length;
        }
      }
    }
    // A union whose branches all failed at the top says only that none matched: keep the union's own message.
    if (best && bestDepth > issue.path.length) return best;
  }
  return issue;
}

function describe(issue: Issue, doc: Document.Parsed, path: PathSegment[]): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}${issue.message.startsWith('did you mean') ? `; ${issue.message}` : ''}`;
    case 'invalid_type': {
      if (!issue.message.startsWith('Invalid input')) return issue.message;
      const present = doc.hasIn(path);
      return `expected ${issue.expected}${present ? received(doc.getIn(path)) : ', but it is missing'}`;
    }
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

function received(input: unknown): string {
  if (input === null || input === undefined) return ', got null';
  if (Array.isArray(input)) return ', got a list';
  if (typeof input === 'object') return isSeq(input) ? ', got a list' : isMap(input) ? ', got a mapping' : `, got ${String(input)}`;
  return `, got ${typeof input === 'string' ? `"${input}"` : String(input)}`;
}

/** Converts the first issue of a zod error into an `InputError` positioned in `file`. */
export function zodToInputError(error: z.ZodError, file: YamlFile, doc: Document.Parsed, prefix: readonly PathSegment[] = []): InputError {
  const issue = deepest(error.issues[0] as Issue);
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const isKey = issue.code === 'unrecognized_keys';
  const keyPath = isKey ? [...path, issue.keys[0]] : path;
  const pos = pathPos(file, doc, keyPath, { key: isKey });
  const where = formatPath(path);
  const what = describe(issue, doc, path);
  return new InputError(where ? `${where}: ${what}` : what, pos);
}
